import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { hostFile } from "../constructs/app-proxy/host-files";
import { EMBEDDED_HOST_FILES as APP_PROXY_FILES } from "../constructs/app-proxy/scripts/embedded";
import { entraPythonFiles } from "../constructs/postgres-entra-auth";
import { EMBEDDED_HOST_FILES as ENTRA_POSTGRES_FILES } from "../constructs/postgres-entra-auth/python/embedded";

const ROOT = join(__dirname, "..");
const FIX = "run `npm run embed` (scripts/embed-host-files.mjs) and commit the folder's embedded.ts";
/** Each folder whose files the hosts run, and the constants generated from it. */
const FOLDERS: [string, { readonly [name: string]: string }][] = [
  ["constructs/app-proxy/scripts", APP_PROXY_FILES],
  ["constructs/postgres-entra-auth/python", ENTRA_POSTGRES_FILES],
];
const onDisk = (folder: string): string[] =>
  readdirSync(join(ROOT, folder), { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith(".ts"))
    .map((entry) => entry.name)
    .sort();

/**
 * The hosts' scripts, unit files and Python helpers reach the hosts through constants generated at build time (so
 * the compiled package and a bundled consumer need no files of ours at run time). These tests keep the constants
 * equal to the files people edit, review and lint.
 */
describe.each(FOLDERS)("embedded files of %s", (folder, embedded) => {
  test("every file of the folder is embedded, and nothing else", () => {
    expect({ embedded: Object.keys(embedded).sort(), fix: FIX }).toEqual({
      embedded: onDisk(folder),
      fix: FIX,
    });
  });

  test.each(onDisk(folder))("%s is embedded byte for byte", (name) => {
    const stale = embedded[name] !== readFileSync(join(ROOT, folder, name), "utf8");
    expect(stale ? `${name} changed since it was embedded: ${FIX}` : "in sync").toBe("in sync");
  });
});

test("hostFile and entraPythonFiles return the embedded text; hostFile names the fix for a file not embedded", () => {
  const scripts = join(ROOT, "constructs/app-proxy/scripts");
  expect(hostFile("mlflow.service")).toBe(readFileSync(join(scripts, "mlflow.service"), "utf8"));
  expect(() => hostFile("missing.sh")).toThrow(/missing\.sh is not embedded;.*npm run embed/);
  for (const { name, text } of entraPythonFiles()) {
    expect(text).toBe(readFileSync(join(ROOT, "constructs/postgres-entra-auth/python", name), "utf8"));
  }
});

test("no construct reads a file at run time", () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        entry.name.endsWith(".ts") &&
        /\breadFileSync\b|from "(node:)?fs"/.test(readFileSync(path, "utf8"))
      )
        offenders.push(path);
    }
  };
  walk(join(ROOT, "constructs"));
  expect(offenders).toEqual([]);
});
