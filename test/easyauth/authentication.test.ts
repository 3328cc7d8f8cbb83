import { AZURE_CLI_CLIENT_ID } from "../../constructs/entra";
import { refTo, resourceAt, resourcesOf } from "../support/json";
import { synthEasyAuth } from "./front-door-stack";

/* eslint-disable @typescript-eslint/no-explicit-any */

const { json, text, frontDoor, resolve } = synthEasyAuth();
const webApp = resourceAt(json, "azurerm_linux_web_app", "easyauth/web-app") as any;
const auth = webApp.auth_settings_v2;
const aad = auth.active_directory_v2;
const app = resourceAt(json, "azuread_application", "easyauth/entra-app/application") as any;
const HOST = "app-mlflow-test-t3st01.azurewebsites.net";

const clientId = refTo(json, "azuread_application", "easyauth/entra-app/application", "client_id");
const tenantId = (() => {
  const match = /\$\{data\.azurerm_client_config\.[^.]+\.tenant_id\}/.exec(aad.tenant_auth_endpoint);
  if (!match)
    throw new Error(`tenant endpoint without the client config's tenant id: ${aad.tenant_auth_endpoint}`);
  return match[0];
})();

describe("auth_settings_v2", () => {
  test("authentication is enabled", () => expect(auth.auth_enabled).toBe(true));
  test("authentication is required on every request", () => expect(auth.require_authentication).toBe(true));
  test("unauthenticated browsers are redirected to the login page", () =>
    expect(auth.unauthenticated_action).toBe("RedirectToLoginPage"));
  test("Entra ID is the default provider (required even with one provider)", () =>
    expect(auth.default_provider).toBe("azureactivedirectory"));
  test("no path is excluded from authentication (the health probe passes it by itself), not even /health", () =>
    expect(auth.excluded_paths).toBeUndefined());
  test("the health check still probes /health", () =>
    expect(webApp.site_config.health_check_path).toBe("/health"));
  test("authentication requires HTTPS", () => expect(auth.require_https).toBe(true));
  test("the token store is on, as the portal pairs it with the client-application check, in the file system (no SAS setting, the default path)", () => {
    expect(auth.login.token_store_enabled).toBe(true);
    expect(auth.login.token_store_sas_setting_name).toBeUndefined();
    expect(auth.login.token_store_path).toBeUndefined();
  });
  test("/home, where the file-system token store lives, is App Service's persistent storage (custom containers default to none)", () =>
    expect(webApp.app_settings.WEBSITES_ENABLE_APP_SERVICE_STORAGE).toBe("true"));
  test("no app setting or other value carries a blob SAS URL for the token store", () => {
    expect(text).not.toContain("WEBSITE_AUTH_TOKEN_CONTAINER_SASURL");
    expect(text).not.toMatch(/[?&]sig=/);
  });
  test("the login nonce is validated", () => expect(auth.login.validate_nonce).toBe(true));
  test("the provider is the MLflow app registration", () => expect(aad.client_id).toBe(clientId));
  test("the tenant endpoint is the v2.0 authority of the deployer's tenant", () =>
    expect(aad.tenant_auth_endpoint).toBe(`https://login.microsoftonline.com/${tenantId}/v2.0`));
  test("tokens for api://<client-id> and for <client-id> are both accepted", () =>
    expect(aad.allowed_audiences).toEqual([`api://${clientId}`, clientId]));
  test("only the app itself, the Azure CLI and no one else may present tokens (the documented built-in authorization policy)", () =>
    expect(aad.allowed_applications).toEqual([clientId, AZURE_CLI_CLIENT_ID]));
  test("the JWT claim check, undocumented for browser sessions and never set by the portal, is left unset", () =>
    expect(aad.jwt_allowed_client_applications).toBeUndefined());
  test("401 responses carry a WWW-Authenticate challenge for API clients", () =>
    expect(aad.www_authentication_disabled).toBe(false));
  test("no provider other than Entra ID is configured", () => {
    const providers = Object.keys(auth).filter((key) => key.endsWith("_v2"));
    expect(providers).toEqual(["active_directory_v2"]);
  });
  test("tokens from another tenant are refused (tid check)", () =>
    expect(webApp.app_settings.WEBSITE_AUTH_AAD_ALLOWED_TENANTS).toBe(tenantId));
  test("the web app waits for the identifier URI its audience names", () =>
    expect(webApp.depends_on).toContain(
      refTo(json, "azuread_application_identifier_uri", "easyauth/entra-app/identifier-uri", "id").replace(
        /^\$\{|\.id\}$/g,
        "",
      ),
    ));
});

describe("sign-in consent", () => {
  const grant = resourceAt(
    json,
    "azuread_service_principal_delegated_permission_grant",
    "easyauth/entra-app/sign-in-consent",
  ) as any;
  test("openid, profile and email are granted tenant-wide to MLflow's service principal, so non-admins need no approval", () => {
    expect(grant.claim_values).toEqual(["openid", "profile", "email"]);
    expect(grant.service_principal_object_id).toBe(
      refTo(json, "azuread_service_principal", "easyauth/entra-app/service-principal", "object_id"),
    );
    expect(grant.resource_service_principal_object_id).toMatch(
      /^\$\{data\.azuread_service_principal\.easyauth_entra-app_microsoft-graph_[0-9A-F]{8}\.object_id\}$/,
    );
    expect(grant.user_object_id).toBeUndefined();
  });
  test("the app registration declares the same Graph scopes it is granted", () =>
    expect(app.required_resource_access[0].resource_access).toHaveLength(3));
});

describe("automation principals", () => {
  const SP = "0a0b0c0d-1111-4222-8333-444455556666";
  const { json: withAutomation } = synthEasyAuth({ automationPrincipals: [SP] });
  const aadWith = (resourceAt(withAutomation, "azurerm_linux_web_app", "easyauth/web-app") as any)
    .auth_settings_v2.active_directory_v2;
  const lookup = Object.entries(withAutomation.data?.azuread_service_principal ?? {}).find(
    ([, body]) => (body as any).object_id === SP,
  );

  test("are given the Application role on MLflow's service principal", () => {
    const assignment = Object.values(resourcesOf(withAutomation, "azuread_app_role_assignment")).find(
      (a: any) => a.principal_object_id === SP,
    ) as any;
    expect(assignment.app_role_id).toBe(
      (
        resourceAt(withAutomation, "azuread_application", "easyauth/entra-app/application") as any
      ).app_role.find((role: any) => role.value === "Application").id,
    );
  });
  test("are allowed through EasyAuth by the client id read from their object id", () => {
    expect(lookup).toBeDefined();
    const clientIdRef = `\${data.azuread_service_principal.${lookup![0]}.client_id}`;
    expect(aadWith.allowed_applications).toEqual([
      refTo(withAutomation, "azuread_application", "easyauth/entra-app/application", "client_id"),
      AZURE_CLI_CLIENT_ID,
      clientIdRef,
    ]);
    expect(aadWith.jwt_allowed_client_applications).toBeUndefined();
  });
});

describe("the token scope", () => {
  test("the token scope is api://<client-id>/.default and the token command asks for api://<client-id>", () => {
    expect(resolve(frontDoor.tokenScope)).toBe(`api://${clientId}/.default`);
    expect(resolve(frontDoor.tokenCommand)).toBe(
      `export MLFLOW_TRACKING_TOKEN=$(az account get-access-token --resource api://${clientId} --query accessToken -o tsv)`,
    );
  });
});

describe("the EasyAuth app registration", () => {
  test("its only web redirect URI is App Service Authentication's callback on the web app", () =>
    expect(app.web.redirect_uris).toEqual([`https://${HOST}/.auth/login/aad/callback`]));
  test("it issues ID tokens for the browser sign-in", () =>
    expect(app.web.implicit_grant.id_token_issuance_enabled).toBe(true));
  test("it never issues access tokens through the implicit flow", () =>
    expect(app.web.implicit_grant.access_token_issuance_enabled).toBe(false));
  test("its identifier URI is api://<client-id>", () =>
    expect(
      resourceAt(json, "azuread_application_identifier_uri", "easyauth/entra-app/identifier-uri")
        .identifier_uri,
    ).toBe(`api://${clientId}`));
  test("the Azure CLI is pre-authorized on its user_impersonation scope", () => {
    const preAuthorized = resourceAt(
      json,
      "azuread_application_pre_authorized",
      "easyauth/entra-app/pre-authorized-azure-cli",
    ) as any;
    expect(preAuthorized.authorized_client_id).toBe(AZURE_CLI_CLIENT_ID);
    expect(preAuthorized.permission_ids).toEqual([app.api.oauth2_permission_scope[0].id]);
  });
  test("it asks for v2 access tokens", () => expect(app.api.requested_access_token_version).toBe(2));
  test("its service principal requires assignment", () =>
    expect(
      resourceAt(json, "azuread_service_principal", "easyauth/entra-app/service-principal")
        .app_role_assignment_required,
    ).toBe(true));
  test("the deployer owns the app registration", () =>
    expect(app.owners).toEqual([
      expect.stringMatching(/^\$\{data\.azuread_client_config\.[^.]+\.object_id\}$/),
    ]));
  test("configured sign-in groups are assigned the User role", () => {
    const group = "0b8f1a52-3c2d-4e5f-8a9b-1c2d3e4f5a6b";
    const { json: withGroup } = synthEasyAuth({ signInGroupObjectIds: [group] });
    const assignments = Object.values(resourcesOf(withGroup, "azuread_app_role_assignment")) as any[];
    expect(assignments.map((a) => a.principal_object_id)).toEqual([group]);
  });
});

describe("secretless client credential (default: managed-identity)", () => {
  const fic = resourceAt(
    json,
    "azuread_application_federated_identity_credential",
    "easyauth/client-credential/federated-credential",
  ) as any;
  const identity = "easyauth/client-credential/identity";

  test("the federated credential sits on the MLflow app registration", () =>
    expect(fic.application_id).toBe(
      refTo(json, "azuread_application", "easyauth/entra-app/application", "id"),
    ));
  test("its issuer is the tenant's v2.0 authority", () =>
    expect(fic.issuer).toBe(`https://login.microsoftonline.com/${tenantId}/v2.0`));
  test("its subject is the dedicated identity's principal (object) id", () =>
    expect(fic.subject).toBe(refTo(json, "azurerm_user_assigned_identity", identity, "principal_id")));
  test("its audience is api://AzureADTokenExchange", () =>
    expect(fic.audiences).toEqual(["api://AzureADTokenExchange"]));
  test("the app names the identity's client id (not the app registration's) in OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID", () =>
    expect(webApp.app_settings.OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID).toBe(
      refTo(json, "azurerm_user_assigned_identity", identity, "client_id"),
    ));
  test("EasyAuth uses that setting as its client secret setting", () =>
    expect(aad.client_secret_setting_name).toBe("OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID"));
  test("the setting is slot-sticky", () =>
    expect(webApp.sticky_settings.app_setting_names).toEqual(["OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID"]));
  test("no client secret exists at all", () => {
    expect(json.resource.azuread_application_password).toBeUndefined();
    expect(text).not.toContain("MICROSOFT_PROVIDER_AUTHENTICATION_SECRET");
  });
});
