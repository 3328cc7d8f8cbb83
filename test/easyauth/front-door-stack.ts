import { DataAzureadClientConfig } from "@cdktf/provider-azuread/lib/data-azuread-client-config";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../constructs";
import { MlflowStack } from "../../constructs";
import { EasyAuthFrontDoor } from "../../constructs/easyauth";
import { DEV_LIKE, TerraformJson } from "../support/synth";

/**
 * A real MlflowStack in EasyAuth mode with its front door. Uses the stack's own EasyAuthFrontDoor (id "easyauth")
 * when the stack builds one, and adds one with the same props otherwise.
 */
export function synthEasyAuth(overrides: Partial<EnvironmentConfig> = {}): {
  frontDoor: EasyAuthFrontDoor;
  text: string;
  json: TerraformJson;
} {
  const app = Testing.app();
  const stack = new MlflowStack(app, "mlflow-test", {
    ...DEV_LIKE,
    nameSuffix: "t3st01",
    ...overrides,
  } as EnvironmentConfig);
  const frontDoor =
    (stack.node.tryFindChild("easyauth") as EasyAuthFrontDoor | undefined) ??
    new EasyAuthFrontDoor(stack, "easyauth", {
      config: stack.config,
      names: stack.names,
      resourceGroup: stack.resourceGroup,
      network: stack.network,
      dataPlane: stack.dataPlane,
      azurermClient: new DataAzurermClientConfig(stack, "easyauth-test-azurerm-client", {}),
      azureadClient: new DataAzureadClientConfig(stack, "easyauth-test-azuread-client", {}),
    });
  const text = Testing.synth(stack);
  return { frontDoor, text, json: JSON.parse(text) as TerraformJson };
}
