import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { dynamicArgument, RawResource, stringArgument, type Arguments } from "../../raw-provider";
import { MSGRAPH } from "./provider";

/**
 * Typed wrappers over the `microsoft/msgraph` resources (cdktf's raw TerraformResource; argument names from the
 * provider's schema, https://registry.terraform.io/providers/microsoft/msgraph/latest/docs). `body` is a Terraform
 * dynamic argument: the object is written as-is, keys untouched (camelCase Graph names, `@odata.id`); strings may
 * hold tokens. Each resource declares its arguments once (`arguments()`), written as JSON and as HCL.
 */

/** Microsoft Graph API version in the request URL. App Proxy calls exist only in `beta`. */
export type GraphApiVersion = "v1.0" | "beta";
/** A Graph request body: JSON-like values (strings may be Terraform tokens). */
export type GraphBody = { readonly [property: string]: GraphValue };
export type GraphValue = string | number | boolean | null | readonly GraphValue[] | GraphBody;
/** OData query parameters, e.g. `{ $select: ["onPremisesPublishing"] }`. */
export type GraphQueryParameters = Readonly<Record<string, readonly string[]>>;
/** Names for JMESPath queries over the response, e.g. `{ id: "id" }`; read back with `output(name)`. */
export type GraphResponseExportValues = Readonly<Record<string, string>>;
/** HTTP methods `msgraph_resource_action` accepts. */
export type GraphActionMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Arguments every msgraph resource shares. */
interface MsgraphCommonConfig extends TerraformMetaArguments {
  /** @default "v1.0" (the provider's default); App Proxy calls need "beta" */
  readonly apiVersion?: GraphApiVersion;
  /** Request body. @default - none */
  readonly body?: GraphBody;
  /** JMESPath queries whose results `output(name)` returns. @default - none */
  readonly responseExportValues?: GraphResponseExportValues;
}

/**
 * The arguments all three resources share. `id` is the object id for `msgraph_resource`, the URL's last segment
 * otherwise; `output(name)` is the value the response export named `name` selected.
 */
abstract class MsgraphResourceBase<Config extends MsgraphCommonConfig> extends RawResource<Config> {
  /** The resource's own arguments, in the provider's snake_case; the common ones follow. */
  protected abstract ownArguments(): Arguments;

  protected arguments(): Arguments {
    return {
      ...this.ownArguments(),
      api_version: stringArgument(this.config.apiVersion),
      body: dynamicArgument(this.config.body),
      response_export_values: dynamicArgument(this.config.responseExportValues),
    };
  }
}

interface MsgraphUrlConfig extends MsgraphCommonConfig {
  /** Where the object lives, without the API version (each resource says which URL). */
  readonly url: string;
  /** Query parameters of the read (GET). @default - none */
  readonly readQueryParameters?: GraphQueryParameters;
}

/** The two resources that read their object back: a URL and the query parameters of that read. */
abstract class MsgraphUrlResource<Config extends MsgraphUrlConfig> extends MsgraphResourceBase<Config> {
  protected ownArguments(): Arguments {
    return {
      url: stringArgument(this.config.url),
      read_query_parameters: dynamicArgument(this.config.readQueryParameters),
    };
  }
}

export interface MsgraphResourceConfig extends MsgraphUrlConfig {
  /**
   * Collection URL without the API version, e.g. `onPremisesPublishingProfiles/applicationProxy/connectorGroups`.
   * The provider POSTs there, then GETs, PATCHes and DELETEs `<url>/<id>`.
   */
  readonly url: string;
}

/**
 * `msgraph_resource`: a Graph object with a full lifecycle (POST, GET, PATCH, DELETE on destroy). Only for URLs that
 * support all four; a `$ref` URL without GET makes create wait its 30 minute timeout.
 */
export class MsgraphResource extends MsgraphUrlResource<MsgraphResourceConfig> {
  static readonly tfResourceType = "msgraph_resource";

  constructor(scope: Construct, id: string, config: MsgraphResourceConfig) {
    super(scope, id, MSGRAPH, MsgraphResource.tfResourceType, config);
  }

  /** `<url>/<id>`: the item URL the provider reads and deletes. */
  get resourceUrl(): string {
    return this.getStringAttribute("resource_url");
  }
}

export interface MsgraphUpdateResourceConfig extends MsgraphUrlConfig {
  /** Item URL of an object that already exists, e.g. `applications/<object id>`. */
  readonly url: string;
}

/**
 * `msgraph_update_resource`: PATCHes properties of an object something else owns, and re-PATCHes when they drift
 * (`readQueryParameters` selects what the drift check reads). Destroying it sends nothing to Graph.
 */
export class MsgraphUpdateResource extends MsgraphUrlResource<MsgraphUpdateResourceConfig> {
  static readonly tfResourceType = "msgraph_update_resource";

  constructor(scope: Construct, id: string, config: MsgraphUpdateResourceConfig) {
    super(scope, id, MSGRAPH, MsgraphUpdateResource.tfResourceType, config);
  }
}

export interface MsgraphResourceActionConfig extends MsgraphCommonConfig {
  /** Item URL the action applies to, e.g. `applications/<object id>`. */
  readonly resourceUrl: string;
  /** Path appended to `resourceUrl`, e.g. `connectorGroup/$ref`. @default - none: the request goes to `resourceUrl` */
  readonly action?: string;
  readonly method: GraphActionMethod;
  /**
   * Request headers, e.g. `{ "client-request-id": Fn.uuid() }`. A header that changes re-sends the request: the
   * provider re-runs the action on any argument change (see the class comment). @default - none
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * `msgraph_resource_action`: sends one request when created, and again when any argument changes. It never reads
 * anything back, so it suits write-only endpoints such as a `$ref` that has no GET. Destroying it sends nothing.
 * Planning sends nothing either (its refresh keeps the state as it is, its plan modifier calls no API), so a plan by an
 * identity Graph would refuse succeeds. `output` (the response's exports) is recomputed on every create or update and
 * unknown until then (microsoft/terraform-provider-msgraph internal/services/msgraph_resource_action.go: Create and
 * Update call executeAction, Read and ModifyPlan send no request, `output` is Computed with no plan modifier).
 */
export class MsgraphResourceAction extends MsgraphResourceBase<MsgraphResourceActionConfig> {
  static readonly tfResourceType = "msgraph_resource_action";

  constructor(scope: Construct, id: string, config: MsgraphResourceActionConfig) {
    super(scope, id, MSGRAPH, MsgraphResourceAction.tfResourceType, config);
  }

  protected ownArguments(): Arguments {
    return {
      resource_url: stringArgument(this.config.resourceUrl),
      action: stringArgument(this.config.action),
      method: stringArgument(this.config.method),
      headers: dynamicArgument(this.config.headers),
    };
  }
}
