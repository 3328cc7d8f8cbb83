import { transformSync } from "esbuild";
import { readFileSync } from "fs";
import { join } from "path";
import { checkEnvironments } from "../constructs/config";

/**
 * The README is what a newcomer tries first, on a fresh clone: what it shows must work as printed. These tests read
 * README.md itself, so an edit that breaks an example fails here, not on someone's first run.
 */
const root = join(__dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

/** The text of every fenced code block of `language` in the README, in order. */
function codeBlocks(language: string): string[] {
  return [...readme.matchAll(/^ *```(\w*)\n([\s\S]*?)^ *```$/gm)]
    .filter((match) => match[1] === language)
    .map((match) => match[2]);
}

/** Runs a TypeScript example (types stripped by esbuild, as the app is built) and returns its `environments`. */
function environmentsOf(example: string): Record<string, unknown> {
  const { code } = transformSync(example, { loader: "ts", format: "cjs" });
  const module = { exports: {} as { environments?: Record<string, unknown> } };
  new Function("module", "exports", code)(module, module.exports);
  if (!module.exports.environments) throw new Error(`no environments in:\n${example}`);
  return module.exports.environments;
}

describe("the README's example environments", () => {
  const examples = codeBlocks("ts").filter((block) => /export const environments\b/.test(block));

  test("there is one, and it shows both modes", () => {
    expect(examples).toHaveLength(1);
    const modes = Object.values(environmentsOf(examples[0])).map(
      (config) => (config as { authMode: unknown }).authMode,
    );
    expect(new Set(modes)).toEqual(new Set(["easyauth", "app-proxy"]));
  });

  test.each(examples.map((example, index) => [index + 1, example]))(
    "example %i passes the same checks as environments.ts at synth (constructs/config: checkEnvironments)",
    (_, example) => {
      expect(checkEnvironments(environmentsOf(example))).toEqual([]);
    },
  );

  test("its placeholder, uncommented as is, is one line at synth that says how to get the group's object id", () => {
    const uncommented = examples[0].replace(/\/\/ (signInGroupObjectIds: )/, "$1");
    expect(uncommented).not.toBe(examples[0]);
    const messages = checkEnvironments(environmentsOf(uncommented));
    expect(messages).toHaveLength(1);
    expect(messages[0].split("\n").slice(1)).toEqual([
      `  - environments.stage.signInGroupObjectIds[0]: got "<object id>"; expected a GUID, the group's object id: ` +
        `'az ad group show --group "<group name>" --query id -o tsv' prints it`,
    ]);
  });
});

/** The packages of each `apt-get install` command in `text` (flags and redirections dropped). */
function aptInstalls(text: string): string[][] {
  return [...text.matchAll(/apt-get install\b([^\n`]*)/g)].map((match) =>
    match[1]
      .replace(/\s*>.*$/, "")
      .split(/\s+/)
      .filter((word) => word !== "" && !word.startsWith("-")),
  );
}

describe("apt lines name every package .ci/run installs for the tests", () => {
  const ci = aptInstalls(readFileSync(join(root, ".ci", "run"), "utf8"));
  const quickStart = readme.slice(
    readme.indexOf("## Quick start"),
    readme.indexOf("\n## ", readme.indexOf("## Quick start")),
  );
  const workflow = readFileSync(join(root, ".github", "workflows", "deploy.yml"), "utf8");

  test(".ci/run installs the tests' tools with its first apt-get line, pytest and requests (the plugin's suite) included", () => {
    expect(ci.length).toBeGreaterThanOrEqual(1);
    expect(ci[0]).toEqual(expect.arrayContaining(["python3-pytest", "python3-requests"]));
  });

  test("the README's Quick start installs every package the tests need", () => {
    const lines = aptInstalls(quickStart);
    expect(lines).toHaveLength(1);
    expect(ci[0].filter((name) => !lines[0].includes(name))).toEqual([]);
  });

  test("the deploy workflow installs every package .ci/run does (its runner cannot run .ci/run's apt-get as root)", () => {
    const lines = aptInstalls(workflow);
    expect(lines).toHaveLength(1);
    expect(ci.flat().filter((name) => !lines[0].includes(name))).toEqual([]);
  });
});
