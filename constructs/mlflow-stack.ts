import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { DataAzureadClientConfig } from "@cdktf/provider-azuread/lib/data-azuread-client-config";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { DataAzurermResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Aspects, AzurermBackend, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig, ResolvedConfig, resolveConfig } from "./config";
import type { AppProxyFrontDoor } from "./app-proxy";
import type { DataPlane } from "./data";
import { makeDisposable } from "./disposable";
import { EasyAuthFrontDoor } from "./easyauth";
import type { FrontDoor } from "./front-door";
import { MlflowTrackingServer } from "./mlflow-tracking-server";
import { computedNameSuffix, ResourceNames } from "./naming";
import type { Monitoring } from "./monitoring";
import type { Network } from "./network";
import { SecurityRulePack } from "./policy";
import type { ResourceGroupReference } from "./resource-group";

/** What token_command does in each mode; the docs say the same (test/clients/python-plugin.test.ts checks). */
const EASYAUTH_TOKEN_COMMAND_DESCRIPTION =
  "Run before mlflow CLI / Python clients: exports MLFLOW_TRACKING_TOKEN (valid about an hour) from your Azure CLI login";
const APP_PROXY_TOKEN_COMMAND_DESCRIPTION =
  "Run before mlflow CLI / Python clients: exports MLFLOW_TRACKING_TOKEN (valid about an hour) from a device-code " +
  "sign-in as the native_client_id app (MSAL; the token cache in ~/.cache/mlflow-entra-auth spares later prompts). " +
  "Needs pip install ./clients/python. The Azure CLI is an unverified opt-in for App Proxy (docs/clients.md)";

/** Stack ids are `mlflow-<environment>`; the environment name is what follows the prefix. */
export const STACK_ID_PREFIX = "mlflow-";

/**
 * One environment, batteries included: validated configuration, the providers, a state backend and a resource
 * group, then an MlflowTrackingServer (network -> data plane -> the front door its `authMode` picks), then every
 * output. The network and the data plane never depend on the mode. To put MLflow in a stack of your own, with your
 * providers, backend and resource group, use MlflowTrackingServer instead.
 */
export class MlflowStack extends TerraformStack {
  // `@jsii ignore`: TypeScript only (the building blocks are not part of the jsii API, constructs/library.ts);
  // https://aws.github.io/jsii/user-guides/lib-author/hints/
  /** The validated configuration, every default filled in. @jsii ignore */
  readonly config: ResolvedConfig;
  readonly names: ResourceNames;
  /** The resource group this stack created; none when `resourceGroupName` names an existing one. */
  readonly resourceGroup?: ResourceGroup;
  /** @jsii ignore */
  readonly network: Network;
  /** @jsii ignore */
  readonly dataPlane: DataPlane;
  /** The EasyAuth web app or the App Proxy VM, whichever `authMode` picks. @jsii ignore */
  readonly frontDoor: FrontDoor;
  /** Action group, alerts, and the VMs' log collection. @jsii ignore */
  readonly monitoring: Monitoring;
  /** The tracking server this stack is built around: everything but the providers, backend and resource group. */
  readonly server: MlflowTrackingServer;

  /**
   * @param id stack id, `mlflow-<environment>` (main.ts builds it from the key in environments.ts)
   * @throws ConfigError when the configuration is invalid; nothing is added to the app then.
   */
  constructor(scope: Construct, id: string, config: EnvironmentConfig) {
    // Validate before anything is added to the app, so a bad environment leaves no half-built stack behind.
    const resolved = resolveConfig(
      id.startsWith(STACK_ID_PREFIX) ? id.slice(STACK_ID_PREFIX.length) : id,
      config,
    );
    super(scope, id);
    this.config = resolved;
    // Secure by default, checked: any finding of the rule pack fails synth (see constructs/policy/).
    Aspects.of(this).add(new SecurityRulePack());

    // --- Providers and state -------------------------------------------------------------------------------
    new AzurermProvider(this, "azurerm", {
      subscriptionId: resolved.subscriptionId,
      // Entra ID for storage data-plane calls: the account has shared keys disabled.
      storageUseAzuread: true,
      features: [
        {
          // Never read the storage data plane (queue/static-website properties) from Terraform: the account is
          // private, and those reads would fail from outside the VNet (hashicorp/terraform-provider-azurerm#30893).
          storage: [{ dataPlaneAvailable: false }],
          // A destroyed vault stays soft-deleted (purge protection), and a re-create recovers it.
          keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true }],
          resourceGroup: [{ preventDeletionIfContainsResources: true }],
          // Secrets are written by template deployments (VaultSecret): destroying a deployment must leave its
          // secret in the vault. https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs/guides/features-block
          templateDeployment: [{ deleteNestedItemsDuringDeletion: false }],
        },
      ],
    });
    new AzureadProvider(this, "azuread", {});
    new RandomProvider(this, "random", {});
    if (resolved.remoteState) {
      // Entra ID auth to the state account: no storage key needed on the deployer's machine.
      new AzurermBackend(this, { ...resolved.remoteState, useAzureadAuth: true });
    } else {
      // cdktf's default local backend writes this machine's absolute path into the JSON. Terraform runs in
      // cdktf.out/stacks/<id>/, so this relative path is the same file at the project root, on every machine.
      new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    }
    const azurermClient = new DataAzurermClientConfig(this, "azurerm-client", {});
    const azureadClient = new DataAzureadClientConfig(this, "azuread-client", {});

    // Globally unique names need a suffix: the configured one, or a hash of subscription + environment, at plan time.
    this.names = new ResourceNames(
      resolved.name,
      resolved.nameSuffix ?? computedNameSuffix(azurermClient.subscriptionId, resolved.name),
    );

    // --- Resource group, then the tracking server in it -------------------------------------------------------
    if (resolved.resourceGroupName === undefined) {
      this.resourceGroup = new ResourceGroup(this, "resource-group", {
        name: this.names.resourceGroup,
        location: resolved.location,
        tags: { ...resolved.tags },
        // Holds the data plane: never deleted by Terraform (see README, "Tearing an environment down").
        lifecycle: { preventDestroy: true },
      });
    }
    // An existing group is read, so a plan fails early if it is missing; resources go to `location`.
    let resourceGroup: ResourceGroupReference | undefined = this.resourceGroup;
    if (resourceGroup === undefined) {
      const existing = new DataAzurermResourceGroup(this, "existing-resource-group", {
        name: resolved.resourceGroupName ?? "",
      });
      resourceGroup = { id: existing.id, name: existing.name, location: resolved.location };
    }
    // Id "Default": cdktf leaves it out of Terraform addresses (makeUniqueId in cdktf/lib/private/unique.ts), so the
    // server's resources keep the addresses they had when the stack built them itself.
    const { subscriptionId, remoteState, resourceGroupName, disposable, ...settings } = config;
    this.server = new MlflowTrackingServer(this, "Default", {
      ...settings,
      environmentName: resolved.name,
      resourceGroup,
      resourceNames: this.names,
      tenantId: azurermClient.tenantId,
      deployerObjectId: azureadClient.objectId,
    });
    this.network = this.server.network;
    this.dataPlane = this.server.dataPlane;
    this.frontDoor = this.server.frontDoor;
    this.monitoring = this.server.monitoring;

    // Disposable applies to the whole stack, the resource group included.
    if (resolved.disposable) makeDisposable(this);

    // --- Outputs: every one is made here, from what the front door and the data plane expose -------------------
    new TerraformOutput(this, "tracking_uri", {
      value: this.frontDoor.trackingUri,
      description: "MLFLOW_TRACKING_URI, and the URL to open in a browser (Entra sign-in)",
    });
    new TerraformOutput(this, "entra_client_id", {
      value: this.frontDoor.applicationClientId,
      description: "Application (client) id of the Entra app that protects MLflow",
    });
    new TerraformOutput(this, "token_command", {
      value: this.frontDoor.tokenCommand,
      description: this.server.appProxy
        ? APP_PROXY_TOKEN_COMMAND_DESCRIPTION
        : EASYAUTH_TOKEN_COMMAND_DESCRIPTION,
    });
    new TerraformOutput(this, "tenant_id", {
      value: azurermClient.tenantId,
      description:
        "Entra tenant of MLflow's app registrations: AZURE_TENANT_ID for the Python plugin's device-code sign-in",
    });
    new TerraformOutput(this, "mlflow_entra_scope", {
      value: this.frontDoor.tokenScope,
      description:
        "OAuth scope clients request for an MLflow token (<identifier URI>/.default), e.g. for the Python auth plugin",
    });
    new TerraformOutput(this, "mlflow_image", {
      value: resolved.mlflow.image,
      description:
        "Container image MLflow runs; the deploy workflow checks it is published (docker manifest inspect) before a plan",
    });
    new TerraformOutput(this, "resource_group", {
      value: resourceGroup.name,
      description: "Resource group of the environment",
    });
    new TerraformOutput(this, "key_vault_name", {
      value: this.dataPlane.keyVault.name,
      description:
        'Key Vault for the few secrets no managed identity can replace (README, "What Key Vault holds")',
    });
    new TerraformOutput(this, "storage_account_name", {
      value: this.dataPlane.storageAccount.name,
      description: "Storage account holding MLflow artifacts",
    });
    new TerraformOutput(this, "postgres_server_name", {
      value: this.dataPlane.postgresServer.name,
      description: "PostgreSQL flexible server holding MLflow's backend store",
    });
    if (this.server.appProxy) this.appProxyOutputs(this.server.appProxy);
    const dnsRecords = this.server.customDomainDnsRecords;
    if (dnsRecords) {
      new TerraformOutput(this, "custom_domain_dns_records", {
        value: dnsRecords,
        description:
          "Create these records at your DNS host, then set easyAuth.customDomain.dnsRecordsCreated: true and deploy again",
      });
    }
    if (this.frontDoor instanceof EasyAuthFrontDoor) this.easyAuthOutputs(this.frontDoor);
  }

  /** What only EasyAuth mode has: how to give App Service Authentication a client secret, or rotate it. */
  private easyAuthOutputs(frontDoor: EasyAuthFrontDoor): void {
    new TerraformOutput(this, "client_secret_steps", {
      value: frontDoor.clientSecretSteps,
      description:
        "EasyAuth's client credential: the commands that create a client secret and store it in Key Vault, to use one " +
        "instead of the managed identity or to rotate it (the value never passes through Terraform)",
    });
  }

  /** What only App Proxy mode has: the connector group, the connectors' next steps and the native client. */
  private appProxyOutputs(frontDoor: AppProxyFrontDoor): void {
    new TerraformOutput(this, "connector_group_id", {
      value: frontDoor.connectorGroup.groupId,
      description: "Object id of the Application Proxy connector group MLflow is published through",
    });
    new TerraformOutput(this, "connector_steps", {
      value: frontDoor.connectorSteps,
      description:
        "Connector registration status or steps, and the commands that put the connectors in the group",
    });
    new TerraformOutput(this, "native_client_id", {
      value: frontDoor.nativeClientId,
      // A description must be a literal (no references), so the scope is not spelled out here.
      description:
        "Client id of the public client app registration that signs in to MLflow through App Proxy (MSAL device code): " +
        "token_command uses it, and the Python plugin's MLFLOW_ENTRA_CLIENT_ID",
    });
  }
}
