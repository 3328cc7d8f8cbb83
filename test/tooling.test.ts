import { execFileSync } from "child_process";
import { existsSync } from "fs";
import { join } from "path";

const root = join(__dirname, "..");

/**
 * Lints snippets as if each were a file in constructs/, all in one ESLint process (starting ESLint with
 * typescript-eslint costs half a second), and returns each snippet's findings.
 */
function lint<K extends string>(
  sources: Record<K, string>,
): Record<K, { ruleId: string; message: string }[]> {
  const script = `
    const { ESLint } = require("eslint");
    const sources = JSON.parse(require("fs").readFileSync(0, "utf8"));
    (async () => {
      const eslint = new ESLint();
      const findings = {};
      for (const [name, text] of Object.entries(sources)) {
        findings[name] = (await eslint.lintText(text, { filePath: "constructs/snippet.ts" }))[0].messages;
      }
      process.stdout.write(JSON.stringify(findings));
    })();`;
  return JSON.parse(
    execFileSync(process.execPath, ["-e", script], {
      cwd: root,
      input: JSON.stringify(sources),
      encoding: "utf8",
    }),
  );
}

const findings = lint({
  providerRoot: 'import { LinuxWebApp } from "@cdktf/provider-azurerm";\nexport const x = LinuxWebApp;\n',
  deepImport:
    'import { LinuxWebApp } from "@cdktf/provider-azurerm/lib/linux-web-app";\nexport const x = LinuxWebApp;\n',
});

describe("fast-loop guard rails", () => {
  test("importing a provider package's root is a lint error (it loads ~1,500 modules)", () => {
    expect(findings.providerRoot).toContainEqual(
      expect.objectContaining({
        ruleId: "no-restricted-imports",
        message: expect.stringContaining('"@cdktf/provider-azurerm/lib/<resource>"'),
      }),
    );
  });

  test("a deep provider import passes lint", () => {
    expect(findings.deepImport).toEqual([]);
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
