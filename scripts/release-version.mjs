#!/usr/bin/env node
// The one version of a release: package.json's, and everything that must agree with it (the tag, the Python client
// plugin's pyproject.toml, the jsii Python package, the CHANGELOG). The release workflow runs it on the tag before it
// builds anything, and again with --notes to cut the GitHub release text; test/tooling/release.test.ts runs it too.
//   node scripts/release-version.mjs [--tag vX.Y.Z] [--notes]
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** package.json's version. */
export function packageVersion(root = ROOT) {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
}

/** `version = "..."` of the [project] table in a pyproject.toml. */
export function pyprojectVersion(text) {
  const project = text.split(/^\[/m).find((table) => table.startsWith("project]"));
  return project?.match(/^version\s*=\s*"([^"]+)"/m)?.[1];
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
export function versionProblems({ root = ROOT, tag } = {}) {
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
  const pluginVersion = pyprojectVersion(readFileSync(join(root, "clients/python/pyproject.toml"), "utf8"));
  if (pluginVersion !== safePep440(version)) {
    problems.push(
      `clients/python/pyproject.toml: version "${pluginVersion}" does not match package.json's ${version} (as PEP 440: ${safePep440(version)}).`,
    );
  }
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
  const problems = versionProblems({ tag });
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
