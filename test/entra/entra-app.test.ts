import { Testing } from "cdktf";
import { readFileSync } from "fs";
import { join } from "path";
import {
  addNativeClient,
  ADMIN_APP_ROLE,
  APP_PROXY_SERVICE_PRINCIPAL_TAGS,
  APP_PROXY_SIGN_IN_SCOPES,
  AZURE_CLI_CLIENT_ID,
  EASYAUTH_SIGN_IN_SCOPES,
  MICROSOFT_GRAPH_CLIENT_ID,
  MlflowEntraApp,
  MlflowEntraAppProps,
  MSAL_SIGN_IN_SCOPES,
  ON_PREMISES_APPLICATION_TEMPLATE_ID,
} from "../../constructs/entra";
import { stableUuid } from "../../constructs/naming";
import { pathOf } from "../support/json";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Synth = Record<string, any>;

const GROUP_A = "11111111-2222-3333-4444-555555555555";
const GROUP_B = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

function synth(props: Partial<MlflowEntraAppProps> = {}): Synth {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new MlflowEntraApp(scope, "entra", {
        displayName: "MLflow (test)",
        signInGroupObjectIds: [],
        ...props,
      });
    }),
  );
}

function only(json: Synth, type: string): any {
  const resources = Object.values(json.resource?.[type] ?? {});
  expect(resources).toHaveLength(1);
  return resources[0];
}

describe("MlflowEntraApp", () => {
  const json = synth();
  const app = only(json, "azuread_application");

  test("the app registration is single-tenant", () => {
    expect(app.sign_in_audience).toBe("AzureADMyOrg");
  });

  test("the app asks Entra for v2 access tokens", () => {
    expect(app.api.requested_access_token_version).toBe(2);
  });

  test("the app exposes an enabled delegated user_impersonation scope with a stable id", () => {
    expect(app.api.oauth2_permission_scope).toEqual([
      expect.objectContaining({
        value: "user_impersonation",
        type: "User",
        enabled: true,
        id: stableUuid("oauth2-permission-scope/user_impersonation"),
      }),
    ]);
  });

  test("by default the app has a User role only: no app-only access unless the front door accepts it", () => {
    expect((app.app_role as any[]).map((role) => role.value)).toEqual(["User"]);
  });

  test("with applicationRole, the app has a User role for people and an Application role for applications, with stable ids", () => {
    const roles = only(synth({ applicationRole: true }), "azuread_application").app_role as any[];
    expect(roles).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          value: "User",
          allowed_member_types: ["User"],
          enabled: true,
          id: stableUuid("app-role/User"),
        }),
        expect.objectContaining({
          value: "Application",
          allowed_member_types: ["Application"],
          enabled: true,
          id: stableUuid("app-role/Application"),
        }),
      ]),
    );
    expect(roles).toHaveLength(2);
  });

  test("scope and role ids are the same on every synth", () => {
    expect(only(synth(), "azuread_application").api.oauth2_permission_scope[0].id).toBe(
      app.api.oauth2_permission_scope[0].id,
    );
  });

  test("the identifier URI defaults to api://<client-id>, set by its own resource", () => {
    const uri = only(json, "azuread_application_identifier_uri");
    expect(uri.identifier_uri).toMatch(/^api:\/\/\$\{azuread_application\.[^.]+\.client_id\}$/);
    expect(uri.application_id).toMatch(/^\$\{azuread_application\.[^.]+\.id\}$/);
  });

  test("the application leaves identifier_uris to the identifier-URI resource (no fight between the two)", () => {
    expect(app.identifier_uris).toBeUndefined();
    expect(app.lifecycle.ignore_changes).toEqual(["identifier_uris"]);
  });

  test("a given identifier URI (App Proxy's external host) replaces the default, and its .default scope follows it", () => {
    const json = synth({ identifierUri: "https://mlflow-prod-contoso.msappproxy.net" });
    expect(only(json, "azuread_application_identifier_uri").identifier_uri).toBe(
      "https://mlflow-prod-contoso.msappproxy.net",
    );
  });

  test("an identifier URI ending with a slash is refused at synth (Graph: IdentifierUrisEndsWithSlash)", () => {
    expect(() => synth({ identifierUri: "https://mlflow-prod-contoso.msappproxy.net/" })).toThrow(
      /identifierUri: "https:\/\/mlflow-prod-contoso\.msappproxy\.net\/" ends with "\/"; Graph refuses it \(IdentifierUrisEndsWithSlash\)/,
    );
  });

  test("the token scope is <identifier URI>/.default", () => {
    let scope = "";
    Testing.synthScope((stack) => {
      scope = new MlflowEntraApp(stack, "entra", {
        displayName: "MLflow (test)",
        signInGroupObjectIds: [],
        identifierUri: "https://mlflow.contoso.com",
      }).defaultScope;
    });
    expect(scope).toBe("https://mlflow.contoso.com/.default");
  });

  test("the Azure CLI is pre-authorized on the user_impersonation scope", () => {
    const preAuthorized = only(json, "azuread_application_pre_authorized");
    expect(preAuthorized.authorized_client_id).toBe(AZURE_CLI_CLIENT_ID);
    expect(AZURE_CLI_CLIENT_ID).toBe("04b07795-8ddb-461a-bbee-02f9e1bf7b46");
    expect(preAuthorized.permission_ids).toEqual([app.api.oauth2_permission_scope[0].id]);
    expect(preAuthorized.application_id).toMatch(/^\$\{azuread_application\.[^.]+\.id\}$/);
  });

  test("ID-token issuance is off unless asked for, and access tokens never come from the implicit flow", () => {
    expect(app.web.implicit_grant).toEqual({
      id_token_issuance_enabled: false,
      access_token_issuance_enabled: false,
    });
    const browser = only(synth({ idTokenIssuanceEnabled: true }), "azuread_application");
    expect(browser.web.implicit_grant).toEqual({
      id_token_issuance_enabled: true,
      access_token_issuance_enabled: false,
    });
  });

  test("redirect URIs and home page come from props", () => {
    const withWeb = only(
      synth({
        redirectUris: ["https://app.example.net/.auth/login/aad/callback"],
        homepageUrl: "https://app.example.net/",
      }),
      "azuread_application",
    );
    expect(withWeb.web.redirect_uris).toEqual(["https://app.example.net/.auth/login/aad/callback"]);
    expect(withWeb.web.homepage_url).toBe("https://app.example.net/");
  });

  test("the service principal requires assignment", () => {
    const sp = only(json, "azuread_service_principal");
    expect(sp.app_role_assignment_required).toBe(true);
    expect(sp.client_id).toMatch(/^\$\{azuread_application\.[^.]+\.client_id\}$/);
    expect(sp.use_existing).toBeUndefined();
  });

  test("no group is assigned by default", () => {
    expect(json.resource.azuread_app_role_assignment).toBeUndefined();
  });

  test("each configured sign-in group gets the User role on the service principal", () => {
    const assignments = Object.values(
      synth({ signInGroupObjectIds: [GROUP_A, GROUP_B] }).resource.azuread_app_role_assignment,
    ) as any[];
    expect(assignments.map((a) => a.principal_object_id).sort()).toEqual([GROUP_A, GROUP_B]);
    for (const a of assignments) {
      expect(a.app_role_id).toBe(stableUuid("app-role/User"));
      expect(a.resource_object_id).toMatch(/^\$\{azuread_service_principal\.[^.]+\.object_id\}$/);
    }
  });

  test("a sign-in group that is not an object id is refused with a message naming the field", () => {
    expect(() => synth({ signInGroupObjectIds: ["mlflow-users"] })).toThrow(
      /signInGroupObjectIds: "mlflow-users"/,
    );
  });

  test("owners apply to both the app registration and the service principal", () => {
    const withOwners = synth({ owners: [GROUP_A] });
    expect(only(withOwners, "azuread_application").owners).toEqual([GROUP_A]);
    expect(only(withOwners, "azuread_service_principal").owners).toEqual([GROUP_A]);
  });

  test("a templated app (App Proxy) is instantiated from the template and its service principal adopted with the tags given", () => {
    const templated = synth({
      templateId: ON_PREMISES_APPLICATION_TEMPLATE_ID,
      servicePrincipalTags: APP_PROXY_SERVICE_PRINCIPAL_TAGS,
    });
    expect(only(templated, "azuread_application").template_id).toBe("8adf8e6e-67b2-4cf2-a259-e3dc5476c621");
    const sp = only(templated, "azuread_service_principal");
    expect(sp.use_existing).toBe(true);
    expect(sp.feature_tags).toBeUndefined();
    expect(sp.tags).toEqual([
      "WindowsAzureActiveDirectoryIntegratedApp",
      "WindowsAzureActiveDirectoryOnPremApp",
    ]);
    expect(sp.app_role_assignment_required).toBe(true);
  });

  test("no Graph scope is declared or granted unless asked for", () => {
    expect(app.required_resource_access).toBeUndefined();
    expect(json.resource.azuread_service_principal_delegated_permission_grant).toBeUndefined();
    expect(json.data).toBeUndefined();
  });
});

describe("MlflowEntraApp: sign-in consent (graphSignInScopes)", () => {
  const json = synth({ graphSignInScopes: EASYAUTH_SIGN_IN_SCOPES });
  const app = only(json, "azuread_application");
  const [graphName, graph] = Object.entries(json.data.azuread_service_principal)[0] as [string, any];
  const graphRef = `data.azuread_service_principal.${graphName}`;

  test("Microsoft Graph's service principal is found by its well-known client id", () => {
    expect(graph).toEqual({ client_id: "00000003-0000-0000-c000-000000000000" });
    expect(MICROSOFT_GRAPH_CLIENT_ID).toBe("00000003-0000-0000-c000-000000000000");
  });

  test("the app declares openid, profile and email as delegated Graph permissions, ids read from Graph's own scope map", () => {
    expect(EASYAUTH_SIGN_IN_SCOPES).toEqual(["openid", "profile", "email"]);
    expect(app.required_resource_access).toEqual([
      {
        resource_app_id: "00000003-0000-0000-c000-000000000000",
        resource_access: ["openid", "profile", "email"].map((scope) => ({
          id: `\${${graphRef}.oauth2_permission_scope_ids["${scope}"]}`,
          type: "Scope",
        })),
      },
    ]);
  });

  test("the same scopes are granted tenant-wide (admin consent for all users) to the app's service principal", () => {
    const grant = only(json, "azuread_service_principal_delegated_permission_grant");
    expect(grant).toEqual({
      service_principal_object_id: expect.stringMatching(
        /^\$\{azuread_service_principal\.[^.]+\.object_id\}$/,
      ),
      resource_service_principal_object_id: `\${${graphRef}.object_id}`,
      claim_values: ["openid", "profile", "email"],
    });
    expect(grant).not.toHaveProperty("user_object_id");
  });
});

describe("MlflowEntraApp: sign-in consent when another service owns the API permissions", () => {
  const json = synth({
    graphSignInScopes: APP_PROXY_SIGN_IN_SCOPES,
    externallyManagedAttributes: ["required_resource_access"],
  });

  test("the scopes are granted tenant-wide but not declared: Terraform does not write what it must leave alone", () => {
    const app = only(json, "azuread_application");
    expect(app.required_resource_access).toBeUndefined();
    expect(app.lifecycle.ignore_changes).toEqual(["identifier_uris", "required_resource_access"]);
    expect(only(json, "azuread_service_principal_delegated_permission_grant").claim_values).toEqual([
      "openid",
      "User.Read",
    ]);
  });
});

describe("addNativeClient", () => {
  function synthNativeClient(shareGraph: boolean): Synth {
    return JSON.parse(
      Testing.synthScope((scope) => {
        const mlflowApp = new MlflowEntraApp(scope, "entra", {
          displayName: "MLflow (test)",
          signInGroupObjectIds: [],
          graphSignInScopes: APP_PROXY_SIGN_IN_SCOPES,
        });
        addNativeClient(scope, "native-client", {
          displayName: "MLflow (test) client",
          mlflowApp,
          signInGroupObjectIds: [],
          owners: [],
          microsoftGraph: shareGraph ? mlflowApp.microsoftGraph : undefined,
        });
      }),
    );
  }

  test("grants MSAL's OpenID Connect scopes on Graph and MLflow's user_impersonation, both tenant-wide to the client", () => {
    const json = synthNativeClient(true);
    const grants = Object.entries(json.resource.azuread_service_principal_delegated_permission_grant) as [
      string,
      any,
    ][];
    const byName = (pattern: RegExp) => grants.find(([name]) => pattern.test(name))![1];
    expect(MSAL_SIGN_IN_SCOPES).toEqual(["openid", "profile", "offline_access"]);
    expect(byName(/^native-client-sign-in-consent/).claim_values).toEqual([
      "openid",
      "profile",
      "offline_access",
    ]);
    expect(byName(/^native-client-mlflow-consent/)).toEqual({
      service_principal_object_id: "${azuread_service_principal.native-client-service-principal.object_id}",
      resource_service_principal_object_id: expect.stringMatching(
        /^\$\{azuread_service_principal\.entra_service-principal_[^.]+\.object_id\}$/,
      ),
      claim_values: ["user_impersonation"],
    });
    expect(Object.keys(json.data.azuread_service_principal)).toHaveLength(1);
  });

  test("looks Microsoft Graph up itself when it is not given one", () => {
    const names = Object.keys(synthNativeClient(false).data.azuread_service_principal);
    expect(names).toEqual([
      expect.stringMatching(/^entra_microsoft-graph_/),
      "native-client-microsoft-graph",
    ]);
  });
});

describe("MlflowEntraApp: automation principals", () => {
  const SP_A = "0a0b0c0d-1111-4222-8333-444455556666";
  const SP_B = "9f8e7d6c-aaaa-4bbb-8ccc-ddddeeeeffff";

  test("each automation principal gets the Application role, and its client id is looked up by object id", () => {
    let clientIds: readonly string[] = [];
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        clientIds = new MlflowEntraApp(scope, "entra", {
          displayName: "MLflow (test)",
          signInGroupObjectIds: [],
          applicationRole: true,
          automationPrincipalObjectIds: [SP_A, SP_B],
        }).automationClientIds;
      }),
    );
    const assignments = Object.values(json.resource.azuread_app_role_assignment) as any[];
    expect(assignments.map((a) => [a.principal_object_id, a.app_role_id])).toEqual([
      [SP_A, stableUuid("app-role/Application")],
      [SP_B, stableUuid("app-role/Application")],
    ]);
    const lookups = Object.entries(json.data.azuread_service_principal) as [string, any][];
    expect(lookups.map(([, body]) => body)).toEqual([{ object_id: SP_A }, { object_id: SP_B }]);
    expect(clientIds).toHaveLength(2);
    expect(clientIds[0]).toMatch(/^\$\{TfToken\[/);
  });

  test("automation principals without an Application role are refused", () => {
    expect(() => synth({ automationPrincipalObjectIds: [SP_A] })).toThrow(
      /automationPrincipals: given, but this app declares no Application role/,
    );
  });

  test("an automation principal that is not an object id is refused with the az command that prints one", () => {
    expect(() => synth({ applicationRole: true, automationPrincipalObjectIds: ["my-pipeline"] })).toThrow(
      /automationPrincipals: "my-pipeline" is not an Entra object id\. .*az ad sp show --id <appId> --query id -o tsv/,
    );
  });
});

describe("MlflowEntraApp: the MLflow.Admin role and the claims MLflow's permissions read", () => {
  const withAdmins = synth({ adminRole: true, adminGroupObjectIds: [GROUP_A, GROUP_B] });
  const adminRoleOf = (json: Synth) =>
    (only(json, "azuread_application").app_role as any[]).find((role) => role.value === ADMIN_APP_ROLE);

  test("without adminRole there is no admin role and no optional claim", () => {
    expect(adminRoleOf(synth())).toBeUndefined();
    expect(only(synth(), "azuread_application").optional_claims).toBeUndefined();
  });

  test("MLflow.Admin is declared enabled with a stable id, for users and groups", () => {
    expect(adminRoleOf(withAdmins)).toEqual(
      expect.objectContaining({
        value: "MLflow.Admin",
        allowed_member_types: ["User"],
        enabled: true,
        id: stableUuid("app-role/MLflow.Admin"),
      }),
    );
  });

  test("where the app accepts applications (applicationRole), applications can hold MLflow.Admin too", () => {
    expect(adminRoleOf(synth({ adminRole: true, applicationRole: true })).allowed_member_types).toEqual([
      "User",
      "Application",
    ]);
  });

  test("each admin group gets MLflow.Admin on the service principal, under an id of its own", () => {
    const assignments = withAdmins.resource.azuread_app_role_assignment as Record<string, any>;
    expect(
      Object.entries(assignments).map(([name, a]) => [pathOf(name), a.principal_object_id, a.app_role_id]),
    ).toEqual([
      [`entra/admin-group-${GROUP_A}`, GROUP_A, stableUuid("app-role/MLflow.Admin")],
      [`entra/admin-group-${GROUP_B}`, GROUP_B, stableUuid("app-role/MLflow.Admin")],
    ]);
    for (const a of Object.values(assignments)) {
      expect(a.resource_object_id).toMatch(/^\$\{azuread_service_principal\.[^.]+\.object_id\}$/);
    }
  });

  test("admin groups without the admin role, or that are not object ids, are refused", () => {
    expect(() => synth({ adminGroupObjectIds: [GROUP_A] })).toThrow(
      /adminGroupObjectIds: given, but this app declares no MLflow\.Admin role \(adminRole is false\)/,
    );
    expect(() => synth({ adminRole: true, adminGroupObjectIds: ["MLflow admins"] })).toThrow(
      /adminGroupObjectIds: "MLflow admins" is not an Entra object id\./,
    );
  });

  test("callerIdentityClaims asks for upn in ID and access tokens and idtyp in access tokens", () => {
    expect(only(synth({ callerIdentityClaims: true }), "azuread_application").optional_claims).toEqual({
      id_token: [{ name: "upn" }],
      access_token: [{ name: "upn" }, { name: "idtyp" }],
    });
  });

  test("the admin role's name is the one the authorization function checks by default", () => {
    const settings = readFileSync(
      join(__dirname, "../../server/python/mlflow_entra_authz/settings.py"),
      "utf8",
    );
    expect(/^DEFAULT_ADMIN_ROLE = "([^"]+)"$/m.exec(settings)?.[1]).toBe(ADMIN_APP_ROLE);
  });
});
