import { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { hclArguments, jsonArguments, stringArgument, type Arguments } from "./attributes";
import { generatorMetadata, type RawProviderSpec } from "./spec";

/**
 * `provider "<name>"` of a provider without prebuilt bindings (cdktf's raw TerraformProvider), plus its
 * `required_providers` entry pinned to the spec's version. Its alias is settable later too, as on generated providers.
 */
export abstract class RawProvider extends TerraformProvider {
  private aliasValue: string | undefined;

  protected constructor(scope: Construct, id: string, provider: RawProviderSpec, alias?: string) {
    super(scope, id, {
      terraformResourceType: provider.name,
      terraformGeneratorMetadata: generatorMetadata(provider),
      terraformProviderSource: provider.source,
    });
    this.aliasValue = alias;
  }

  override get alias(): string | undefined {
    return this.aliasValue;
  }

  override set alias(value: string | undefined) {
    this.aliasValue = value;
  }

  /** The provider's arguments by their Terraform (snake_case) name, none unless overridden; `alias` follows. */
  protected arguments(): Arguments {
    return {};
  }

  private allArguments(): Arguments {
    return { ...this.arguments(), alias: stringArgument(this.aliasValue) };
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return jsonArguments(this.allArguments());
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclArguments(this.allArguments());
  }
}
