import { TerraformResource, type TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { hclArguments, jsonArguments, type Arguments } from "./attributes";
import { elementConfig } from "./element-config";
import type { RawProviderSpec } from "./spec";

/**
 * A resource of a provider without prebuilt bindings (cdktf's raw TerraformResource): the meta-arguments and generator
 * metadata go to cdktf, the arguments a subclass declares once are written as JSON and as HCL.
 */
export abstract class RawResource<Config extends TerraformMetaArguments> extends TerraformResource {
  protected readonly config: Config;

  protected constructor(
    scope: Construct,
    id: string,
    provider: RawProviderSpec,
    type: string,
    config: Config,
  ) {
    super(scope, id, elementConfig(provider, type, config));
    this.config = config;
  }

  /** Id the provider assigns. */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /** `output.<name>` (a string token): msgraph and azapi keep there what `response_export_values` selected. */
  output(name: string): string {
    return this.getStringAttribute(`output.${name}`);
  }

  /** The arguments by their Terraform (snake_case) name, in the order they are written. */
  protected abstract arguments(): Arguments;

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return jsonArguments(this.arguments());
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclArguments(this.arguments());
  }
}
