import { readFileSync } from "fs";
import { join } from "path";
import { AUTHZ_MARKER_SETTING, AUTHZ_SETTINGS } from "../../constructs/authz";

const PACKAGE = join(__dirname, "../../server/python/mlflow_entra_authz");

/** `NAME_VARIABLE = "VALUE"` constants of a Python file of the package. */
function variables(file: string): Record<string, string> {
  const source = readFileSync(join(PACKAGE, file), "utf8");
  return Object.fromEntries(
    [...source.matchAll(/^([A-Z_]+)_VARIABLE = "([A-Z_]+)"$/gm)].map((m) => [m[1], m[2]]),
  );
}

test("the stack names every environment variable the authorization module reads, as the module spells it", () => {
  const python = { ...variables("settings.py"), ...variables("auth_config.py") };
  expect(Object.keys(python).length).toBeGreaterThanOrEqual(8);
  expect(Object.values(AUTHZ_SETTINGS).sort()).toEqual(Object.values(python).sort());
});

test("the marker is the tenant id, without which the module refuses to start", () => {
  expect(AUTHZ_MARKER_SETTING).toBe(variables("settings.py").TENANT);
  expect(readFileSync(join(PACKAGE, "settings.py"), "utf8")).toMatch(
    /tenant_id = _guid\(\s*TENANT_VARIABLE,\s*value\(TENANT_VARIABLE\),/,
  );
});
