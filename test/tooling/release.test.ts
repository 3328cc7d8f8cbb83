import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
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
  versionProblems(options?: { root?: string; tag?: string; pythonDist?: string }): string[];
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
    expect(build).toContain("npm run package:python"); // jsii-pacmak, python3 -m build, twine check --strict
    expect(build).toContain("--python-dist dist/python/dist");
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

  /** A release folder with package.json's version, a CHANGELOG and (optionally) Python packages. */
  function fixture(version: string, changelogHeading: string, pythonFiles: string[] = []): string {
    const root = mkdtempSync(join(tmpdir(), "release-"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ version }));
    writeFileSync(join(root, "CHANGELOG.md"), `# Changelog\n\n${changelogHeading}\n\n- something changed\n`);
    mkdirSync(join(root, "dist", "python"), { recursive: true });
    for (const file of pythonFiles) writeFileSync(join(root, "dist", "python", file), "");
    return root;
  }

  test("a consistent release passes: tag, package.json, CHANGELOG section and the jsii Python packages", () => {
    const root = fixture("1.2.3-rc.1", "## [1.2.3-rc.1] - 2026-12-06", [
      "mlflow_azure_entra-1.2.3rc1-py3-none-any.whl",
      "mlflow_azure_entra-1.2.3rc1.tar.gz",
    ]);
    expect(
      release.versionProblems({ root, tag: "v1.2.3-rc.1", pythonDist: join(root, "dist", "python") }),
    ).toEqual([]);
  });

  test("each disagreement is refused with the fix: the tag, an unreleased CHANGELOG, a Python package of another version", () => {
    const root = fixture("1.2.3", "## [Unreleased]", [
      "mlflow_azure_entra-1.2.2-py3-none-any.whl",
      "mlflow_azure_entra-1.2.3.tar.gz",
    ]);
    const problems = release.versionProblems({
      root,
      tag: "v1.2.4",
      pythonDist: join(root, "dist", "python"),
    });
    expect(problems).toEqual([
      'tag "v1.2.4" does not match package.json\'s version 1.2.3: tag v1.2.3, or bump package.json.',
      expect.stringMatching(
        /mlflow_azure_entra-1\.2\.2-py3-none-any\.whl: version 1\.2\.2, but package\.json's 1\.2\.3 is 1\.2\.3 in Python\.$/,
      ),
      'CHANGELOG.md has no non-empty "## [1.2.3]" section: say what changed for users.',
    ]);
  });

  test("this repository's package.json version is semver the Python packages can carry, with a CHANGELOG entry", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(() => release.pep440(version)).not.toThrow();
    expect(readFileSync(join(ROOT, "CHANGELOG.md"), "utf8")).toMatch(
      new RegExp(`^## \\[(Unreleased — )?${version.replace(/\./g, "\\.")}\\]`, "m"),
    );
  });
});
