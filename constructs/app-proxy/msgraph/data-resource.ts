import { TerraformDataSource, type TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { dynamicArgument, hclArguments, jsonArguments, stringArgument, type Arguments } from "./attributes";
import { MSGRAPH_GENERATOR_METADATA } from "./provider";
import type { GraphApiVersion, GraphResponseExportValues } from "./resources";

export interface MsgraphDataResourceConfig extends TerraformMetaArguments {
  /** Item or collection URL without the API version, e.g. `onPremisesPublishingProfiles/applicationProxy`. */
  readonly url: string;
  /** @default "v1.0" (the provider's default) */
  readonly apiVersion?: GraphApiVersion;
  /** JMESPath queries whose results `output(name)` returns. @default - none */
  readonly responseExportValues?: GraphResponseExportValues;
}

/**
 * `data "msgraph_resource"`: one GET, at plan time unless a dependency is still to be applied (then at apply).
 * Exists since provider 0.1.0 (microsoft/terraform-provider-msgraph CHANGELOG.md, docs/data-sources/resource.md).
 * The stacks use none: a pull-request plan signs in as an application, which Graph refuses for the App Proxy reads,
 * so the rule pack refuses msgraph data sources (MLF-DEPLOY-7); read at apply time with MsgraphResourceAction (GET).
 */
export class MsgraphDataResource extends TerraformDataSource {
  static readonly tfResourceType = "msgraph_resource";
  private readonly config: MsgraphDataResourceConfig;

  constructor(scope: Construct, id: string, config: MsgraphDataResourceConfig) {
    super(scope, id, {
      terraformResourceType: MsgraphDataResource.tfResourceType,
      terraformGeneratorMetadata: MSGRAPH_GENERATOR_METADATA,
      provider: config.provider,
      dependsOn: config.dependsOn,
      lifecycle: config.lifecycle,
    });
    this.config = config;
  }

  /** The value the response export named `name` selected. */
  output(name: string): string {
    return this.getStringAttribute(`output.${name}`);
  }

  private arguments(): Arguments {
    return {
      url: stringArgument(this.config.url),
      api_version: stringArgument(this.config.apiVersion),
      response_export_values: dynamicArgument(this.config.responseExportValues),
    };
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return jsonArguments(this.arguments());
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclArguments(this.arguments());
  }
}
