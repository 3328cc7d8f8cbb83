import type { Construct } from "constructs";
import {
  booleanArgument,
  RawProvider,
  stringArgument,
  type Arguments,
  type RawProviderSpec,
} from "../../raw-provider";

/** Registry source of the provider. */
export const MSGRAPH_PROVIDER_SOURCE = "microsoft/msgraph";
/**
 * Exact provider version. 0.5.0 is the newest release (changelog PR microsoft/terraform-provider-msgraph#154);
 * it has `msgraph_resource`, `msgraph_update_resource` (with `read_query_parameters`) and `msgraph_resource_action`
 * (0.2.0+). Bump deliberately: the resources are young and have changed behaviour between minor versions.
 */
export const MSGRAPH_PROVIDER_VERSION = "0.5.0";

/** The provider, for every msgraph element (its name, source and version). */
export const MSGRAPH: RawProviderSpec = {
  name: "msgraph",
  source: MSGRAPH_PROVIDER_SOURCE,
  version: MSGRAPH_PROVIDER_VERSION,
};

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
   * Provider alias, for a second configuration (settable later too, as on generated providers).
   * @default - none: the default `msgraph` provider
   */
  readonly alias?: string;
}

/**
 * `provider "msgraph"`, plus its `required_providers` entry pinned to MSGRAPH_PROVIDER_VERSION. The microsoft/msgraph
 * provider has no prebuilt cdktf binding: this is cdktf's raw TerraformProvider, with argument names from the
 * provider's schema (https://registry.terraform.io/providers/microsoft/msgraph/latest/docs).
 */
export class MsgraphProvider extends RawProvider {
  static readonly tfResourceType = "msgraph";
  private readonly config: MsgraphProviderConfig;

  constructor(scope: Construct, id: string, config: MsgraphProviderConfig = {}) {
    super(scope, id, MSGRAPH, config.alias);
    this.config = config;
  }

  protected override arguments(): Arguments {
    return {
      use_cli: booleanArgument(this.config.useCli ?? true),
      tenant_id: stringArgument(this.config.tenantId),
    };
  }
}
