#!/usr/bin/env node
// The fast-loop guard rail in eslint.config.mjs works: importing a prebuilt provider package's root (~1,500 modules,
// seconds) is a lint error, and a deep import of one resource module passes. Run by .ci/run, not by `npm test`:
// starting ESLint with typescript-eslint costs most of a second of `npm test`'s budget (npm run bench).
import { ESLint } from "eslint";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const eslint = new ESLint({ cwd: root });
const lint = async (text) =>
  (await eslint.lintText(text, { filePath: resolve(root, "constructs/snippet.ts") }))[0].messages;

const providerRoot = await lint(
  'import { LinuxWebApp } from "@cdktf/provider-azurerm";\nexport const x = LinuxWebApp;\n',
);
const deepImport = await lint(
  'import { LinuxWebApp } from "@cdktf/provider-azurerm/lib/linux-web-app";\nexport const x = LinuxWebApp;\n',
);
const problems = [];
if (
  !providerRoot.some(
    (m) =>
      m.ruleId === "no-restricted-imports" && m.message.includes('"@cdktf/provider-azurerm/lib/<resource>"'),
  )
) {
  problems.push(`a provider package's root import passed lint: ${JSON.stringify(providerRoot)}`);
}
if (deepImport.length > 0) problems.push(`a deep provider import failed lint: ${JSON.stringify(deepImport)}`);
if (problems.length > 0) {
  console.error(`check-lint-rules: ${problems.join("\n")}`);
  process.exit(1);
}
console.log("check-lint-rules: a provider package's root import is refused, a deep import passes");
