import {
  TerraformDataSource,
  TerraformProvider,
  TerraformResource,
  type TerraformMetaArguments,
} from "cdktf";
import type { Construct } from "constructs";

/**
 * Typed wrappers over the `microsoft/msgraph` Terraform provider, which has no prebuilt cdktf binding: cdktf's raw
 * `TerraformProvider` / `TerraformResource` escape hatch, with attribute names taken from the provider's schema.
 * https://registry.terraform.io/providers/microsoft/msgraph/latest/docs
 *
 * `body` is a Terraform *dynamic* attribute (an HCL object, not a `jsonencode` string) in every release used here:
 * the object given to these wrappers is written as-is into the synthesized JSON, keys untouched (camelCase Graph
 * property names, `@odata.id`). String values may hold tokens (e.g. an application's object id).
 */

/** Registry source of the provider. */
export const MSGRAPH_PROVIDER_SOURCE = "microsoft/msgraph";
/**
 * Exact provider version. 0.5.0 is the newest release (changelog PR microsoft/terraform-provider-msgraph#154);
 * it has `msgraph_resource`, `msgraph_update_resource` (with `read_query_parameters`) and `msgraph_resource_action`
 * (0.2.0+). Bump deliberately: the resources are young and have changed behaviour between minor versions.
 */
export const MSGRAPH_PROVIDER_VERSION = "0.5.0";

/** Microsoft Graph API version in the request URL. App Proxy calls exist only in `beta`. */
export type GraphApiVersion = "v1.0" | "beta";
/** A Graph request body: JSON-like values (strings may be Terraform tokens). */
export type GraphBody = { readonly [property: string]: GraphValue };
export type GraphValue = string | number | boolean | null | readonly GraphValue[] | GraphBody;
/** OData query parameters, e.g. `{ $select: ["onPremisesPublishing"] }`. */
export type GraphQueryParameters = Readonly<Record<string, readonly string[]>>;
/** Names for JMESPath queries over the response, e.g. `{ id: "id" }`; read back with `output(name)`. */
export type GraphResponseExportValues = Readonly<Record<string, string>>;

const GENERATOR_METADATA = { providerName: "msgraph", providerVersion: MSGRAPH_PROVIDER_VERSION } as const;

export interface MsgraphProviderConfig {
  /**
   * Authenticate with the signed-in Azure CLI user (`az login`), i.e. with *delegated* permissions. The App Proxy
   * Graph calls support delegated permissions only ("Application: Not supported"), so a service principal cannot
   * make them. https://learn.microsoft.com/graph/api/connectorgroup-post-applications?view=graph-rest-beta
   * @default true
   */
  readonly useCli?: boolean;
  /**
   * Tenant to authenticate against.
   * @default - the Azure CLI's current tenant (or `ARM_TENANT_ID`)
   */
  readonly tenantId?: string;
  /**
   * Provider alias, for a second configuration.
   * @default - none: the default `msgraph` provider
   */
  readonly alias?: string;
}

/** `provider "msgraph"`, plus its `required_providers` entry pinned to MSGRAPH_PROVIDER_VERSION. */
export class MsgraphProvider extends TerraformProvider {
  static readonly tfResourceType = "msgraph";
  private readonly config: MsgraphProviderConfig;

  constructor(scope: Construct, id: string, config: MsgraphProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: MsgraphProvider.tfResourceType,
      terraformGeneratorMetadata: GENERATOR_METADATA,
      terraformProviderSource: MSGRAPH_PROVIDER_SOURCE,
    });
    this.config = config;
  }

  override get alias(): string | undefined {
    return this.config.alias;
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return {
      use_cli: this.config.useCli ?? true,
      tenant_id: this.config.tenantId,
    };
  }
}

/** Attributes every msgraph resource shares. */
interface MsgraphCommonConfig extends TerraformMetaArguments {
  /** @default "v1.0" (the provider's default); App Proxy calls need "beta" */
  readonly apiVersion?: GraphApiVersion;
  /** Request body. @default - none */
  readonly body?: GraphBody;
  /** JMESPath queries whose results `output(name)` returns. @default - none */
  readonly responseExportValues?: GraphResponseExportValues;
}

/** The meta-arguments, read-only attributes and helpers of all three resources. */
abstract class MsgraphResourceBase<Config extends MsgraphCommonConfig> extends TerraformResource {
  protected readonly config: Config;

  protected constructor(scope: Construct, id: string, resourceType: string, config: Config) {
    super(scope, id, {
      terraformResourceType: resourceType,
      terraformGeneratorMetadata: GENERATOR_METADATA,
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    this.config = config;
  }

  /** Id the provider assigns (the object id for `msgraph_resource`, the URL's last segment otherwise). */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /** The value the response export named `name` selected (a string token). */
  output(name: string): string {
    return this.getStringAttribute(`output.${name}`);
  }

  /** The attributes all three resources share, in the provider's snake_case. */
  protected commonAttributes(): { [name: string]: unknown } {
    return {
      api_version: this.config.apiVersion,
      body: this.config.body,
      response_export_values: this.config.responseExportValues,
    };
  }
}

export interface MsgraphResourceConfig extends MsgraphCommonConfig {
  /**
   * Collection URL without the API version, e.g. `onPremisesPublishingProfiles/applicationProxy/connectorGroups`.
   * The provider POSTs there, then GETs, PATCHes and DELETEs `<url>/<id>`.
   */
  readonly url: string;
  /** Query parameters of the read (GET). @default - none */
  readonly readQueryParameters?: GraphQueryParameters;
}

/**
 * `msgraph_resource`: a Graph object with a full lifecycle (POST to create, GET to read, PATCH to update, DELETE on
 * destroy). Only for URLs that support all four; a `$ref` URL without GET makes create wait its 30 minute timeout.
 */
export class MsgraphResource extends MsgraphResourceBase<MsgraphResourceConfig> {
  static readonly tfResourceType = "msgraph_resource";

  constructor(scope: Construct, id: string, config: MsgraphResourceConfig) {
    super(scope, id, MsgraphResource.tfResourceType, config);
  }

  /** `<url>/<id>`: the item URL the provider reads and deletes. */
  get resourceUrl(): string {
    return this.getStringAttribute("resource_url");
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return {
      url: this.config.url,
      read_query_parameters: this.config.readQueryParameters,
      ...this.commonAttributes(),
    };
  }
}

export interface MsgraphUpdateResourceConfig extends MsgraphCommonConfig {
  /** Item URL of an object that already exists, e.g. `applications/<object id>`. */
  readonly url: string;
  /**
   * Query parameters of the read (GET) that detects drift, e.g. `$select` for properties Graph returns only when
   * selected. @default - none
   */
  readonly readQueryParameters?: GraphQueryParameters;
}

/**
 * `msgraph_update_resource`: PATCHes properties of an object something else owns, and re-PATCHes when they drift.
 * Destroying it sends nothing to Graph: the properties stay as they are.
 */
export class MsgraphUpdateResource extends MsgraphResourceBase<MsgraphUpdateResourceConfig> {
  static readonly tfResourceType = "msgraph_update_resource";

  constructor(scope: Construct, id: string, config: MsgraphUpdateResourceConfig) {
    super(scope, id, MsgraphUpdateResource.tfResourceType, config);
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return {
      url: this.config.url,
      read_query_parameters: this.config.readQueryParameters,
      ...this.commonAttributes(),
    };
  }
}

/** HTTP methods `msgraph_resource_action` accepts. */
export type GraphActionMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface MsgraphResourceActionConfig extends MsgraphCommonConfig {
  /** Item URL the action applies to, e.g. `applications/<object id>`. */
  readonly resourceUrl: string;
  /** Path appended to `resourceUrl`, e.g. `connectorGroup/$ref`. @default - none: the request goes to `resourceUrl` */
  readonly action?: string;
  readonly method: GraphActionMethod;
}

/**
 * `msgraph_resource_action`: sends one request when created, and again when any argument changes (every argument
 * forces replacement). It never reads anything back, so it suits write-only endpoints such as a `$ref` that has no
 * GET. Destroying it sends nothing to Graph.
 */
export class MsgraphResourceAction extends MsgraphResourceBase<MsgraphResourceActionConfig> {
  static readonly tfResourceType = "msgraph_resource_action";

  constructor(scope: Construct, id: string, config: MsgraphResourceActionConfig) {
    super(scope, id, MsgraphResourceAction.tfResourceType, config);
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return {
      resource_url: this.config.resourceUrl,
      action: this.config.action,
      method: this.config.method,
      ...this.commonAttributes(),
    };
  }
}

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
 */
export class MsgraphDataResource extends TerraformDataSource {
  static readonly tfResourceType = "msgraph_resource";
  private readonly config: MsgraphDataResourceConfig;

  constructor(scope: Construct, id: string, config: MsgraphDataResourceConfig) {
    super(scope, id, {
      terraformResourceType: MsgraphDataResource.tfResourceType,
      terraformGeneratorMetadata: GENERATOR_METADATA,
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

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return {
      url: this.config.url,
      api_version: this.config.apiVersion,
      response_export_values: this.config.responseExportValues,
    };
  }
}
