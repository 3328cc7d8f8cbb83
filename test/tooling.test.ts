import { existsSync, readFileSync } from "fs";
import { join } from "path";

const root = join(__dirname, "..");

describe("fast-loop guard rails", () => {
  // ESLint itself proves the rule works in .ci/run (scripts/check-lint-rules.mjs: starting it costs most of a second).
  test("importing a provider package's root is a lint error (it loads ~1,500 modules); CI proves it with ESLint", () => {
    const config = readFileSync(join(root, "eslint.config.mjs"), "utf8");
    for (const name of ["@cdktf/provider-azurerm", "@cdktf/provider-azuread", "@cdktf/provider-random"]) {
      expect(config).toContain(`"${name}"`);
    }
    expect(config).toMatch(/"no-restricted-imports": \[\s*"error",\s*\{\s*paths: providerRoots\.map/);
    expect(readFileSync(join(root, ".ci", "run"), "utf8")).toContain("node scripts/check-lint-rules.mjs");
  });

  test("synth runs main.ts from an esbuild bundle, without a type-check pass (type-checking is `npm run typecheck`)", () => {
    const cdktf = require(join(root, "cdktf.json"));
    expect(cdktf.app).toBe("node scripts/synth.mjs");
    expect(require(join(root, "package.json")).scripts.typecheck).toBe("tsc --noEmit");
  });
});

describe("npm scripts", () => {
  const scripts: Record<string, string> = require(join(root, "package.json")).scripts;

  test.each(Object.entries(scripts))(
    "`npm run %s` starts a program this repository installs",
    (_, command) => {
      const program = command.replace(/^rc=0; for f in [^;]+; do /, "").split(/\s+/)[0];
      const installed = existsSync(join(root, "node_modules", ".bin", program));
      // npx may fetch a CI-only tool, and then names its exact version (e.g. lint:renovate).
      const pinnedFetch = program === "npx" && /^npx --yes -p (@?[\w./-]+)@\d+\.\d+\.\d+ /.test(command);
      expect({ program, found: program === "node" || installed || pinnedFetch }).toEqual({
        program,
        found: true,
      });
      for (const file of command.match(/\bscripts\/[\w./-]+\.(?:mjs|ts)\b/g) ?? []) {
        expect({ file, exists: existsSync(join(root, file)) }).toEqual({ file, exists: true });
      }
    },
  );
});
