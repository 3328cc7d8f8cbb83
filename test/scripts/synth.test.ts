import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { basename, join } from "path";

/**
 * scripts/synth.mjs, the cdktf.json app command, on small throw-away projects (no cdktf, so each run is quick).
 * That it synthesizes the real environments byte for byte is tested in test/stacks.test.ts.
 */
const root = join(__dirname, "..", "..");
const cache = join(root, "node_modules", ".cache", "mlflow-synth");

/** Runs the app command on `entry` from the entry's directory. */
function synth(entry: string) {
  const run = spawnSync(process.execPath, [join(root, "scripts", "synth.mjs"), entry], {
    cwd: join(entry, ".."),
    env: { ...process.env, CDKTF_OUTDIR: join(entry, "..", "cdktf.out") },
    encoding: "utf8",
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A temporary project with the given files; its cached bundles are removed after the test. */
const projects: string[] = [];
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mlflow-app-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  projects.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
  // Bundles of these projects' entries are named after the entry file (`entry-<hash of its path>-...`).
  for (const file of readdirSync(cache))
    if (file.startsWith("entry-")) rmSync(join(cache, file), { force: true });
});

describe("a syntax error in environments.ts", () => {
  test("prints environments.ts:line:column and the message, with no stack trace, exits 1 and writes nothing", () => {
    const dir = project({ "main.ts": readFileSync(join(root, "main.ts"), "utf8") });
    symlinkSync(join(root, "constructs"), join(dir, "constructs"));
    const broken = readFileSync(join(root, "environments.ts"), "utf8").replace(
      'location: "westeurope",',
      'location: "westeurope"', // the comma that ends the first location is missing
    );
    writeFileSync(join(dir, "environments.ts"), broken);
    const line = broken.split("\n").findIndex((text) => text.includes('location: "westeurope"')) + 2;

    const { status, stdout, stderr } = synth(join(dir, "main.ts"));
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`environments.ts:${line}:5: Expected "}" but found "addressSpace"\n`);
    expect(readdirSync(dir).sort()).toEqual(["constructs", "environments.ts", "main.ts"]);
  });
});

describe("the bundle", () => {
  const files = {
    "entry.ts":
      'import { text } from "./lib/reader";\nimport { value } from "./value";\nconsole.log(text + value);\n',
    "value.ts": "export const value: number = 1;\n",
    "lib/reader.ts":
      'import { readFileSync } from "fs";\nimport { join } from "path";\nexport const text = readFileSync(join(__dirname, "data.txt"), "utf8");\n',
    "lib/data.txt": "read next to its module:",
  };

  test("a module's __dirname is its own folder (files read at run time are found); an edit makes a new bundle", () => {
    const dir = project(files);
    expect(synth(join(dir, "entry.ts"))).toMatchObject({ status: 0, stdout: "read next to its module:1\n" });
    writeFileSync(join(dir, "value.ts"), "export const value: number = 2;\n"); // the same size: content counts
    expect(synth(join(dir, "entry.ts"))).toMatchObject({ status: 0, stdout: "read next to its module:2\n" });
  });

  test("an error thrown at run time points at the TypeScript file and line, not at the bundle", () => {
    const dir = project({
      "entry.ts":
        'const label: string = "boom";\nexport function fail(): never {\n  throw new Error(label);\n}\nfail();\n',
    });
    const { status, stderr } = synth(join(dir, "entry.ts"));
    expect(status).toBe(1);
    expect(stderr).toMatch(/^Error: boom\n/);
    expect(stderr).toContain(`${join(dir, "entry.ts")}:3:9`);
    expect(stderr).not.toMatch(new RegExp(`${basename(cache)}.*\\.cjs`));
  });
});
