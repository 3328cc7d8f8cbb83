import { ContainerGroup } from "@cdktf/provider-azurerm/lib/container-group";
import { LinuxWebAppSlot } from "@cdktf/provider-azurerm/lib/linux-web-app-slot";
import { Fn, TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { AUTHZ_MARKER_SETTING } from "../../../constructs/authz/settings";
import { authzAuthenticationRequired } from "../../../constructs/policy/rules/authz-authentication-required";
import { authzFrontDoorOnly } from "../../../constructs/policy/rules/authz-front-door-only";
import { linuxVm, webApp } from "./fixtures";
import type { RuleCase } from "./rule-case";

const TENANT = "00000000-0000-0000-0000-000000000002";
const WITH_AUTHZ = { [AUTHZ_MARKER_SETTING]: TENANT };
const SIGN_IN = {
  authEnabled: true,
  requireAuthentication: true,
  unauthenticatedAction: "RedirectToLoginPage",
  login: { tokenStoreEnabled: false },
  activeDirectoryV2: {
    clientId: "00000000-0000-0000-0000-000000000001",
    tenantAuthEndpoint: `https://login.microsoftonline.com/${TENANT}/v2.0`,
  },
};

function slot(scope: Construct, appSettings: Record<string, string> | undefined, authSettingsV2 = SIGN_IN) {
  const app = webApp(scope, { appSettings: WITH_AUTHZ });
  return new LinuxWebAppSlot(scope, "staging", {
    name: "staging",
    appServiceId: app.id,
    siteConfig: {},
    appSettings,
    authSettingsV2,
  });
}

function vmWithCloudInit(scope: Construct, cloudInit: string) {
  const local = new TerraformLocal(scope, "cloud-init", cloudInit);
  linuxVm(scope, { customData: Fn.base64encode(local.asString) });
}

export const AUTHZ_CASES: readonly RuleCase[] = [
  {
    rule: authzAuthenticationRequired,
    compliant: (scope) => webApp(scope, { appSettings: WITH_AUTHZ }),
    nonCompliant: (scope) =>
      webApp(scope, {
        appSettings: WITH_AUTHZ,
        authSettingsV2: { ...SIGN_IN, excludedPaths: ["/api/2.0/mlflow/experiments/search"] },
      }),
    problem: `it runs MLflow's Entra authorization function (${AUTHZ_MARKER_SETTING}) but auth_settings_v2.excluded_paths is ["/api/2.0/mlflow/experiments/search"]`,
  },
  {
    rule: authzAuthenticationRequired,
    name: "anonymous requests let through, settings from a file",
    compliant: (scope) => webApp(scope, { appSettings: { ...WITH_AUTHZ, OTHER: "x" } }),
    nonCompliant: (scope) =>
      webApp(scope, {
        appSettings: WITH_AUTHZ,
        authSettingsV2: {
          ...SIGN_IN,
          requireAuthentication: false,
          unauthenticatedAction: "AllowAnonymous",
          configFilePath: "/home/site/wwwroot/auth.json",
        },
      }),
    problem:
      /require_authentication is false.*unauthenticated_action is "AllowAnonymous".*config_file_path is "\/home\/site\/wwwroot\/auth\.json"/,
  },
  {
    rule: authzAuthenticationRequired,
    name: "set in the start command, with no App Service Authentication",
    compliant: (scope) => webApp(scope, { authSettingsV2: undefined }),
    nonCompliant: (scope) =>
      webApp(scope, {
        authSettingsV2: undefined,
        siteConfig: {
          appCommandLine: `env ${AUTHZ_MARKER_SETTING}=${TENANT} mlflow server --app-name basic-auth`,
        },
      }),
    problem: "but has no auth_settings_v2",
  },
  {
    rule: authzAuthenticationRequired,
    name: "a deployment slot",
    compliant: (scope) => slot(scope, WITH_AUTHZ),
    nonCompliant: (scope) => slot(scope, WITH_AUTHZ, { ...SIGN_IN, authEnabled: false }),
    problem: /azurerm_linux_web_app_slot\.staging: it runs .* auth_settings_v2\.auth_enabled is false/,
  },
  {
    rule: authzFrontDoorOnly,
    compliant: (scope) => vmWithCloudInit(scope, "#cloud-config\nruncmd: [echo no permissions here]\n"),
    nonCompliant: (scope) =>
      vmWithCloudInit(
        scope,
        `#cloud-config\nwrite_files: [{path: /etc/mlflow.env, content: "${AUTHZ_MARKER_SETTING}=${TENANT}"}]\n`,
      ),
    problem: `it carries ${AUTHZ_MARKER_SETTING}, but nothing in front of it keeps callers from sending their own X-MS-CLIENT-PRINCIPAL`,
  },
  {
    rule: authzFrontDoorOnly,
    name: "a VM whose custom_data is a Base64 literal",
    compliant: (scope) =>
      linuxVm(scope, { customData: Buffer.from("#!/bin/sh\necho hello\n").toString("base64") }),
    nonCompliant: (scope) =>
      linuxVm(scope, {
        customData: Buffer.from(`#!/bin/sh\nexport ${AUTHZ_MARKER_SETTING}=${TENANT}\n`).toString("base64"),
      }),
    problem: `azurerm_linux_virtual_machine.vm: it carries ${AUTHZ_MARKER_SETTING}`,
  },
  {
    rule: authzFrontDoorOnly,
    name: "a container with the setting in its environment",
    compliant: (scope) => container(scope, { MLFLOW_TRACKING_URI: "https://mlflow.example.net/" }),
    nonCompliant: (scope) => container(scope, WITH_AUTHZ),
    problem: `azurerm_container_group.mlflow: it carries ${AUTHZ_MARKER_SETTING}`,
  },
  {
    rule: authzFrontDoorOnly,
    name: "a slot of a permissioned web app that does not run the function",
    compliant: (scope) => slot(scope, WITH_AUTHZ),
    nonCompliant: (scope) =>
      slot(scope, {
        MLFLOW_BACKEND_STORE_URI: "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/uri)",
      }),
    problem:
      /azurerm_linux_web_app_slot\.staging: it is a slot of azurerm_linux_web_app\.web-app, which runs MLflow's Entra authorization function, but does not run it/,
  },
];

function container(scope: Construct, environmentVariables: Record<string, string>) {
  new ContainerGroup(scope, "mlflow", {
    name: "ci-mlflow",
    location: "westeurope",
    resourceGroupName: "rg-policy-test",
    osType: "Linux",
    ipAddressType: "Private",
    container: [
      {
        name: "mlflow",
        image: "ghcr.io/mlflow/mlflow:v3.17.0-full",
        cpu: 1,
        memory: 2,
        environmentVariables,
      },
    ],
  });
}
