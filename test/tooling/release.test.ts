import { readFileSync } from "fs";
import { join } from "path";

/** .github/workflows/release.yml's guarantees that the schema check (npm run lint:workflows) cannot see. */
const ROOT = join(__dirname, "..", "..");
const workflow = readFileSync(join(ROOT, ".github", "workflows", "release.yml"), "utf8");
const job = (name: string): string => {
  const start = workflow.indexOf(`\n  ${name}:\n`);
  const next = workflow.slice(start + 1).search(/\n {2}[a-z-]+:\n/);
  return next < 0 ? workflow.slice(start) : workflow.slice(start, start + 1 + next);
};

interface ReleaseVersion {
  pep440(version: string): string;
  changelogSection(changelog: string, version: string): string | undefined;
  pyprojectVersion(text: string): string | undefined;
  versionProblems(options?: { root?: string; tag?: string }): string[];
}
let release: ReleaseVersion;
beforeAll(async () => {
  release = (await import(join(ROOT, "scripts", "release-version.mjs"))) as ReleaseVersion;
});

describe("release workflow", () => {
  test("runs on a version tag only, and checks the tag against package.json before building anything", () => {
    expect(workflow).toMatch(/on:\n\s+push:\n\s+tags: \["v\*\.\*\.\*"\]\n\npermissions:/);
    const build = job("build");
    expect(build.indexOf('node scripts/release-version.mjs --tag "$GITHUB_REF_NAME"')).toBeLessThan(
      build.indexOf("bash .ci/run"),
    );
  });

  test("builds what it publishes after the full CI script: npm tarball and Python wheel and sdist from the jsii output", () => {
    const build = job("build");
    expect(build.indexOf("bash .ci/run")).toBeLessThan(build.indexOf("npm run build"));
    expect(build).toContain("npm pack --pack-destination dist/js");
    expect(build).toContain("npm run package:python");
    expect(build).toContain("twine check dist/python/*");
  });

  test("publishes with trusted publishing only: id-token in the two publish jobs, behind their environments, no token secret", () => {
    expect(workflow).toMatch(/^permissions:\n {2}contents: read\n/m);
    expect(workflow.match(/id-token: write/g)).toHaveLength(2);
    expect(job("publish-npm")).toMatch(
      /environment: npm\n\s+permissions:\n\s+contents: read\n\s+id-token: write/,
    );
    expect(job("publish-npm")).toContain("npm publish dist/js/*.tgz --provenance --access public");
    expect(job("publish-pypi")).toMatch(
      /environment: pypi\n\s+permissions:\n\s+contents: read\n\s+id-token: write/,
    );
    expect(job("publish-pypi")).toContain("uses: pypa/gh-action-pypi-publish@release/v1");
    expect(workflow).not.toMatch(/secrets\.|NPM_TOKEN|NODE_AUTH_TOKEN|PYPI_API_TOKEN|password:/);
  });

  test("attaches the version's CHANGELOG section to the GitHub release, after both registries have the packages", () => {
    expect(job("build")).toContain("--notes > dist/release-notes.md");
    const githubRelease = job("github-release");
    expect(githubRelease).toContain("needs: [publish-npm, publish-pypi]");
    expect(githubRelease).toContain("--notes-file dist/release-notes.md --verify-tag");
  });
});

describe("release versions (scripts/release-version.mjs)", () => {
  test("npm versions become the PEP 440 versions jsii-pacmak writes", () => {
    expect(release.pep440("0.3.0")).toBe("0.3.0");
    expect(release.pep440("1.2.3-rc.2")).toBe("1.2.3rc2");
    expect(release.pep440("1.2.3-alpha.1")).toBe("1.2.3a1");
    expect(release.pep440("1.2.3-beta.4")).toBe("1.2.3b4");
    expect(release.pep440("1.2.3-dev.5")).toBe("1.2.3.dev5");
    expect(() => release.pep440("1.2")).toThrow(/not X\.Y\.Z/);
  });

  test("the release notes are exactly the version's CHANGELOG section", () => {
    const changelog = "# Changelog\n\n## [0.3.0] - 2026-12-06\n\n### Changed\n- a\n\n## [0.2.0]\n\n- b\n";
    expect(release.changelogSection(changelog, "0.3.0")).toBe("### Changed\n- a");
    expect(release.changelogSection(changelog, "0.2.0")).toBe("- b");
    expect(release.changelogSection(changelog, "0.3")).toBeUndefined();
  });

  test("reads the [project] version of a pyproject.toml, not another table's", () => {
    const text = '[build-system]\nversion = "9"\n\n[project]\nname = "x"\nversion = "0.3.0"\n';
    expect(release.pyprojectVersion(text)).toBe("0.3.0");
  });

  test("a tag that is not v<package.json version> is refused with the fix", () => {
    expect(release.versionProblems({ tag: "v9.9.9" }).join("\n")).toMatch(
      /tag "v9\.9\.9" does not match package\.json's version .*: tag v.*, or bump package\.json\./,
    );
  });
});
