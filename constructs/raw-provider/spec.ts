import type { TerraformProviderGeneratorMetadata } from "cdktf";

/**
 * A Terraform provider used without prebuilt cdktf bindings: what declaring it and its elements through cdktf's raw
 * TerraformProvider, TerraformResource and TerraformDataSource needs to know about it.
 */
export interface RawProviderSpec {
  /** Local name, the `provider` block's label and the prefix of its type names, e.g. `msgraph`. */
  readonly name: string;
  /** Registry source, e.g. `microsoft/msgraph`. */
  readonly source: string;
  /** Exact version, pinned in `required_providers`. */
  readonly version: string;
}

/** What each element records as its generator (the provider and its version), as generated bindings do. */
export function generatorMetadata(provider: RawProviderSpec): TerraformProviderGeneratorMetadata {
  return { providerName: provider.name, providerVersion: provider.version };
}
