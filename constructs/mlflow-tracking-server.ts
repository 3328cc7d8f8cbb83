import { DataAzureadClientConfig } from "@cdktf/provider-azuread/lib/data-azuread-client-config";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { Annotations, Aspects, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AppProxyFrontDoor } from "./app-proxy";
import {
  ConfigError,
  resolveConfig,
  type EnvironmentConfig,
  type MlflowTrackingServerSettings,
  type ResolvedConfig,
} from "./config";
import { DataPlane } from "./data";
import { makeDisposable } from "./disposable";
import { EasyAuthFrontDoor } from "./easyauth";
import type { FrontDoor, FrontDoorProps } from "./front-door";
import { Monitoring } from "./monitoring";
import { computedNameSuffix, ResourceNames } from "./naming";
import { Network } from "./network";
import { SecurityRulePack } from "./policy";
import type { ResourceGroupReference } from "./resource-group";

/**
 * Settings of an EnvironmentConfig that only a stack has (MlflowStack): its provider's subscription, its backend,
 * its resource group (the construct takes `resourceGroup`).
 */
const STACK_KEYS: readonly (keyof EnvironmentConfig)[] = [
  "subscriptionId",
  "remoteState",
  "resourceGroupName",
];

export interface MlflowTrackingServerProps extends MlflowTrackingServerSettings {
  /**
   * Name of this MLflow environment: 2-10 lowercase letters or digits, starting with a letter. It goes into every
   * resource name (`vnet-mlflow-<name>`, `stmlf<name><suffix>`, ...), so Azure's length limits bound it.
   */
  readonly environmentName: string;
  /**
   * The resource group everything is created in: yours. A `ResourceGroup` you create passes as it is; for an
   * existing group pass its name and the region to build in, e.g. from a `DataAzurermResourceGroup`.
   */
  readonly resourceGroup: ResourceGroupReference;
  /**
   * Names of the Azure resources. Subclass ResourceNames to follow your own naming convention.
   * @default - the Cloud Adoption Framework names of ResourceNames, for `environmentName` and `nameSuffix`
   */
  readonly resourceNames?: ResourceNames;
  /**
   * Entra tenant that signs people in.
   * @default - the azurerm provider's tenant (a `data.azurerm_client_config` in this construct)
   */
  readonly tenantId?: string;
  /**
   * Object id that owns the Entra app registrations, so it can manage them without a directory role.
   * @default - whoever runs Terraform (a `data.azuread_client_config` in this construct)
   */
  readonly deployerObjectId?: string;
}

/**
 * An MLflow tracking server on Azure behind Microsoft Entra ID, in a stack of yours: network -> data plane -> the
 * front door `authMode` picks -> monitoring. It uses your providers (azurerm with `storageUseAzuread: true`,
 * azuread, random; msgraph and azapi for App Proxy, which it declares itself), your backend and your resource group, and makes no outputs:
 * read the values below. MlflowStack is this construct with the providers, a backend and a resource group around it.
 *
 * Bad settings throw a ConfigError naming the field, the value and the fix, before anything is added.
 */
export class MlflowTrackingServer extends Construct {
  // `@jsii ignore`: TypeScript only; the building blocks are not part of the jsii API (constructs/library.ts).
  // https://aws.github.io/jsii/user-guides/lib-author/hints/
  /** The validated settings, every default filled in. @jsii ignore */
  readonly config: ResolvedConfig;
  /** Names of the Azure resources. */
  readonly resourceNames: ResourceNames;
  /** @jsii ignore */
  readonly network: Network;
  /** @jsii ignore */
  readonly dataPlane: DataPlane;
  /** The EasyAuth web app or the App Proxy VM, whichever `authMode` picks. @jsii ignore */
  readonly frontDoor: FrontDoor;
  /** Action group, alerts, and the VMs' log collection. @jsii ignore */
  readonly monitoring: Monitoring;
  /** The App Proxy front door, in that mode. @jsii ignore */
  readonly appProxy: AppProxyFrontDoor | undefined;

  /**
   * Adds the project's security and deployability rule pack (constructs/policy) to a stack, as MlflowStack does:
   * any finding on any resource of the stack, yours included, fails synth. Opt-in, since it judges the whole stack.
   */
  static addSecurityRulePack(stack: TerraformStack): void {
    Aspects.of(stack).add(new SecurityRulePack());
  }

  constructor(scope: Construct, id: string, props: MlflowTrackingServerProps) {
    const { environmentName, resourceGroup, resourceNames, tenantId, deployerObjectId, ...settings } = props;
    // Validate before anything is added to the scope, so bad settings leave nothing half-built behind.
    for (const key of STACK_KEYS) {
      if (key in settings) {
        throw new ConfigError(environmentName, [
          `${key}: belongs to the stack, not to MlflowTrackingServer (it uses your providers and backend); remove it and set it on your AzurermProvider or backend`,
        ]);
      }
    }
    const resolved = resolveConfig(environmentName, settings);
    super(scope, id);
    this.config = resolved;

    // The deployer's context is looked up (data sources, at plan time) only for what the caller did not give.
    let azurermClient: DataAzurermClientConfig | undefined;
    const client = () => (azurermClient ??= new DataAzurermClientConfig(this, "azurerm-client", {}));
    const tenant = tenantId ?? client().tenantId;
    const deployer = deployerObjectId ?? new DataAzureadClientConfig(this, "azuread-client", {}).objectId;
    // Globally unique names need a suffix: the configured one, or a hash of subscription + environment, at plan time.
    this.resourceNames =
      resourceNames ??
      new ResourceNames(
        resolved.name,
        resolved.nameSuffix ?? computedNameSuffix(client().subscriptionId, resolved.name),
      );
    const names = this.resourceNames;

    // --- Network -> data plane ------------------------------------------------------------------------------
    this.network = new Network(this, "network", {
      names,
      resourceGroup,
      addressSpace: resolved.addressSpace,
      // The same rules in both modes: the network never depends on authMode.
      mlflowVmSourceCidrs: resolved.appProxy.allowedSourceCidrs,
      tags: resolved.tags,
      existingVirtualNetwork: resolved.landingZone.virtualNetwork,
      privateDnsZoneIds: resolved.landingZone.privateDnsZoneIds,
      egressRouteTableId: resolved.landingZone.egressRouteTableId,
    });
    this.dataPlane = new DataPlane(this, "data", {
      names,
      resourceGroup,
      network: this.network,
      tenantId: tenant,
      database: resolved.database,
      storage: resolved.storage,
      keyVault: resolved.keyVault,
      logAnalytics: resolved.logAnalytics,
      logAnalyticsWorkspaceId: resolved.landingZone.logAnalyticsWorkspaceId,
      tags: resolved.tags,
    });

    // --- Front door -----------------------------------------------------------------------------------------
    const frontDoorProps: FrontDoorProps = {
      names,
      resourceGroup,
      network: this.network,
      dataPlane: this.dataPlane,
      mlflow: resolved.mlflow,
      signInGroupObjectIds: resolved.signInGroupObjectIds,
      tenantId: tenant,
      deployerObjectId: deployer,
      tags: resolved.tags,
    };
    // Construct ids name the mode: switching modes replaces exactly these resources and nothing else.
    this.appProxy =
      resolved.authMode === "app-proxy"
        ? new AppProxyFrontDoor(this, "app-proxy", { ...frontDoorProps, appProxy: resolved.appProxy })
        : undefined;
    this.frontDoor =
      this.appProxy ??
      new EasyAuthFrontDoor(this, "easyauth", {
        ...frontDoorProps,
        easyAuth: resolved.easyAuth,
        automationPrincipals: resolved.automationPrincipals,
        permissions: resolved.permissions,
      });

    // --- Monitoring ----------------------------------------------------------------------------------------
    this.monitoring = new Monitoring(this, "monitoring", {
      names,
      resourceGroup,
      workspace: this.dataPlane.logAnalytics,
      alertEmails: resolved.monitoring.alertEmails,
      postgresServer: this.dataPlane.postgresServer,
      hosts: this.frontDoor.monitoredHosts,
      tags: resolved.tags,
    });
    if (resolved.monitoring.alertEmails.length === 0) {
      Annotations.of(this).addInfo(
        `${TerraformStack.of(this).node.id}: monitoring.alertEmails is empty, so alerts fire in Azure Monitor but notify nobody. ` +
          'Add e.g. monitoring: { alertEmails: ["ml-platform@contoso.com"] } to be told when MLflow is down.',
      );
    }

    if (resolved.disposable) makeDisposable(this);
    this.node.addValidation({ validate: () => azurermProviderProblems(TerraformStack.of(this)) });
  }

  /** `MLFLOW_TRACKING_URI`, and the URL to open in a browser (Entra sign-in). */
  get trackingUri(): string {
    return this.frontDoor.trackingUri;
  }

  /** Application (client) id of the Entra app that protects MLflow. */
  get applicationClientId(): string {
    return this.frontDoor.applicationClientId;
  }

  /** Shell line that exports `MLFLOW_TRACKING_TOKEN` (Azure CLI), valid about an hour. */
  get tokenCommand(): string {
    return this.frontDoor.tokenCommand;
  }

  /** OAuth scope clients request for an MLflow token (`<identifier URI>/.default`). */
  get tokenScope(): string {
    return this.frontDoor.tokenScope;
  }

  /** Container image MLflow runs. */
  get mlflowImage(): string {
    return this.config.mlflow.image;
  }

  /** Key Vault holding the database credentials. */
  get keyVaultName(): string {
    return this.dataPlane.keyVault.name;
  }

  /** Storage account holding MLflow's artifacts. */
  get storageAccountName(): string {
    return this.dataPlane.storageAccount.name;
  }

  /** PostgreSQL flexible server holding MLflow's backend store. */
  get postgresServerName(): string {
    return this.dataPlane.postgresServer.name;
  }

  /**
   * EasyAuth with `easyAuth.customDomain`: the DNS records to create at your DNS host, one line each
   * (`<type> <name> <value>`). @default - none (no custom domain)
   */
  get customDomainDnsRecords(): string[] | undefined {
    return this.frontDoor instanceof EasyAuthFrontDoor ? this.frontDoor.customDomain?.dnsRecords : undefined;
  }

  /** App Proxy mode: object id of the connector group MLflow is published through. @default - none (EasyAuth) */
  get connectorGroupId(): string | undefined {
    return this.appProxy?.connectorGroup.groupId;
  }

  /** App Proxy mode: connector registration status or steps. @default - none (EasyAuth) */
  get connectorSteps(): string | undefined {
    return this.appProxy?.connectorSteps;
  }

  /** App Proxy mode: client id of the public client for MSAL sign-in. @default - none (EasyAuth) */
  get nativeClientId(): string | undefined {
    return this.appProxy?.nativeClientId;
  }
}

/**
 * The storage account has shared keys disabled (MLF-ST-4), so the azurerm provider must reach its data plane with
 * Entra ID (`storage_use_azuread`), or every plan fails on the container; a stack of the consumer's says so at synth.
 * https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs (argument storage_use_azuread)
 */
function azurermProviderProblems(stack: TerraformStack): string[] {
  const providers = stack.node.findAll().filter((node) => node instanceof AzurermProvider);
  return providers.some((provider) => provider.storageUseAzuread === true)
    ? []
    : [
        `${stack.node.id}: MlflowTrackingServer needs an AzurermProvider with storageUseAzuread: true in this stack (its storage account allows Entra ID only); add it to your provider`,
      ];
}
