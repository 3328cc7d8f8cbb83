import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import { Application } from "@cdktf/provider-azuread/lib/application";
import { ApplicationPreAuthorized } from "@cdktf/provider-azuread/lib/application-pre-authorized";
import type { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import type { ServicePrincipalDelegatedPermissionGrant } from "@cdktf/provider-azuread/lib/service-principal-delegated-permission-grant";
import type { Construct } from "constructs";
import { grantAdminConsent, graphDelegatedAccess, lookUpMicrosoftGraph } from "./admin-consent";
import type { MlflowEntraApp } from "./entra-app";
import { MSAL_SIGN_IN_SCOPES } from "./well-known-ids";

/**
 * Redirect URI of the documented native-client path for calling an App Proxy app with a token: a public client
 * app registration with this redirect and a delegated permission on the proxy app's scope.
 * https://learn.microsoft.com/entra/identity/app-proxy/application-proxy-configure-native-client-application
 */
export const NATIVE_CLIENT_REDIRECT_URI = "https://login.microsoftonline.com/common/oauth2/nativeclient";

/** App role id that means "default access", for apps that declare no app roles. */
export const DEFAULT_ACCESS_APP_ROLE_ID = "00000000-0000-0000-0000-000000000000";

export interface NativeClientProps {
  /** Display name of the registration, e.g. `MLflow (prod) client`. */
  readonly displayName: string;
  /** MLflow's app: the client gets a delegated permission on its scope, pre-authorized (no consent prompt). */
  readonly mlflowApp: MlflowEntraApp;
  /** Groups whose members may use the client (default access), the same people as MLflow's. */
  readonly signInGroupObjectIds: readonly string[];
  /** Owners of the registration and its service principal (the deployer). */
  readonly owners: readonly string[];
  /**
   * Microsoft Graph's service principal, whose OpenID Connect scopes MSAL asks for with every token.
   * @default - looked up by this function (`<id>-microsoft-graph`); pass MLflow app's `microsoftGraph` to share it
   */
  readonly microsoftGraph?: DataAzureadServicePrincipal;
}

/** The public-client registration and what belongs to it. */
export interface NativeClient {
  readonly application: Application;
  readonly servicePrincipal: ServicePrincipal;
  /** The sign-in groups, assigned to the client (default access). */
  readonly assignments: readonly AppRoleAssignment[];
  readonly preAuthorization: ApplicationPreAuthorized;
  /** Tenant-wide admin consent for MSAL's OpenID Connect scopes (MSAL_SIGN_IN_SCOPES) on Microsoft Graph. */
  readonly signInConsent: ServicePrincipalDelegatedPermissionGrant;
  /** Tenant-wide admin consent for MLflow's `user_impersonation` scope. */
  readonly mlflowConsent: ServicePrincipalDelegatedPermissionGrant;
  /** Application (client) id. */
  readonly clientId: string;
}

/**
 * A public client (MSAL device code or interactive sign-in) for programs that cannot use the Azure CLI: the
 * documented native-client path to an App Proxy app. Its resources are added to `scope` under ids that start with
 * `id`, not in a construct of their own, so they keep the Terraform addresses they had inside AppProxyFrontDoor.
 */
export function addNativeClient(scope: Construct, id: string, props: NativeClientProps): NativeClient {
  const { mlflowApp } = props;
  const owners = [...props.owners];
  const microsoftGraph = props.microsoftGraph ?? lookUpMicrosoftGraph(scope, `${id}-microsoft-graph`);
  const application = new Application(scope, id, {
    displayName: props.displayName,
    signInAudience: "AzureADMyOrg",
    fallbackPublicClientEnabled: true,
    publicClient: { redirectUris: [NATIVE_CLIENT_REDIRECT_URI, "http://localhost"] },
    // What the client asks for, declared so the grants below match it: the proxy app's delegated scope (Learn's step
    // 3, "Grant access to your proxy application") and the OpenID Connect scopes MSAL adds to every request.
    requiredResourceAccess: [
      { resourceAppId: mlflowApp.clientId, resourceAccess: [{ id: mlflowApp.scopeId, type: "Scope" }] },
      graphDelegatedAccess(microsoftGraph, MSAL_SIGN_IN_SCOPES),
    ],
    owners,
  });
  const servicePrincipal = new ServicePrincipal(scope, `${id}-service-principal`, {
    clientId: application.clientId,
    // The same people as MLflow itself (defence in depth; MLflow's own service principal requires assignment too).
    appRoleAssignmentRequired: true,
    owners,
  });
  const assignments = props.signInGroupObjectIds.map(
    (groupId) =>
      new AppRoleAssignment(scope, `${id}-sign-in-group-${groupId.toLowerCase()}`, {
        // The client declares no app roles: Entra's default access role.
        // https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto
        appRoleId: DEFAULT_ACCESS_APP_ROLE_ID,
        principalObjectId: groupId,
        resourceObjectId: servicePrincipal.objectId,
      }),
  );
  const preAuthorization = new ApplicationPreAuthorized(scope, `${id}-pre-authorized`, {
    applicationId: mlflowApp.application.id,
    authorizedClientId: application.clientId,
    permissionIds: [mlflowApp.scopeId],
  });
  // The client requires assignment, so its users cannot consent to it. Learn's native-client walkthrough ends with
  // "Grant admin consent for Contoso", which keeps "other users from having to individually consent to the app", for
  // the proxy app's `user_impersonation` (https://learn.microsoft.com/entra/identity/app-proxy/application-proxy-secure-api-access);
  // MSAL's own OpenID Connect scopes need the same on Microsoft Graph.
  const mlflowConsent = grantAdminConsent(scope, `${id}-mlflow-consent`, {
    clientServicePrincipalObjectId: servicePrincipal.objectId,
    resourceServicePrincipalObjectId: mlflowApp.servicePrincipal.objectId,
    scopes: [mlflowApp.scopeValue],
  });
  const signInConsent = grantAdminConsent(scope, `${id}-sign-in-consent`, {
    clientServicePrincipalObjectId: servicePrincipal.objectId,
    resourceServicePrincipalObjectId: microsoftGraph.objectId,
    scopes: MSAL_SIGN_IN_SCOPES,
  });
  return {
    application,
    servicePrincipal,
    assignments,
    preAuthorization,
    signInConsent,
    mlflowConsent,
    clientId: application.clientId,
  };
}
