import { readdirSync, readFileSync, symlinkSync, writeFileSync } from "fs";
import { basename, join } from "path";
import { project, removeProjects, runApp } from "../support/app-project";

/**
 * scripts/synth.mjs, the cdktf.json app command, on small throw-away projects (no cdktf, so each run is quick).
 * That it synthesizes the real environments byte for byte is tested in test/stacks.test.ts.
 */
const root = join(__dirname, "..", "..");
const cache = join(root, "node_modules", ".cache", "mlflow-synth");
afterAll(removeProjects);

describe("a syntax error in environments.ts", () => {
  test("prints environments.ts:line:column and the message, with no stack trace, exits 1 and writes nothing", () => {
    const dir = project({ "main.ts": readFileSync(join(root, "main.ts"), "utf8") });
    symlinkSync(join(root, "constructs"), join(dir, "constructs"));
    const broken = readFileSync(join(root, "environments.ts"), "utf8").replace(
      'location: "westeurope",',
      'location: "westeurope"', // the comma that ends the first location is missing
    );
    writeFileSync(join(dir, "environments.ts"), broken);
    const line = broken.split("\n").findIndex((text) => text.includes('location: "westeurope"')) + 2;

    const { status, stdout, stderr } = runApp(join(dir, "main.ts"));
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`environments.ts:${line}:5: Expected "}" but found "addressSpace"\n`);
    expect(readdirSync(dir).sort()).toEqual(["constructs", "environments.ts", "main.ts"]);
  });
});

describe("the bundle", () => {
  const files = {
    "entry.ts":
      'import { text } from "./lib/reader";\nimport { value } from "./value";\nconsole.log(text + value);\n',
    "value.ts": "export const value: number = 1;\n",
    "lib/reader.ts":
      'import { readFileSync } from "fs";\nimport { join } from "path";\nexport const text = readFileSync(join(__dirname, "data.txt"), "utf8");\n',
    "lib/data.txt": "read next to its module:",
  };

  test("a module's __dirname is its own folder (files read at run time are found); an edit makes a new bundle", () => {
    const dir = project(files);
    expect(runApp(join(dir, "entry.ts"))).toMatchObject({ status: 0, stdout: "read next to its module:1\n" });
    writeFileSync(join(dir, "value.ts"), "export const value: number = 2;\n"); // the same size: content counts
    expect(runApp(join(dir, "entry.ts"))).toMatchObject({ status: 0, stdout: "read next to its module:2\n" });
  });

  test("an error thrown at run time points at the TypeScript file and line, not at the bundle", () => {
    const dir = project({
      "entry.ts":
        'const label: string = "boom";\nexport function fail(): never {\n  throw new Error(label);\n}\nfail();\n',
    });
    const { status, stderr } = runApp(join(dir, "entry.ts"));
    expect(status).toBe(1);
    expect(stderr).toMatch(/^Error: boom\n/);
    expect(stderr).toContain(`${join(dir, "entry.ts")}:3:9`);
    expect(stderr).not.toMatch(new RegExp(`${basename(cache)}.*\\.cjs`));
  });
});
