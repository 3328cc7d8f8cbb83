import type { ApplicationRequiredResourceAccess } from "@cdktf/provider-azuread/lib/application";
import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { ServicePrincipalDelegatedPermissionGrant } from "@cdktf/provider-azuread/lib/service-principal-delegated-permission-grant";
import type { Construct } from "constructs";
import { MICROSOFT_GRAPH_CLIENT_ID } from "./well-known-ids";

/**
 * Microsoft Graph's service principal in this tenant, read at plan time: the OpenID Connect scopes a sign-in asks for
 * are Graph's, and their ids (name -> id) come from it; a consent grant needs its object id, which differs per tenant.
 * A data source is read at every plan, the pull-request plan's included: an application needs Application.Read.All
 * (azuread v3.7.0 docs/data-sources/service_principal.md), which docs/ci-cd.md grants the plan identity.
 */
export function lookUpMicrosoftGraph(scope: Construct, id: string): DataAzureadServicePrincipal {
  return new DataAzureadServicePrincipal(scope, id, { clientId: MICROSOFT_GRAPH_CLIENT_ID });
}

/** The `required_resource_access` entry that declares delegated Microsoft Graph scopes, ids read from Graph. */
export function graphDelegatedAccess(
  microsoftGraph: DataAzureadServicePrincipal,
  scopes: readonly string[],
): ApplicationRequiredResourceAccess {
  return {
    resourceAppId: MICROSOFT_GRAPH_CLIENT_ID,
    resourceAccess: scopes.map((value) => ({
      id: microsoftGraph.oauth2PermissionScopeIds.lookup(value),
      type: "Scope",
    })),
  };
}

export interface AdminConsentProps {
  /** Object id of the client's service principal: the app that signs users in or asks for tokens. */
  readonly clientServicePrincipalObjectId: string;
  /** Object id of the API's service principal: Microsoft Graph, or MLflow's app. */
  readonly resourceServicePrincipalObjectId: string;
  /** Delegated scope values of that API, e.g. `openid`, `user_impersonation`. */
  readonly scopes: readonly string[];
}

/**
 * Tenant-wide admin consent (no `user_object_id`: consent type AllPrincipals) for a client to use delegated scopes of
 * an API on behalf of any user. Every app this project makes requires assignment, and "when an application requires
 * assignment, user consent for that application isn't allowed ... Be sure to grant tenant-wide admin consent to apps
 * that require assignment" (https://learn.microsoft.com/entra/identity-platform/howto-restrict-your-app-to-a-set-of-users);
 * without the grant every non-admin stops at "Need admin approval".
 * https://registry.terraform.io/providers/hashicorp/azuread/3.7.0/docs/resources/service_principal_delegated_permission_grant
 */
export function grantAdminConsent(
  scope: Construct,
  id: string,
  props: AdminConsentProps,
): ServicePrincipalDelegatedPermissionGrant {
  return new ServicePrincipalDelegatedPermissionGrant(scope, id, {
    servicePrincipalObjectId: props.clientServicePrincipalObjectId,
    resourceServicePrincipalObjectId: props.resourceServicePrincipalObjectId,
    claimValues: [...props.scopes],
  });
}
