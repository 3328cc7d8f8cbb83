import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { dynamicArgument, RawResource, stringArgument, type Arguments } from "../../raw-provider";
import { AZAPI } from "./provider";

/**
 * Typed wrappers over the two `Azure/azapi` resources this project uses (cdktf's raw TerraformResource; argument
 * names from the provider's schema at v2.12.0, docs/resources/resource.md and resource_action.md). `body` is a
 * Terraform dynamic argument, written as-is; strings may hold tokens.
 */

/** A JSON-like request body. */
export type AzapiBody = { readonly [property: string]: AzapiValue };
export type AzapiValue = string | number | boolean | null | readonly AzapiValue[] | AzapiBody;

interface AzapiCommonConfig extends TerraformMetaArguments {
  /** `<resource type>@<api version>`, e.g. `Microsoft.Compute/sshPublicKeys@2024-11-01`. */
  readonly type: string;
  /** Request body. @default - none */
  readonly body?: AzapiBody;
  /**
   * Response fields kept in state as `output` (paths, e.g. `["publicKey"]`). Nothing else of the response is kept.
   * @default - none
   */
  readonly responseExportValues?: readonly string[];
}

/** The arguments both resources share. `output(path)` is the response field `path` that `responseExportValues` kept. */
abstract class AzapiResourceBase<Config extends AzapiCommonConfig> extends RawResource<Config> {
  protected abstract ownArguments(): Arguments;

  protected arguments(): Arguments {
    return {
      type: stringArgument(this.config.type),
      ...this.ownArguments(),
      body: dynamicArgument(this.config.body),
      response_export_values: dynamicArgument(this.config.responseExportValues),
    };
  }
}

export interface AzapiResourceConfig extends AzapiCommonConfig {
  readonly name: string;
  /** Resource id of the parent, e.g. a resource group's id. */
  readonly parentId: string;
  readonly location: string;
  /** @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** `azapi_resource`: an Azure Resource Manager resource with a full lifecycle (PUT, GET, DELETE on destroy). */
export class AzapiResource extends AzapiResourceBase<AzapiResourceConfig> {
  static readonly tfResourceType = "azapi_resource";

  constructor(scope: Construct, id: string, config: AzapiResourceConfig) {
    super(scope, id, AZAPI, AzapiResource.tfResourceType, config);
  }

  protected ownArguments(): Arguments {
    return {
      name: stringArgument(this.config.name),
      parent_id: stringArgument(this.config.parentId),
      location: stringArgument(this.config.location),
      tags: dynamicArgument(this.config.tags),
    };
  }
}

export interface AzapiResourceActionConfig extends AzapiCommonConfig {
  /** Id of the resource the action applies to. */
  readonly resourceId: string;
  /** The action's name, appended to the resource id, e.g. `generateKeyPair`. */
  readonly action: string;
  /** @default "POST" (the provider's default) */
  readonly method?: "POST" | "PATCH" | "PUT" | "DELETE" | "GET" | "HEAD";
}

/**
 * `azapi_resource_action`: one request when created (and again when an argument changes); reading it back sends
 * nothing (Read returns the state as it is), and destroying it sends nothing unless `when = "destroy"`.
 */
export class AzapiResourceAction extends AzapiResourceBase<AzapiResourceActionConfig> {
  static readonly tfResourceType = "azapi_resource_action";

  constructor(scope: Construct, id: string, config: AzapiResourceActionConfig) {
    super(scope, id, AZAPI, AzapiResourceAction.tfResourceType, config);
  }

  protected ownArguments(): Arguments {
    return {
      resource_id: stringArgument(this.config.resourceId),
      action: stringArgument(this.config.action),
      method: stringArgument(this.config.method),
    };
  }
}
