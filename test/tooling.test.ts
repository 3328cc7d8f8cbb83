import { execFileSync } from "child_process";
import { join } from "path";

const root = join(__dirname, "..");

/** Lints one snippet as if it were a file in constructs/, and returns ESLint's JSON findings. */
function lint(source: string): { ruleId: string; message: string }[] {
  const eslint = join(root, "node_modules", "eslint", "bin", "eslint.js");
  let output: string;
  try {
    output = execFileSync(
      process.execPath,
      [eslint, "--format", "json", "--stdin", "--stdin-filename", "constructs/snippet.ts"],
      { cwd: root, input: source, encoding: "utf8" },
    );
  } catch (error) {
    output = (error as { stdout: string }).stdout; // ESLint exits 1 when it finds errors
  }
  return JSON.parse(output)[0].messages;
}

describe("fast-loop guard rails", () => {
  test("importing a provider package's root is a lint error (it loads ~1,500 modules)", () => {
    const findings = lint(
      'import { LinuxWebApp } from "@cdktf/provider-azurerm";\nexport const x = LinuxWebApp;\n',
    );
    expect(findings).toContainEqual(
      expect.objectContaining({
        ruleId: "no-restricted-imports",
        message: expect.stringContaining('"@cdktf/provider-azurerm/lib/<resource>"'),
      }),
    );
  });

  test("a deep provider import passes lint", () => {
    expect(
      lint(
        'import { LinuxWebApp } from "@cdktf/provider-azurerm/lib/linux-web-app";\nexport const x = LinuxWebApp;\n',
      ),
    ).toEqual([]);
  });

  test("synth runs main.ts from an esbuild bundle, without a type-check pass (type-checking is `npm run typecheck`)", () => {
    const cdktf = require(join(root, "cdktf.json"));
    expect(cdktf.app).toBe("node scripts/synth.mjs");
    expect(require(join(root, "package.json")).scripts.typecheck).toBe("tsc --noEmit");
  });
});
