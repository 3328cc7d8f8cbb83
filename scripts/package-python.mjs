#!/usr/bin/env node
// `npm run package:python`: the Python package, offline. jsii-pacmak generates the Python sources (--code-only:
// without it pacmak pip-installs its build tools from PyPI), then Debian's python3-build makes a wheel and an sdist
// from them with the setuptools already installed, and twine checks both. Needs the jsii assembly: `npm run build`.
// Output: dist/python/dist/*.whl and *.tar.gz.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pythonDist = join(root, "dist", "python");

function run(program, args) {
  console.log(`--- ${program} ${args.join(" ")}`);
  const result = spawnSync(program, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`package:python: ${program} failed (${result.error?.message ?? `exit ${result.status}`}).`);
    process.exit(1);
  }
}

// python3-build, python3-wheel and twine are Debian packages: they live in /usr/bin/python3, which `python3` (e.g.
// a pyenv shim) may not be.
const hasBuild = (python) =>
  spawnSync(python, ["-c", "import build, wheel"], { stdio: "ignore" }).status === 0;
const python = hasBuild("python3") ? "python3" : "/usr/bin/python3";

rmSync(pythonDist, { recursive: true, force: true });
run(join(root, "node_modules", ".bin", "jsii-pacmak"), ["--targets", "python", "--code-only"]);
run(python, [
  "-m",
  "build",
  "--no-isolation",
  "--skip-dependency-check",
  "--outdir",
  join(pythonDist, "dist"),
  pythonDist,
]);
const built = readdirSync(join(pythonDist, "dist")).map((name) => join(pythonDist, "dist", name));
run("twine", ["check", "--strict", ...built]);

// The wheel carries the project's licence (package.json `license`, which jsii-pacmak writes into the metadata) and the
// LICENSE text, as the npm package does.
const { license } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const wheel = built.find((file) => file.endsWith(".whl"));
const metadata = execFileSync(
  python,
  [
    "-c",
    "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); " +
      "n = [x for x in z.namelist() if x.endswith('.dist-info/METADATA')][0]; " +
      "print(z.read(n).decode()); print('\\n'.join(z.namelist()))",
    wheel,
  ],
  { encoding: "utf8" },
);
if (!metadata.includes(`\nLicense: ${license}\n`) || !/\.dist-info\/(licenses\/)?LICENSE$/m.test(metadata)) {
  console.error(`package-python: ${wheel} does not declare License: ${license} with the LICENSE file`);
  process.exit(1);
}
console.log(`package-python: ${wheel.split("/").pop()} carries License: ${license} and the LICENSE text`);
