import { stableUuid } from "../../constructs/naming";
import { PROD_LIKE, resourceAt, resourcesOf, type TerraformJson } from "../support/json";
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
