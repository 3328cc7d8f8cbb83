import { readFileSync } from "fs";
import { join } from "path";
import { ConfigError, MLFLOW_PERMISSIONS, resolveConfig } from "../../constructs/config";

const EASYAUTH = { authMode: "easyauth", location: "westeurope", addressSpace: "10.40.0.0/24" } as const;
const APP_PROXY = { ...EASYAUTH, authMode: "app-proxy" } as const;
const GROUP = "1a2b3c4d-1111-4222-8333-444455556666";
const OTHER_GROUP = "0a0b0c0d-1111-4222-8333-444455556666";

function problems(raw: unknown): string[] {
  try {
    resolveConfig("dev", raw);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("permissions: on by default where the front door vouches for the caller", () => {
  test("EasyAuth: on, READ for what nobody was granted, no admin groups", () => {
    expect(resolveConfig("dev", EASYAUTH).permissions).toEqual({
      enabled: true,
      defaultPermission: "READ",
      adminGroupObjectIds: [],
    });
  });

  test("App Proxy: off", () => {
    expect(resolveConfig("dev", APP_PROXY).permissions.enabled).toBe(false);
    expect(resolveConfig("dev", { ...APP_PROXY, permissions: { enabled: false } }).permissions.enabled).toBe(
      false,
    );
  });

  test("EasyAuth settings are kept as given", () => {
    const permissions = { defaultPermission: "NO_PERMISSIONS", adminGroupObjectIds: [GROUP, OTHER_GROUP] };
    expect(resolveConfig("dev", { ...EASYAUTH, permissions }).permissions).toEqual({
      enabled: true,
      ...permissions,
    });
    expect(resolveConfig("dev", { ...EASYAUTH, permissions: { enabled: false } }).permissions.enabled).toBe(
      false,
    );
  });
});

describe("permissions: bad settings get one line naming the field, the value and the fix", () => {
  test("enabled: true with App Proxy is refused, saying why and pointing at the manual path", () => {
    expect(problems({ ...APP_PROXY, permissions: { enabled: true, adminGroupObjectIds: [GROUP] } })).toEqual([
      expect.stringMatching(
        /^environments\.dev\.permissions\.enabled: got true; Application Proxy cannot hand MLflow the caller's verified identity: Microsoft Graph documents no way to configure what header-based single sign-on sends, and nothing documents that bearer-token calls receive those headers \(server\/python\/SOURCES\.md, section 3\); use authMode "easyauth", or .*docs\/permissions\.md \("Application Proxy mode"\)/,
      ),
    ]);
  });

  test.each([
    [
      "an unknown permission, with a did-you-mean hint",
      { ...EASYAUTH, permissions: { defaultPermission: "WRITE" } },
      /^environments\.dev\.permissions\.defaultPermission: got "WRITE"; expected one of "READ", "USE", "EDIT", "MANAGE", "NO_PERMISSIONS"/,
    ],
    [
      "a lowercase permission (MLflow compares names exactly)",
      { ...EASYAUTH, permissions: { defaultPermission: "read" } },
      /^environments\.dev\.permissions\.defaultPermission: got "read"; expected one of .*\(did you mean "READ"\?\)$/,
    ],
    [
      "a group name instead of its object id",
      { ...EASYAUTH, permissions: { adminGroupObjectIds: ["MLflow admins"] } },
      /^environments\.dev\.permissions\.adminGroupObjectIds\[0\]: got "MLflow admins"; expected a GUID, the group's object id: 'az ad group show --group "MLflow admins" --query id -o tsv' prints it$/,
    ],
    [
      "the same admin group twice, in another letter case (one assignment each)",
      { ...EASYAUTH, permissions: { adminGroupObjectIds: [GROUP, OTHER_GROUP, GROUP.toUpperCase()] } },
      /^environments\.dev\.permissions\.adminGroupObjectIds\[2\]: got "1A2B3C4D-.*"; listed twice; list each group once$/,
    ],
    [
      "admin groups while permissions are off",
      { ...EASYAUTH, permissions: { enabled: false, adminGroupObjectIds: [GROUP] } },
      /^environments\.dev\.permissions\.adminGroupObjectIds: got \[.*\]; remove it: permissions\.enabled is false, so it would have no effect/,
    ],
    [
      "a default permission in app-proxy mode (off there)",
      { ...APP_PROXY, permissions: { defaultPermission: "EDIT" } },
      /^environments\.dev\.permissions\.defaultPermission: got "EDIT"; remove it: permissions are off in app-proxy mode/,
    ],
    [
      "enabled that is not a boolean",
      { ...EASYAUTH, permissions: { enabled: "yes" } },
      /^environments\.dev\.permissions\.enabled: got "yes"; expected true or false$/,
    ],
    [
      "an unknown key",
      { ...EASYAUTH, permissions: { adminGroupObjectId: [GROUP] } },
      /^environments\.dev\.permissions\.adminGroupObjectId: unknown setting \(did you mean "adminGroupObjectIds"\?\)/,
    ],
  ])("%s", (_label, raw, message) => {
    const found = problems(raw);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });
});

test("the permission names are the ones the authorization module writes into MLflow's auth config", () => {
  // server/python/mlflow_entra_authz/auth_config.py refuses any other default permission at container start.
  const source = readFileSync(
    join(__dirname, "../../server/python/mlflow_entra_authz/auth_config.py"),
    "utf8",
  );
  const tuple = /^PERMISSIONS = \(([^)]*)\)$/m.exec(source);
  expect(tuple).not.toBeNull();
  expect([...tuple![1].matchAll(/"([A-Z_]+)"/g)].map((m) => m[1])).toEqual([...MLFLOW_PERMISSIONS]);
});
