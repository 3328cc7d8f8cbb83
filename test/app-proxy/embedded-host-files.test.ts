import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { hostFile } from "../../constructs/app-proxy/host-files";
import { EMBEDDED_HOST_FILES } from "../../constructs/app-proxy/scripts/embedded";

const folder = join(__dirname, "../../constructs/app-proxy/scripts");
const onDisk = readdirSync(folder).filter((name) => !name.endsWith(".ts"));
const FIX =
  "run `npm run embed` (scripts/embed-host-files.mjs) and commit constructs/app-proxy/scripts/embedded.ts";

/**
 * The hosts' scripts and unit files reach the VMs through constants generated at build time (so the compiled
 * package and a bundled consumer need no files of ours at run time). These tests keep the constants equal to the
 * files people edit, review and lint.
 */
describe("embedded host files", () => {
  test("every file of constructs/app-proxy/scripts is embedded, and nothing else", () => {
    expect({ embedded: Object.keys(EMBEDDED_HOST_FILES).sort(), fix: FIX }).toEqual({
      embedded: [...onDisk].sort(),
      fix: FIX,
    });
  });

  test.each(onDisk)("%s is embedded byte for byte", (name) => {
    const stale = EMBEDDED_HOST_FILES[name] !== readFileSync(join(folder, name), "utf8");
    expect(stale ? `${name} changed since it was embedded: ${FIX}` : "in sync").toBe("in sync");
  });

  test("hostFile returns the embedded text, and names the fix for a file that is not embedded", () => {
    expect(hostFile("mlflow.service")).toBe(readFileSync(join(folder, "mlflow.service"), "utf8"));
    expect(() => hostFile("missing.sh")).toThrow(/missing\.sh is not embedded;.*npm run embed/);
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
    walk(join(__dirname, "../../constructs"));
    expect(offenders).toEqual([]);
  });
});
