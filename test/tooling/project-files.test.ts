import { existsSync, readFileSync } from "fs";
import { join } from "path";

/** What a team looks for before adopting the project: licence, security policy, contributing guide, updates. */
const ROOT = join(__dirname, "..", "..");
const read = (path: string): string => readFileSync(join(ROOT, path), "utf8");
const readme = read("README.md");

describe("open-source project files", () => {
  test("LICENSE is the Apache License 2.0 text, as package.json and the Python plugin declare", () => {
    const license = read("LICENSE");
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");
    expect(license).toContain("END OF TERMS AND CONDITIONS");
    expect(JSON.parse(read("package.json")).license).toBe("Apache-2.0");
    expect(read("clients/python/pyproject.toml")).toMatch(/^license = \{ text = "Apache-2\.0" \}$/m);
  });

  test.each(["LICENSE", "SECURITY.md", "CONTRIBUTING.md", "CHANGELOG.md", "docs/releasing.md"])(
    "%s exists and the README links it",
    (path) => {
      expect(existsSync(join(ROOT, path))).toBe(true);
      expect(readme).toContain(`(${path})`);
    },
  );

  test("SECURITY.md says how to report privately, which versions get fixes, what is promised and what is not covered", () => {
    const security = read("SECURITY.md");
    expect(security).toMatch(/do not open a public issue/i);
    expect(security).toContain("Report a vulnerability");
    for (const heading of [
      "## Supported versions",
      "## What this project promises",
      "## What it does not cover",
    ]) {
      expect(security).toContain(heading);
    }
  });

  test("CONTRIBUTING.md covers the loop, snapshots, construct ids, citations, rules, environments and the public API", () => {
    const contributing = read("CONTRIBUTING.md");
    for (const needle of [
      "npm ci",
      "npm test",
      "npm run bench",
      "npx jest -u",
      "Construct ids are Terraform addresses",
      "cites its source at the pinned version",
      "## Adding a rule to the rule pack",
      "## Adding an environment",
      "## Adding a construct to the public API",
      "jsii",
      "## Dependency updates",
    ]) {
      expect(contributing).toContain(needle);
    }
  });
});

test("the README's project status names the versions package.json pins", () => {
  const pkg = JSON.parse(read("package.json")) as {
    version: string;
    devDependencies: Record<string, string>;
  };
  const status = readme
    .slice(readme.indexOf("**Project status:**"), readme.indexOf("## Quick start"))
    .replace(/\s+/g, " ");
  expect(status).toContain(`version ${pkg.version} `);
  expect(status).toContain(`cdktf ${pkg.devDependencies.cdktf} `);
  expect(status).toContain(
    `\`@cdktf/provider-azurerm\` ${pkg.devDependencies["@cdktf/provider-azurerm"]} (azurerm 4.55.0)`,
  );
  expect(status).toContain(`${pkg.devDependencies["@cdktf/provider-azuread"]} (azuread 3.7.0)`);
  expect(status).toContain("CDK Terrain");
});

describe("dependency updates (renovate.json, schema-checked in CI by renovate-config-validator)", () => {
  const config = JSON.parse(read("renovate.json")) as {
    enabledManagers: string[];
    rangeStrategy: string;
    packageRules: {
      matchManagers?: string[];
      matchPackageNames?: string[];
      matchDepNames?: string[];
      dependencyDashboardApproval?: boolean;
      groupName?: string;
      rangeStrategy?: string;
    }[];
    customManagers: { fileMatch: string[]; matchStrings: string[] }[];
  };

  test("covers npm, the Python plugin (PEP 621) and GitHub Actions, and keeps exact npm pins exact", () => {
    expect(config.enabledManagers).toEqual(expect.arrayContaining(["npm", "pep621", "github-actions"]));
    expect(config.rangeStrategy).toBe("pin");
    const dependencies = JSON.parse(read("package.json")) as Record<string, Record<string, string>>;
    for (const group of ["dependencies", "devDependencies"]) {
      for (const [name, version] of Object.entries(dependencies[group] ?? {})) {
        expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
      }
    }
  });

  test("groups cdktf and every provider package, and moves them only on a maintainer's approval", () => {
    const providers = config.packageRules.find((rule) => rule.groupName === "cdktf and providers");
    expect(providers?.dependencyDashboardApproval).toBe(true);
    const { devDependencies: dependencies } = JSON.parse(read("package.json")) as {
      devDependencies: Record<string, string>;
    };
    const matched = (name: string): boolean =>
      (providers?.matchPackageNames ?? []).some((pattern) =>
        pattern.startsWith("/") ? new RegExp(pattern.slice(1, -1)).test(name) : pattern === name,
      );
    for (const name of Object.keys(dependencies).filter((n) => n === "cdktf" || n.startsWith("@cdktf/"))) {
      expect(matched(name)).toBe(true);
    }
    expect(matched("cdktf-cli")).toBe(true);
  });

  test("an MLflow image bump waits for approval too (one-way migrations)", () => {
    const mlflow = config.packageRules.find((rule) => rule.matchDepNames?.includes("ghcr.io/mlflow/mlflow"));
    expect(mlflow?.dependencyDashboardApproval).toBe(true);
    // What Renovate's regex manager bumps: the default image's version.
    expect(read("constructs/mlflow-server.ts")).toMatch(/DEFAULT_MLFLOW_VERSION = "\d+\.\d+\.\d+"/);
    const manager = config.customManagers.find((m) => m.fileMatch.some((f) => f.includes("mlflow-server")));
    expect(manager?.matchStrings).toEqual(['DEFAULT_MLFLOW_VERSION = "(?<currentValue>\\d+\\.\\d+\\.\\d+)"']);
  });

  test(".ci/run validates the configuration and every workflow, and checks the offline synth", () => {
    const ci = read(".ci/run");
    expect(ci).toContain("npm run lint:renovate");
    expect(ci).toContain("npm run lint:workflows");
    // and that the Quick start's synth is quiet offline (the real cdktf CLI: too slow for npm test's budget)
    expect(ci).toContain("node scripts/check-offline-synth.mjs");
  });
});
