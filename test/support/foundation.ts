import { DataAzureadClientConfig } from "@cdktf/provider-azuread/lib/data-azuread-client-config";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import type { ConnectorHostsProps } from "../../constructs/app-proxy/connector-hosts";
import type { MlflowVmProps } from "../../constructs/app-proxy/mlflow-vm";
import type { AppProxyConfig, EnvironmentConfig, ResolvedConfig } from "../../constructs/config";
import { resolveConfig } from "../../constructs/config";
import { DataPlane } from "../../constructs/data";
import type { FrontDoorProps } from "../../constructs/front-door";
import { ResourceNames } from "../../constructs/naming";
import { Network } from "../../constructs/network";
import { PROD_LIKE, resolveToken, type TerraformJson } from "./json";

/** The name suffix every foundation uses, so names are literals in the JSON. */
export const SUFFIX = "t3st01";

/**
 * What a front door stands on (providers, resource group, network, data plane), built the way MlflowStack builds it
 * but without a front door, so a test of one front door or host sees only what it adds.
 * @param name the environment's name; the stack is `mlflow-<name>`
 */
export function foundation(
  overrides: Partial<EnvironmentConfig> = {},
  { name = "prod", base = PROD_LIKE }: { name?: string; base?: EnvironmentConfig } = {},
) {
  const app = Testing.app();
  const stack = new TerraformStack(app, `mlflow-${name}`);
  const config: ResolvedConfig = resolveConfig(name, { ...base, nameSuffix: SUFFIX, ...overrides });
  new AzurermProvider(stack, "azurerm", { features: [{}], storageUseAzuread: true });
  new AzureadProvider(stack, "azuread", {});
  new RandomProvider(stack, "random", {});
  const azurermClient = new DataAzurermClientConfig(stack, "azurerm-client", {});
  const azureadClient = new DataAzureadClientConfig(stack, "azuread-client", {});
  const names = new ResourceNames(config.name, SUFFIX);
  const resourceGroup = new ResourceGroup(stack, "resource-group", {
    name: names.resourceGroup,
    location: config.location,
    lifecycle: { preventDestroy: true },
  });
  const network = new Network(stack, "network", {
    names,
    resourceGroup,
    addressSpace: config.addressSpace,
    mlflowVmSourceCidrs: config.appProxy.allowedSourceCidrs,
    tags: config.tags,
  });
  const dataPlane = new DataPlane(stack, "data", {
    names,
    resourceGroup,
    network,
    tenantId: azurermClient.tenantId,
    database: config.database,
    storage: config.storage,
    keyVault: config.keyVault,
    logAnalytics: config.logAnalytics,
    tags: config.tags,
  });
  const frontDoorProps: FrontDoorProps = {
    names,
    resourceGroup,
    network,
    dataPlane,
    mlflow: config.mlflow,
    signInGroupObjectIds: config.signInGroupObjectIds,
    tenantId: azurermClient.tenantId,
    deployerObjectId: azureadClient.objectId,
    tags: config.tags,
  };
  const synth = () => JSON.parse(Testing.synth(stack)) as TerraformJson & { locals?: Record<string, string> };
  /** A token (e.g. a front door's trackingUri) as Terraform will see it: `${...}` references. */
  const resolve = (value: string) => resolveToken(stack, value);
  return { stack, config, frontDoorProps, synth, resolve };
}

/** The foundation of an App Proxy environment, with the props its two hosts get from AppProxyFrontDoor. */
export function hostStack(appProxy: AppProxyConfig = {}, overrides: Partial<EnvironmentConfig> = {}) {
  const { stack, config, frontDoorProps, synth } = foundation({ appProxy, ...overrides });
  const { names, resourceGroup, network, dataPlane, tenantId, tags } = frontDoorProps;
  const vmProps: Omit<MlflowVmProps, "publicUrls"> = {
    names,
    resourceGroup,
    network,
    dataPlane,
    mlflow: config.mlflow,
    acceptInternalUrl: config.appProxy.allowedSourceCidrs.length > 0,
    vmSize: config.appProxy.vmSize,
    adminUsername: config.appProxy.adminUsername,
    sshPublicKey: config.appProxy.sshPublicKey,
    administratorGroupObjectIds: config.appProxy.vmAdministratorGroupObjectIds,
    tags,
  };
  const hostsProps: ConnectorHostsProps = {
    names,
    resourceGroup,
    subnet: network.subnets.connector,
    dataPlane,
    tenantId,
    count: config.appProxy.connectorCount,
    vmSize: config.appProxy.connectorVmSize,
    registrationTokenSecretId: config.appProxy.connectorRegistrationTokenSecretId,
    tags,
  };
  return { stack, config, vmProps, hostsProps, synth };
}
