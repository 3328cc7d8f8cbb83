import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../constructs";
import { MlflowStack } from "../../constructs";
import type { EasyAuthFrontDoor } from "../../constructs/easyauth";
import { DEV_LIKE, TerraformJson } from "../support/synth";

/**
 * A real MlflowStack in EasyAuth mode, and its front door.
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
  const frontDoor = stack.frontDoor as EasyAuthFrontDoor;
  const text = Testing.synth(stack);
  return { frontDoor, text, json: JSON.parse(text) as TerraformJson };
}
