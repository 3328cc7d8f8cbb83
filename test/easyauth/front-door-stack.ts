import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../constructs";
import type { DataPlane } from "../../constructs/data";
import { EasyAuthFrontDoor } from "../../constructs/easyauth";
import { foundation } from "../support/foundation";
import { DEV_LIKE, type TerraformJson } from "../support/json";

/**
 * An EasyAuthFrontDoor on the foundation MlflowStack would build for an environment `test` (suffix t3st01), without
 * the stack's outputs or other front door: what the tests see is what the front door adds.
 */
export function synthEasyAuth(overrides: Partial<EnvironmentConfig> = {}): {
  frontDoor: EasyAuthFrontDoor;
  /** The data plane the front door was built on (its database login, identities). */
  dataPlane: DataPlane;
  text: string;
  json: TerraformJson;
  resolve: (value: string) => string;
} {
  const { stack, config, frontDoorProps, resolve } = foundation(overrides, { name: "test", base: DEV_LIKE });
  const frontDoor = new EasyAuthFrontDoor(stack, "easyauth", {
    ...frontDoorProps,
    easyAuth: config.easyAuth,
    automationPrincipals: config.automationPrincipals,
    permissions: config.permissions,
  });
  const text = Testing.synth(stack);
  return {
    frontDoor,
    dataPlane: frontDoorProps.dataPlane,
    text,
    json: JSON.parse(text) as TerraformJson,
    resolve,
  };
}
