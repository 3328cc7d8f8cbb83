import type { Construct } from "constructs";
import { RawProvider, type RawProviderSpec } from "../../raw-provider";

/** Registry source of the provider. */
export const AZAPI_PROVIDER_SOURCE = "Azure/azapi";
/**
 * Exact provider version. 2.12.0 is the newest release; what this project relies on was read in its source at that
 * tag (Azure/terraform-provider-azapi@v2.12.0): `azapi_resource_action` writes to state only the response fields
 * `response_export_values` names (internal/services/azapi_resource_action_resource.go, Action: `output` from
 * buildOutputFromBody, which returns an empty object when nothing is named) plus a hash of `sensitive_body` in
 * private state (ephemeral_body_private.go), and its HTTP log redacts every request and response body
 * (internal/clients/live_traffic_log_policy.go). 2.11.0 fixed how the action's output is set (GH-1158, GH-1168).
 * Bump deliberately, after reading those files again.
 */
export const AZAPI_PROVIDER_VERSION = "2.12.0";

/** The provider, for every azapi element (its name, source and version). */
export const AZAPI: RawProviderSpec = {
  name: "azapi",
  source: AZAPI_PROVIDER_SOURCE,
  version: AZAPI_PROVIDER_VERSION,
};

/**
 * `provider "azapi"`, plus its `required_providers` entry pinned to AZAPI_PROVIDER_VERSION: cdktf's raw
 * TerraformProvider (no prebuilt binding), argument names from the provider's schema. It authenticates like azurerm,
 * from the same `ARM_*` variables or the Azure CLI (internal/provider/provider.go at v2.12.0: ARM_USE_OIDC,
 * ARM_CLIENT_ID, ARM_TENANT_ID, ARM_SUBSCRIPTION_ID, ARM_USE_CLI defaulting to true). It takes no arguments: every
 * request here names its resource by a full id, subscription included.
 */
export class AzapiProvider extends RawProvider {
  static readonly tfResourceType = "azapi";
  constructor(scope: Construct, id: string) {
    super(scope, id, AZAPI);
  }
}
