import type { TerraformMetaArguments, TerraformResourceConfig } from "cdktf";
import { generatorMetadata, type RawProviderSpec } from "./spec";

/**
 * What cdktf's TerraformResource and TerraformDataSource take for a raw element: its type, its generator, and the
 * meta-arguments of its config (cdktf writes those itself; the element writes its own arguments).
 */
export function elementConfig(
  provider: RawProviderSpec,
  type: string,
  config: TerraformMetaArguments,
): TerraformResourceConfig {
  return {
    terraformResourceType: type,
    terraformGeneratorMetadata: generatorMetadata(provider),
    provider: config.provider,
    dependsOn: config.dependsOn,
    count: config.count,
    lifecycle: config.lifecycle,
    forEach: config.forEach,
  };
}
