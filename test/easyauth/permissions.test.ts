import { stableUuid } from "../../constructs/naming";
import { AUTHZ_SETTINGS } from "../../constructs/authz";
import { START_SCRIPT_SETTING } from "../../constructs/easyauth";
import { addressOf, PROD_LIKE, refTo, resourceAt, resourcesOf, type TerraformJson } from "../support/json";
import { synthStack } from "../support/synth";
import { synthEasyAuth } from "./front-door-stack";

/* eslint-disable @typescript-eslint/no-explicit-any */
const GROUP = "1a2b3c4d-1111-4222-8333-444455556666";
const ADMIN_ROLE_ID = stableUuid("app-role/MLflow.Admin");

function mlflowApp(json: TerraformJson, path: string): any {
  return resourceAt(json, "azuread_application", path);
}
const adminRole = (app: any) => (app.app_role as any[]).find((role) => role.value === "MLflow.Admin");

describe("permissions reach the Entra app of the EasyAuth front door", () => {
  test("by default (permissions on) the app declares MLflow.Admin for people and applications, and asks for upn and idtyp", () => {
    const app = mlflowApp(synthEasyAuth().json, "easyauth/entra-app/application");
    expect(adminRole(app)).toEqual(
      expect.objectContaining({ id: ADMIN_ROLE_ID, allowed_member_types: ["User", "Application"] }),
    );
    expect(app.optional_claims).toEqual({
      id_token: [{ name: "upn" }],
      access_token: [{ name: "upn" }, { name: "idtyp" }],
    });
  });

  test("each configured admin group is assigned MLflow.Admin on MLflow's service principal", () => {
    const { json } = synthEasyAuth({ permissions: { adminGroupObjectIds: [GROUP] } });
    const assignment = resourceAt(json, "azuread_app_role_assignment", `admin-group-${GROUP}`);
    expect(assignment).toEqual({
      app_role_id: ADMIN_ROLE_ID,
      principal_object_id: GROUP,
      resource_object_id: expect.stringMatching(
        /^\$\{azuread_service_principal\.easyauth_entra-app_service-principal_[0-9A-F]{8}\.object_id\}$/,
      ),
    });
  });

  test("with permissions off, the app has no admin role, no assignment and no optional claim", () => {
    const { json } = synthEasyAuth({ permissions: { enabled: false } });
    const app = mlflowApp(json, "easyauth/entra-app/application");
    expect(adminRole(app)).toBeUndefined();
    expect(app.optional_claims).toBeUndefined();
    expect(
      Object.keys(resourcesOf(json, "azuread_app_role_assignment")).filter((p) => p.includes("admin")),
    ).toEqual([]);
  });

  test("an App Proxy environment (permissions refused there) declares no admin role and asks for no claim", () => {
    const { json } = synthStack(PROD_LIKE, "prod");
    const app = mlflowApp(json, "app-proxy/entra-app/application");
    expect(adminRole(app)).toBeUndefined();
    expect(app.optional_claims).toBeUndefined();
  });
});

describe("permissions reach MLflow in the EasyAuth web app", () => {
  const webAppOf = (json: TerraformJson) =>
    resourceAt(json, "azurerm_linux_web_app", "easyauth/web-app") as any;

  test("by default the web app runs MLflow's auth app with the Entra authorization function, for this app and tenant", () => {
    const { json } = synthEasyAuth({ permissions: { defaultPermission: "NO_PERMISSIONS" } });
    const webApp = webAppOf(json);
    const settings = webApp.app_settings as Record<string, string>;
    const clientId = refTo(json, "azuread_application", "easyauth/entra-app/application", "client_id");
    expect(settings).toMatchObject({
      [AUTHZ_SETTINGS.tenantId]: "${data.azurerm_client_config.azurerm-client.tenant_id}",
      [AUTHZ_SETTINGS.clientId]: clientId,
      [AUTHZ_SETTINGS.identifierUri]: `api://${clientId}`,
      [AUTHZ_SETTINGS.adminRole]: "MLflow.Admin",
      [AUTHZ_SETTINGS.defaultPermission]: "NO_PERMISSIONS",
      [AUTHZ_SETTINGS.databaseUri]: expect.stringMatching(
        /^postgresql\+psycopg2:\/\/id-mlflow-test@\$\{azurerm_postgresql_flexible_server\.[^}]+\.fqdn\}:5432\/mlflow_auth\?sslmode=require$/,
      ),
      MLFLOW_BASIC_AUTH_FAIL_CLOSED: "true",
    });
    expect(settings[START_SCRIPT_SETTING]).toContain(
      "exec mlflow server --backend-store-uri \"$backend_store_uri\" --app-name 'basic-auth' ",
    );
    // It starts only once the auth database it prepares exists.
    expect(webApp.depends_on).toContain(
      addressOf(json, "azurerm_postgresql_flexible_server_database", "backend-store/auth-database"),
    );
  });

  test("with permissions off, MLflow runs its default app: no authorization settings, no auth database", () => {
    const { json } = synthEasyAuth({ permissions: { enabled: false } });
    const webApp = webAppOf(json);
    expect(
      Object.keys(webApp.app_settings).filter((name) => /MLFLOW_ENTRA_AUTHZ|FAIL_CLOSED/.test(name)),
    ).toEqual([]);
    expect(webApp.app_settings[START_SCRIPT_SETTING]).not.toMatch(/basic-auth|mlflow_auth/);
    expect(webApp.depends_on.join(" ")).not.toContain("auth-database");
  });
});
