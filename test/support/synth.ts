import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../constructs";
import { MlflowStack } from "../../constructs";
import type { TerraformJson } from "./json";

export * from "./json";

const synthesized = new Map<string, { stack: MlflowStack; text: string; json: TerraformJson }>();

/**
 * Builds `mlflow-<name>` from a config, as main.ts does, and returns the stack with its synthesized JSON. A full
 * stack takes a tenth of a second or more, so each config is built once per test worker and the result is shared by
 * every test file that worker runs (they share modules: jest.config.js). Read it, never change it: build your own
 * MlflowStack to add overrides.
 */
export function synthStack(
  config: EnvironmentConfig,
  name = "test",
): { stack: MlflowStack; text: string; json: TerraformJson } {
  const key = `${name}\0${JSON.stringify(config)}`;
  let result = synthesized.get(key);
  if (!result) {
    const stack = new MlflowStack(Testing.app(), `mlflow-${name}`, config);
    const text = Testing.synth(stack);
    result = { stack, text, json: JSON.parse(text) as TerraformJson };
    synthesized.set(key, result);
  }
  return result;
}
