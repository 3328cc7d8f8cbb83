#!/usr/bin/env node
// The one version of a release: package.json's, and everything that must agree with it (the tag, the CHANGELOG, and
// the Python wheel and sdist jsii-pacmak builds from it). The release workflow runs it on the tag before it builds
// anything, with --python-dist after the build, and with --notes to cut the GitHub release text;
// test/tooling/release.test.ts runs it too. The auth plugin in clients/python is versioned on its own (CHANGELOG.md).
//   node scripts/release-version.mjs [--tag vX.Y.Z] [--python-dist dist/python] [--notes]
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** package.json's version. */
export function packageVersion(root = ROOT) {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
}

/**
 * The PEP 440 form of an npm version, as jsii-pacmak writes it into the Python package: 1.2.3 stays, 1.2.3-rc.1 is
 * 1.2.3rc1, -alpha.N aN, -beta.N bN, -dev.N .devN (PEP 440, "Pre-releases" and "Developmental releases").
 */
export function pep440(version) {
  const m = /^(\d+\.\d+\.\d+)(?:-(alpha|beta|rc|dev)\.(\d+))?$/.exec(version);
  if (!m) throw new Error(`version "${version}" is not X.Y.Z or X.Y.Z-(alpha|beta|rc|dev).N`);
  const [, release, tag, n] = m;
  if (!tag) return release;
  return `${release}${{ alpha: "a", beta: "b", rc: "rc", dev: ".dev" }[tag]}${n}`;
}

/** The body of CHANGELOG.md's `## [version]` section (Keep a Changelog), without its heading; undefined if absent. */
export function changelogSection(changelog, version) {
  const lines = changelog.split("\n");
  const heading = new RegExp(`^## \\[?${version.replace(/\./g, "\\.")}\\]?(\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return undefined;
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join("\n")
    .trim();
}

/** Every disagreement between the versions, as one line each (empty when the release is consistent). */
export function versionProblems({ root = ROOT, tag, pythonDist } = {}) {
  const version = packageVersion(root);
  const problems = [];
  try {
    pep440(version);
  } catch (error) {
    problems.push(`package.json: ${error.message}; use semver without build metadata.`);
  }
  if (tag !== undefined && tag !== `v${version}`) {
    problems.push(
      `tag "${tag}" does not match package.json's version ${version}: tag v${version}, or bump package.json.`,
    );
  }
  if (pythonDist !== undefined) problems.push(...pythonDistProblems(pythonDist, version));
  let changelog = "";
  try {
    changelog = readFileSync(join(root, "CHANGELOG.md"), "utf8");
  } catch {
    problems.push("CHANGELOG.md is missing.");
  }
  if (changelog && !changelogSection(changelog, version)) {
    problems.push(`CHANGELOG.md has no non-empty "## [${version}]" section: say what changed for users.`);
  }
  return problems;
}

/**
 * The wheel and sdist in `dir` carry the PEP 440 form of `version` in their file names (PEP 427 wheel names,
 * `{name}-{version}-...whl`; sdists `{name}-{version}.tar.gz`), and there is one of each.
 */
export function pythonDistProblems(dir, version) {
  const expected = safePep440(version);
  let files = [];
  try {
    files = readdirSync(dir);
  } catch {
    return [`${dir}: no Python distribution folder; run npm run package:python first.`];
  }
  const problems = [];
  const wheels = files.filter((file) => file.endsWith(".whl"));
  const sdists = files.filter((file) => file.endsWith(".tar.gz"));
  if (wheels.length !== 1 || sdists.length !== 1) {
    problems.push(`${dir}: expected one wheel and one sdist, found ${files.join(", ") || "nothing"}.`);
  }
  for (const file of [...wheels, ...sdists]) {
    const fileVersion = file.endsWith(".whl")
      ? file.split("-")[1]
      : file.slice(0, -".tar.gz".length).split("-").pop();
    if (fileVersion !== expected) {
      problems.push(
        `${dir}/${file}: version ${fileVersion}, but package.json's ${version} is ${expected} in Python.`,
      );
    }
  }
  return problems;
}

function safePep440(version) {
  try {
    return pep440(version);
  } catch {
    return version;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const tagIndex = args.indexOf("--tag");
  const tag = tagIndex >= 0 ? args[tagIndex + 1] : undefined;
  const distIndex = args.indexOf("--python-dist");
  const pythonDist = distIndex >= 0 ? args[distIndex + 1] : undefined;
  const problems = versionProblems({ tag, pythonDist });
  if (problems.length > 0) {
    console.error(problems.join("\n"));
    process.exit(1);
  }
  const version = packageVersion();
  if (args.includes("--notes")) {
    console.log(changelogSection(readFileSync(join(ROOT, "CHANGELOG.md"), "utf8"), version));
  } else {
    console.log(
      `${version} (Python ${pep440(version)}): package.json, pyproject.toml and CHANGELOG.md agree`,
    );
  }
}
