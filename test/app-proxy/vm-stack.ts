import { DataAzureadClientConfig } from "@cdktf/provider-azuread/lib/data-azuread-client-config";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import type { AppProxyConfig, EnvironmentConfig } from "../../constructs/config";
import { resolveConfig } from "../../constructs/config";
import { DataPlane } from "../../constructs/data";
import type { FrontDoorProps } from "../../constructs/front-door";
import { ResourceNames } from "../../constructs/naming";
import { Network } from "../../constructs/network";
import { PROD_LIKE, type TerraformJson } from "../support/synth";

/**
 * The foundation a front door stands on (providers, resource group, network, data plane), built the way
 * MlflowStack builds it but without a front door, so host tests see only the hosts they add.
 */
export function hostStack(appProxy: AppProxyConfig = {}, overrides: Partial<EnvironmentConfig> = {}) {
  const app = Testing.app();
  const stack = new TerraformStack(app, "mlflow-prod");
  const config = resolveConfig("prod", { ...PROD_LIKE, nameSuffix: "t3st01", appProxy, ...overrides });
  new AzurermProvider(stack, "azurerm", { features: [{}], storageUseAzuread: true });
  new AzureadProvider(stack, "azuread", {});
  new RandomProvider(stack, "random", {});
  const azurermClient = new DataAzurermClientConfig(stack, "azurerm-client", {});
  const azureadClient = new DataAzureadClientConfig(stack, "azuread-client", {});
  const names = new ResourceNames(config.name, "t3st01");
  const resourceGroup = new ResourceGroup(stack, "resource-group", {
    name: names.resourceGroup,
    location: config.location,
    lifecycle: { preventDestroy: true },
  });
  const network = new Network(stack, "network", { config, names, resourceGroup });
  const dataPlane = new DataPlane(stack, "data", { config, names, resourceGroup, network, azurermClient });
  const props: FrontDoorProps = {
    config,
    names,
    resourceGroup,
    network,
    dataPlane,
    azurermClient,
    azureadClient,
  };
  const synth = () => JSON.parse(Testing.synth(stack)) as TerraformJson & { locals?: Record<string, string> };
  return { stack, props, synth };
}
