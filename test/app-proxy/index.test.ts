import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../constructs";
import { AppProxyFrontDoor } from "../../constructs/app-proxy";
import { NATIVE_CLIENT_REDIRECT_URI } from "../../constructs/entra";
import { SecurityRulePack, type Finding } from "../../constructs/policy";
import { AZURE_CLI_CLIENT_ID, ON_PREMISES_APPLICATION_TEMPLATE_ID } from "../../constructs/entra";
import { foundation } from "../support/foundation";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const GROUP = "3e6f4c35-a04b-4d03-b98a-66fff89b72e6";
const SIGN_IN_GROUP = "0b8e5a57-4d44-4a2f-9a49-1c0d3a7b2f10";

const BASE: EnvironmentConfig = {
  authMode: "app-proxy",
  location: "westeurope",
  addressSpace: "10.50.0.0/24",
  nameSuffix: "abcd",
  signInGroupObjectIds: [SIGN_IN_GROUP],
};

/** An AppProxyFrontDoor on the foundation MlflowStack would build, and the rule pack's findings on that stack. */
function build(config: EnvironmentConfig = BASE): {
  json: Json;
  frontDoor: AppProxyFrontDoor;
  findings: Finding[];
  resolve: (value: string) => string;
} {
  const { stack, config: resolved, frontDoorProps, resolve } = foundation(config);
  const frontDoor = new AppProxyFrontDoor(stack, "app-proxy", {
    ...frontDoorProps,
    appProxy: resolved.appProxy,
  });
  const findings = new SecurityRulePack().evaluate(stack);
  return { json: JSON.parse(Testing.synth(stack)) as Json, frontDoor, findings, resolve };
}

function resourcesOf(json: Json, type: string): Json[] {
  return Object.values((json.resource?.[type] ?? {}) as Json) as Json[];
}
function nameOf(json: Json, type: string, pattern: RegExp): string {
  const name = Object.keys((json.resource?.[type] ?? {}) as Json).find((key) => pattern.test(key));
  if (!name) throw new Error(`no ${type} matching ${pattern}`);
  return name;
}

describe("AppProxyFrontDoor with the default external URL", () => {
  const { json, frontDoor, findings, resolve } = build();
  const domainsName = Object.keys(json.data.azuread_domains)[0];
  const tenant = `\${lower(element(split(".", data.azuread_domains.${domainsName}.domains[0].domain_name), 0))}`;
  const externalUrl = `https://mlflow-prod-${tenant}.msappproxy.net/`;
  const identifierUri = `https://mlflow-prod-${tenant}.msappproxy.net`;
  const graphName = Object.keys(json.data.azuread_service_principal)[0];

  test("the tracking URI is https://mlflow-<env>-<tenant>.msappproxy.net/ from the tenant's initial domain", () => {
    expect(json.data.azuread_domains[domainsName].only_initial).toBe(true);
    expect(resolve(frontDoor.trackingUri)).toBe(externalUrl);
  });

  test("the token command signs in with the plugin as the native client (MSAL device code, the documented App Proxy path), in the stack's tenant, for the scope without a double slash", () => {
    const nativeName = nameOf(json, "azuread_application", /native-client/);
    expect(resolve(frontDoor.tokenCommand)).toBe(
      "export MLFLOW_TRACKING_TOKEN=$(python3 -m mlflow_entra_auth token" +
        ` --scope ${identifierUri}/.default` +
        ` --client-id \${azuread_application.${nativeName}.client_id}` +
        " --tenant ${data.azurerm_client_config.azurerm-client.tenant_id})",
    );
    expect(frontDoor.tokenCommand).not.toContain("az account");
  });

  test("the mlflow_entra_scope output is https://<external host>/.default, with no double slash", () => {
    expect(resolve(frontDoor.tokenScope)).toBe(`${identifierUri}/.default`);
    expect(frontDoor.tokenScope).not.toContain("//.default");
  });

  test("the Entra app comes from the on-premises template: identifier URI without the trailing slash (Graph refuses it), redirect URI and home page = the external URL", () => {
    const applications = resourcesOf(json, "azuread_application").filter((a) => a.template_id);
    expect(applications).toHaveLength(1);
    const [application] = applications;
    expect(application.template_id).toBe(ON_PREMISES_APPLICATION_TEMPLATE_ID);
    expect(application.web.redirect_uris).toEqual([externalUrl]);
    expect(application.web.homepage_url).toBe(externalUrl);
    expect(application.web.implicit_grant.id_token_issuance_enabled).toBe(true);
    expect(resourcesOf(json, "azuread_application_identifier_uri").map((u) => u.identifier_uri)).toEqual([
      identifierUri,
    ]);
  });

  test("the adopted service principal keeps the App Proxy tags (azuread would otherwise send an empty list)", () => {
    const [principal] = resourcesOf(json, "azuread_service_principal").filter((sp) => sp.use_existing);
    expect([...principal.tags].sort()).toEqual([
      "WindowsAzureActiveDirectoryIntegratedApp",
      "WindowsAzureActiveDirectoryOnPremApp",
    ]);
    expect(principal.feature_tags).toBeUndefined();
  });

  test("the app offers no Application role: App Proxy accepts no app-only tokens", () => {
    const [application] = resourcesOf(json, "azuread_application").filter((a) => a.template_id);
    expect(application.app_role.map((role: Json) => role.allowed_member_types)).toEqual([["User"]]);
    expect(frontDoor.entraApp.applicationAppRoleId).toBeUndefined();
  });

  test("the pre-authentication sign-in's Graph scopes (openid, User.Read) are granted tenant-wide to the proxy app, not declared: App Proxy keeps the app's API permissions", () => {
    const proxyPrincipal = nameOf(json, "azuread_service_principal", /entra-app_service-principal/);
    const grant =
      json.resource.azuread_service_principal_delegated_permission_grant[
        nameOf(json, "azuread_service_principal_delegated_permission_grant", /entra-app_sign-in-consent/)
      ];
    expect(grant).toEqual({
      service_principal_object_id: `\${azuread_service_principal.${proxyPrincipal}.object_id}`,
      resource_service_principal_object_id: `\${data.azuread_service_principal.${graphName}.object_id}`,
      claim_values: ["openid", "User.Read"],
    });
    const [application] = resourcesOf(json, "azuread_application").filter((a) => a.template_id);
    expect(application.required_resource_access).toBeUndefined();
  });

  test("Microsoft Graph's service principal is read once, by its well-known client id, and shared by every grant", () => {
    expect(Object.values(json.data.azuread_service_principal)).toEqual([
      { client_id: "00000003-0000-0000-c000-000000000000" },
    ]);
  });

  test("the native client is granted tenant-wide MLflow's user_impersonation and MSAL's OpenID Connect scopes, so assigned non-admins need no consent", () => {
    const proxyPrincipal = nameOf(json, "azuread_service_principal", /entra-app_service-principal/);
    const nativePrincipal = nameOf(json, "azuread_service_principal", /native-client/);
    const grants = json.resource.azuread_service_principal_delegated_permission_grant;
    const native = `\${azuread_service_principal.${nativePrincipal}.object_id}`;
    expect(
      grants[
        nameOf(json, "azuread_service_principal_delegated_permission_grant", /native-client-mlflow-consent/)
      ],
    ).toEqual({
      service_principal_object_id: native,
      resource_service_principal_object_id: `\${azuread_service_principal.${proxyPrincipal}.object_id}`,
      claim_values: ["user_impersonation"],
    });
    expect(
      grants[
        nameOf(json, "azuread_service_principal_delegated_permission_grant", /native-client-sign-in-consent/)
      ],
    ).toEqual({
      service_principal_object_id: native,
      resource_service_principal_object_id: `\${data.azuread_service_principal.${graphName}.object_id}`,
      claim_values: ["openid", "profile", "offline_access"],
    });
    expect(Object.keys(grants)).toHaveLength(3);
  });

  test("publishing waits for an apply-time check that Application Proxy is enabled in the tenant, sent after the connector hosts exist", () => {
    expect(json.data.msgraph_resource).toBeUndefined();
    const [checkName, check] = Object.entries(json.resource.msgraph_resource_action as Json).find(([name]) =>
      name.includes("application-proxy-enabled"),
    ) as [string, Json];
    expect(check).toMatchObject({
      resource_url: "onPremisesPublishingProfiles/applicationProxy",
      method: "GET",
      api_version: "beta",
      response_export_values: { is_enabled: "isEnabled" },
    });
    expect(check.lifecycle.postcondition).toEqual([
      {
        condition: "${self.output.is_enabled == true}",
        error_message: expect.stringMatching(/not enabled in this tenant.*connector_steps/),
      },
    ]);
    expect(check.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^azurerm_virtual_machine_extension\.app-proxy_connector-hosts_connector-install-1_/,
        ),
      ]),
    );
    const [publishing] = resourcesOf(json, "msgraph_update_resource");
    expect(publishing.depends_on).toContain(`msgraph_resource_action.${checkName}`);
  });

  test("the settings App Proxy manages on the application are left alone, and tokens are v1 like portal-made App Proxy apps", () => {
    const [application] = resourcesOf(json, "azuread_application").filter((a) => a.template_id);
    expect(application.lifecycle.ignore_changes).toEqual(
      expect.arrayContaining([
        "identifier_uris",
        "password",
        "required_resource_access",
        "fallback_public_client_enabled",
      ]),
    );
    expect(application.api.requested_access_token_version).toBe(1);
  });

  test("the service principal requires assignment and the sign-in groups are assigned", () => {
    const principals = resourcesOf(json, "azuread_service_principal").filter((sp) => sp.use_existing);
    expect(principals).toHaveLength(1);
    expect(principals[0].app_role_assignment_required).toBe(true);
    const proxyPrincipal = nameOf(json, "azuread_service_principal", /entra-app_service-principal/);
    const assignments = resourcesOf(json, "azuread_app_role_assignment").filter(
      (a) => a.resource_object_id === `\${azuread_service_principal.${proxyPrincipal}.object_id}`,
    );
    expect(assignments.map((a) => a.principal_object_id)).toEqual([SIGN_IN_GROUP]);
  });

  test("the Azure CLI is pre-authorized on the user_impersonation scope", () => {
    const preAuthorized = resourcesOf(json, "azuread_application_pre_authorized").map(
      (p) => p.authorized_client_id,
    );
    expect(preAuthorized).toContain(AZURE_CLI_CLIENT_ID);
  });

  test("a public native client holds a delegated permission on MLflow's scope, pre-authorized, and its client id is an output", () => {
    const proxyApp = nameOf(json, "azuread_application", /entra-app_application/);
    const native = json.resource.azuread_application[nameOf(json, "azuread_application", /native-client/)];
    expect(native.fallback_public_client_enabled).toBe(true);
    expect(native.sign_in_audience).toBe("AzureADMyOrg");
    expect(native.public_client.redirect_uris).toContain(NATIVE_CLIENT_REDIRECT_URI);
    expect(native.required_resource_access).toEqual([
      {
        resource_app_id: `\${azuread_application.${proxyApp}.client_id}`,
        resource_access: [{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), type: "Scope" }],
      },
      {
        resource_app_id: "00000003-0000-0000-c000-000000000000",
        resource_access: ["openid", "profile", "offline_access"].map((scope) => ({
          id: `\${data.azuread_service_principal.${graphName}.oauth2_permission_scope_ids["${scope}"]}`,
          type: "Scope",
        })),
      },
    ]);
    const nativeName = nameOf(json, "azuread_application", /native-client/);
    expect(
      resourcesOf(json, "azuread_application_pre_authorized").map((p) => p.authorized_client_id),
    ).toContain(`\${azuread_application.${nativeName}.client_id}`);
    expect(resolve(frontDoor.nativeClientId)).toBe(`\${azuread_application.${nativeName}.client_id}`);
  });

  test("publishing sends the VM's internal URL and the external URL, after the identifier URI exists", () => {
    const [publishing] = resourcesOf(json, "msgraph_update_resource");
    expect(frontDoor.mlflowVm.privateIpAddress).toMatch(/^10\.50\.0\.\d+$/);
    expect(publishing.body.onPremisesPublishing.internalUrl).toBe(
      `http://${frontDoor.mlflowVm.privateIpAddress}:5000/`,
    );
    expect(publishing.body.onPremisesPublishing.externalUrl).toBe(externalUrl);
    expect(publishing.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^azuread_application_identifier_uri\./)]),
    );
  });

  test("a connector group mlflow-<env> is created and its id is an output", () => {
    const [group] = resourcesOf(json, "msgraph_resource");
    expect(group.body).toEqual({ name: "mlflow-prod" });
    const groupName = Object.keys(json.resource.msgraph_resource)[0];
    expect(resolve(frontDoor.connectorGroup.groupId)).toBe(`\${msgraph_resource.${groupName}.id}`);
  });

  test("the connector steps output holds the join commands with the group id and no ${ of its own", () => {
    const steps: string = resolve(frontDoor.connectorSteps);
    const groupName = Object.keys(json.resource.msgraph_resource)[0];
    expect(steps).toContain(`connectorGroups/\${msgraph_resource.${groupName}.id}`);
    expect(steps.replace(/\$\{[a-z_]+\.[^}]+\}/g, "")).not.toContain("${");
  });

  test("the connector steps store the token through Resource Manager at the environment's vault id", () => {
    const vault = nameOf(json, "azurerm_key_vault", /key-vault/);
    expect(resolve(frontDoor.connectorSteps)).toContain(
      `--url "https://management.azure.com\${azurerm_key_vault.${vault}.id}/secrets/connector-registration-token?api-version=2023-07-01"`,
    );
  });

  test("MLflow accepts the external host name only", () => {
    const cloudInit = Object.values(json.locals as Json).find(
      (value) => typeof value === "string" && value.includes("#cloud-config"),
    ) as string;
    expect(cloudInit).toContain(`mlflow-prod-${tenant}.msappproxy.net`);
    expect(cloudInit).not.toContain(`${frontDoor.mlflowVm.privateIpAddress}:5000`);
  });

  test("the security rule pack finds nothing", () => {
    expect(findings.map((finding) => finding.message)).toEqual([]);
  });

  test("the native client also requires assignment, and the sign-in groups are assigned to it", () => {
    const nativePrincipal = nameOf(json, "azuread_service_principal", /native-client/);
    expect(json.resource.azuread_service_principal[nativePrincipal].app_role_assignment_required).toBe(true);
    const toNative = resourcesOf(json, "azuread_app_role_assignment").filter(
      (a) => a.resource_object_id === `\${azuread_service_principal.${nativePrincipal}.object_id}`,
    );
    expect(toNative).toEqual([
      expect.objectContaining({
        principal_object_id: SIGN_IN_GROUP,
        app_role_id: "00000000-0000-0000-0000-000000000000",
      }),
    ]);
  });

  test("the msgraph provider is pinned and authenticates with the Azure CLI", () => {
    expect(json.terraform.required_providers.msgraph).toEqual({
      source: "microsoft/msgraph",
      version: "0.5.0",
    });
    expect(json.provider.msgraph).toEqual([{ use_cli: true }]);
  });
});

describe("AppProxyFrontDoor with a configured external URL and an existing connector group", () => {
  const { json, frontDoor, resolve } = build({
    ...BASE,
    appProxy: {
      externalUrl: "https://mlflow.contoso.com/",
      connectorGroupId: GROUP,
      allowedSourceCidrs: ["10.60.0.0/24"],
    },
  });

  test("the configured external URL wins and no tenant lookup happens", () => {
    expect(resolve(frontDoor.trackingUri)).toBe("https://mlflow.contoso.com/");
    expect(json.data?.azuread_domains).toBeUndefined();
    expect(frontDoor.externalHost).toBe("mlflow.contoso.com");
  });

  test("no connector hosts and no connector group are created; the app is assigned to the given group", () => {
    expect(frontDoor.connectorHosts).toBeUndefined();
    expect(json.resource.msgraph_resource).toBeUndefined();
    expect(json.resource.azurerm_windows_virtual_machine).toBeUndefined();
    const assignment =
      json.resource.msgraph_resource_action[
        nameOf(json, "msgraph_resource_action", /connector-group-assignment/)
      ];
    expect(assignment.body["@odata.id"]).toBe(
      `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${GROUP}`,
    );
    expect(resolve(frontDoor.connectorGroup.groupId)).toBe(GROUP);
    expect(resolve(frontDoor.connectorSteps)).toContain(GROUP);
  });

  test("MLflow also accepts its own address when networks may reach it directly", () => {
    const cloudInit = Object.values(json.locals as Json).find(
      (value) => typeof value === "string" && value.includes("#cloud-config"),
    ) as string;
    expect(cloudInit).toContain(`mlflow.contoso.com,${frontDoor.mlflowVm.privateIpAddress}:5000`);
  });
});
