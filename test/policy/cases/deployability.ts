import { ApplicationIdentifierUri } from "@cdktf/provider-azuread/lib/application-identifier-uri";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import type { LinuxWebAppConfig } from "@cdktf/provider-azurerm/lib/linux-web-app";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { Password } from "@cdktf/provider-random/lib/password";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { Diagnostics, VaultSecret } from "../../../constructs/data";
import { deployDataPlaneSecretWrite } from "../../../constructs/policy/rules/deploy-data-plane-secret-write";
import { deployDiagnosticCategories } from "../../../constructs/policy/rules/deploy-diagnostic-categories";
import { deployHostStartOrder } from "../../../constructs/policy/rules/deploy-host-start-order";
import { deployIdentifierUriSlash } from "../../../constructs/policy/rules/deploy-identifier-uri-slash";
import { deployKeyVaultReferences } from "../../../constructs/policy/rules/deploy-key-vault-references";
import { deployMlflowImage } from "../../../constructs/policy/rules/deploy-mlflow-image";
import { AUTHZ_MARKER_SETTING } from "../../../constructs/authz/settings";
import { deployPlanDataSources } from "../../../constructs/policy/rules/deploy-plan-data-sources";
import { ApplicationProxyEnabledCheck } from "../../../constructs/app-proxy/publishing";
import { MsgraphDataResource, MsgraphProvider } from "../../../constructs/app-proxy/msgraph";
import { DataAzureadDomains } from "@cdktf/provider-azuread/lib/data-azuread-domains";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { DataAzurermKeyVaultSecret } from "@cdktf/provider-azurerm/lib/data-azurerm-key-vault-secret";
import { COMPLIANT_SITE_CONFIG, keyVault, storageAccount, webApp } from "./fixtures";
import type { RuleCase } from "./rule-case";

const SUBNET_ID =
  "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s";

function workspace(scope: Construct): LogAnalyticsWorkspace {
  return new LogAnalyticsWorkspace(scope, "workspace", {
    name: "log-policy-test",
    location: "westeurope",
    resourceGroupName: "rg-policy-test",
  });
}

/** A web app reading one secret through a Key Vault reference and pulling its image over its VNet integration. */
function hostWithSecret(
  scope: Construct,
  waitFor: (deps: Record<string, ITerraformDependable>) => ITerraformDependable[],
  overrides: Partial<LinuxWebAppConfig> = {},
) {
  const vault = keyVault(scope);
  const resourceGroup = new ResourceGroup(scope, "rg", { name: "rg-policy-test", location: "westeurope" });
  const password = new Password(scope, "password", { length: 20 });
  const secret = new VaultSecret(scope, "secret", {
    keyVault: vault,
    resourceGroup,
    name: "backend-store-uri",
    value: password.result,
    contentType: "text/plain",
    valueFrom: [password],
  });
  const role = new RoleAssignment(scope, "reader", {
    scope: secret.resourceVersionlessId,
    roleDefinitionName: "Key Vault Secrets User",
    principalId: "00000000-0000-0000-0000-000000000003",
    dependsOn: [secret],
  });
  const endpoint = new PrivateEndpoint(scope, "endpoint", {
    name: "pe-kv",
    location: "westeurope",
    resourceGroupName: "rg-policy-test",
    subnetId: SUBNET_ID,
    privateServiceConnection: {
      name: "kv",
      privateConnectionResourceId: vault.id,
      subresourceNames: ["vault"],
      isManualConnection: false,
    },
  });
  const subnet = new Subnet(scope, "subnet", {
    name: "snet-app",
    resourceGroupName: "rg-policy-test",
    virtualNetworkName: "vnet",
    addressPrefixes: ["10.0.0.0/26"],
  });
  const nat = new SubnetNatGatewayAssociation(scope, "nat", { subnetId: subnet.id, natGatewayId: "/nat" });
  webApp(scope, {
    virtualNetworkSubnetId: subnet.id,
    vnetImagePullEnabled: true,
    appSettings: { MLFLOW_BACKEND_STORE_URI: `@Microsoft.KeyVault(SecretUri=${secret.versionedId})` },
    dependsOn: waitFor({ secret, role, endpoint, nat }),
    ...overrides,
  });
}

const USER_IDENTITY =
  "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-mlflow";
const waitForAll = ({ secret, role, endpoint, nat }: Record<string, ITerraformDependable>) => [
  secret,
  role,
  endpoint,
  nat,
];

export const DEPLOYABILITY_CASES: readonly RuleCase[] = [
  {
    rule: deployDataPlaneSecretWrite,
    name: "a secret written into a private vault",
    compliant: (scope) => {
      const vault = keyVault(scope, { publicNetworkAccessEnabled: true });
      new KeyVaultSecret(scope, "secret", {
        name: "s",
        keyVaultId: vault.id,
        value: "${random_password.p.result}",
      });
    },
    nonCompliant: (scope) => {
      const vault = keyVault(scope);
      new KeyVaultSecret(scope, "secret", {
        name: "s",
        keyVaultId: vault.id,
        value: "${random_password.p.result}",
      });
    },
    problem: "is private (public network access off): the data-plane write fails from outside the VNet",
  },
  {
    rule: deployDiagnosticCategories,
    name: "AllMetrics on blob services, Dedicated on Key Vault",
    compliant: (scope) => {
      const account = storageAccount(scope);
      new Diagnostics(scope, "blob", {
        targetResourceId: `${account.id}/blobServices/default`,
        targetType: "Microsoft.Storage/storageAccounts/blobServices",
        workspace: workspace(scope),
      });
    },
    nonCompliant: (scope) => {
      const account = storageAccount(scope);
      const logs = workspace(scope);
      new MonitorDiagnosticSetting(scope, "blob", {
        name: "d",
        targetResourceId: `${account.id}/blobServices/default`,
        logAnalyticsWorkspaceId: logs.id,
        enabledMetric: [{ category: "AllMetrics" }],
      });
      new MonitorDiagnosticSetting(scope, "vault", {
        name: "d",
        targetResourceId: keyVault(scope).id,
        logAnalyticsWorkspaceId: logs.id,
        logAnalyticsDestinationType: "Dedicated",
        enabledLog: [{ category: "AuditEvent" }],
      });
    },
    problem:
      /metric category "AllMetrics" does not exist on Microsoft\.Storage\/storageAccounts\/blobServices(.|\n)*log_analytics_destination_type "Dedicated" is not supported by Microsoft\.KeyVault\/vaults/,
  },
  {
    rule: deployIdentifierUriSlash,
    compliant: (scope) =>
      new ApplicationIdentifierUri(scope, "uri", {
        applicationId: "/applications/0",
        identifierUri: "https://mlflow-prod-contoso.msappproxy.net",
      }),
    nonCompliant: (scope) =>
      new ApplicationIdentifierUri(scope, "uri", {
        applicationId: "/applications/0",
        identifierUri: "https://mlflow-prod-contoso.msappproxy.net/",
      }),
    problem: 'identifier URI "https://mlflow-prod-contoso.msappproxy.net/" ends with "/"',
  },
  {
    rule: deployHostStartOrder,
    name: "a web app that does not wait for its Key Vault role, private endpoint and NAT gateway",
    compliant: (scope) => hostWithSecret(scope, waitForAll),
    nonCompliant: (scope) => hostWithSecret(scope, ({ secret }) => [secret]),
    problem:
      /does not depend on the vault's private endpoint(.|\n)*does not depend on a role assignment(.|\n)*does not depend on azurerm_subnet_nat_gateway_association/,
  },
  {
    rule: deployKeyVaultReferences,
    name: "a reference to a private vault, resolved with a user-assigned identity over the VNet",
    compliant: (scope) =>
      hostWithSecret(scope, waitForAll, {
        identity: { type: "UserAssigned", identityIds: [USER_IDENTITY] },
        keyVaultReferenceIdentityId: USER_IDENTITY,
        siteConfig: { ...COMPLIANT_SITE_CONFIG, vnetRouteAllEnabled: true },
      }),
    nonCompliant: (scope) =>
      hostWithSecret(scope, waitForAll, { identity: { type: "UserAssigned", identityIds: [USER_IDENTITY] } }),
    problem:
      /resolved with a system-assigned identity it does not have(.|\n)*does not route all traffic through its VNet \(vnet_route_all_enabled\)/,
  },
  {
    rule: deployMlflowImage,
    name: "an MLflow image older than the known-good release",
    compliant: (scope) =>
      webApp(scope, {
        siteConfig: {
          applicationStack: {
            dockerImageName: "mlflow/mlflow:v3.15.2-full",
            dockerRegistryUrl: "https://ghcr.io",
          },
        },
      }),
    nonCompliant: (scope) =>
      webApp(scope, {
        siteConfig: {
          applicationStack: {
            dockerImageName: "mlflow/mlflow:v3.9.0-full",
            dockerRegistryUrl: "https://ghcr.io",
          },
        },
      }),
    problem: "runs MLflow 3.9.0",
  },
  {
    rule: deployMlflowImage,
    name: "with MLflow's permissions, an image older than the fail-closed, passwordless auth app",
    compliant: (scope) =>
      webApp(scope, {
        appSettings: { [AUTHZ_MARKER_SETTING]: "00000000-0000-0000-0000-000000000002" },
        siteConfig: {
          applicationStack: {
            dockerImageName: "mlflow/mlflow:v3.16.1-full",
            dockerRegistryUrl: "https://ghcr.io",
          },
        },
      }),
    nonCompliant: (scope) =>
      webApp(scope, {
        appSettings: { [AUTHZ_MARKER_SETTING]: "00000000-0000-0000-0000-000000000002" },
        siteConfig: {
          applicationStack: {
            dockerImageName: "mlflow/mlflow:v3.15.2-full",
            dockerRegistryUrl: "https://ghcr.io",
          },
        },
      }),
    problem: `runs MLflow 3.15.2; MLflow's permissions run in this stack (${AUTHZ_MARKER_SETTING}) and need 3.16.1 or newer`,
  },
  {
    rule: deployPlanDataSources,
    compliant: (scope) => {
      // What the stacks read at plan time, and the App Proxy check, which is read at apply time.
      new DataAzurermClientConfig(scope, "client", {});
      new DataAzureadDomains(scope, "initial-domain", { onlyInitial: true });
      new ApplicationProxyEnabledCheck(scope, "app-proxy-enabled", {
        provider: new MsgraphProvider(scope, "msgraph"),
      });
    },
    nonCompliant: (scope) => {
      new MsgraphDataResource(scope, "profile", {
        provider: new MsgraphProvider(scope, "msgraph"),
        url: "onPremisesPublishingProfiles/applicationProxy",
        apiVersion: "beta",
      });
      new DataAzurermKeyVaultSecret(scope, "secret", { name: "s", keyVaultId: "/v" });
    },
    problem:
      /data\.msgraph_resource\.profile is read at plan time through the msgraph provider[^\n]*plan signs in as an application[\s\S]*data\.azurerm_key_vault_secret\.secret is read at plan time, and docs\/ci-cd\.md grants the plan identity nothing that reads azurerm_key_vault_secret/,
  },
];
