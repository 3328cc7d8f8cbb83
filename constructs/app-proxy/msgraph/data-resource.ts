import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { dynamicArgument, RawDataSource, stringArgument, type Arguments } from "../../raw-provider";
import { MSGRAPH } from "./provider";
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
export class MsgraphDataResource extends RawDataSource<MsgraphDataResourceConfig> {
  static readonly tfResourceType = "msgraph_resource";

  constructor(scope: Construct, id: string, config: MsgraphDataResourceConfig) {
    super(scope, id, MSGRAPH, MsgraphDataResource.tfResourceType, config);
  }

  protected arguments(): Arguments {
    return {
      url: stringArgument(this.config.url),
      api_version: stringArgument(this.config.apiVersion),
      response_export_values: dynamicArgument(this.config.responseExportValues),
    };
  }
}
