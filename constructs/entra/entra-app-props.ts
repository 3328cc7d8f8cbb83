/** What MlflowEntraApp is built from; its defaults are documented per prop (and in constructs/entra/README.md). */
export interface MlflowEntraAppProps {
  /** Display name of the app registration and its enterprise application, e.g. `MLflow (dev)`. */
  readonly displayName: string;
  /**
   * Object ids of the Entra groups whose members may sign in; each is assigned the `User` app role.
   * Assignment is required, so nobody else gets a token for the app until assigned.
   */
  readonly signInGroupObjectIds: readonly string[];
  /**
   * Declare the `Application` app role (`allowedMemberTypes: ["Application"]`), so service principals and managed
   * identities can be assigned and get app-only tokens. Only a front door that accepts app-only tokens should offer
   * it: App Service Authentication does; Application Proxy does not ("this solution doesn't use application
   * tokens", https://learn.microsoft.com/entra/identity/app-proxy/application-proxy-configure-native-client-application).
   * @default false
   */
  readonly applicationRole?: boolean;
  /**
   * Object ids of service principals (managed identities included) assigned the `Application` role. Requires
   * `applicationRole`. Their application (client) ids are read at plan time (`automationClientIds`).
   * @default - none
   */
  readonly automationPrincipalObjectIds?: readonly string[];
  /**
   * Delegated Microsoft Graph scopes the sign-in needs (EASYAUTH_SIGN_IN_SCOPES, APP_PROXY_SIGN_IN_SCOPES), granted
   * tenant-wide (admin consent) by this construct and declared in `required_resource_access` unless that attribute is
   * in `externallyManagedAttributes` (Application Proxy manages its apps' API permissions itself). With assignment
   * required, Entra allows no user consent for the app, so without the grant every non-admin stops at "Need admin
   * approval". https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent
   * @default - none: nothing declared or granted
   */
  readonly graphSignInScopes?: readonly string[];
  /**
   * Identifier URI of the API (the `aud` clients ask for). App Proxy passes its external URL without the trailing
   * slash. Graph refuses identifier URIs that end with `/` (`IdentifierUrisEndsWithSlash`), so one is refused here.
   * @default - `api://<client-id>`, added after the app exists (the client id is only known then)
   */
  readonly identifierUri?: string;
  /**
   * Web platform redirect URIs, e.g. App Service's `https://<host>/.auth/login/aad/callback`.
   * @default - none
   */
  readonly redirectUris?: readonly string[];
  /**
   * Web platform home page URL.
   * @default - none
   */
  readonly homepageUrl?: string;
  /**
   * Let the authorize endpoint issue ID tokens (web implicit grant `id_token`), which App Service Authentication's
   * browser sign-in relies on (without it sign-in fails with AADSTS700054).
   * https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad
   * @default false
   */
  readonly idTokenIssuanceEnabled?: boolean;
  /**
   * Gallery template to instantiate the app from, e.g. ON_PREMISES_APPLICATION_TEMPLATE_ID for Application Proxy.
   * The template creates the service principal too; this construct then adopts it (`use_existing`).
   * @default - none: a plain app registration
   */
  readonly templateId?: string;
  /**
   * Client ids pre-authorized on the `user_impersonation` scope (no consent prompt for them).
   * @default - [AZURE_CLI_CLIENT_ID]
   */
  readonly preAuthorizedClientIds?: readonly string[];
  /**
   * Object ids of the owners of the app registration and its service principal. Include the deployer, so the app
   * can still be managed by whoever deploys without a tenant-wide admin role.
   * @default - none
   */
  readonly owners?: readonly string[];
  /**
   * Access token version Entra issues for this API. 2 is what App Service Authentication validates (issuer matches
   * the `/v2.0` endpoint, `aud` is the client id); Application Proxy apps use 1, as the portal creates them.
   * https://learn.microsoft.com/entra/identity-platform/reference-app-manifest#api-requestedaccesstokenversion
   * @default 2
   */
  readonly accessTokenVersion?: 1 | 2;
  /**
   * Application attributes another service manages once the app exists (Terraform names, e.g. `password`),
   * which Terraform must then leave alone.
   * @default - none besides `identifier_uris` (owned by the separate identifier-URI resource)
   */
  readonly externallyManagedAttributes?: readonly string[];
  /**
   * Tags of the service principal. Give them when a template created the service principal: azuread 3.7.0 adopts it
   * (`use_existing`) by calling its update, which sends `tags` from the configuration even when none are set (an
   * empty list), replacing the template's tags
   * (hashicorp/terraform-provider-azuread@v3.7.0 internal/services/serviceprincipals/service_principal_resource.go,
   * servicePrincipalResourceCreate -> servicePrincipalResourceUpdate, `Tags: &tags`).
   * @default - none; a non-templated app is tagged as an enterprise application (`feature_tags`)
   */
  readonly servicePrincipalTags?: readonly string[];
  /**
   * Declare the `MLflow.Admin` app role (ADMIN_APP_ROLE): whoever holds it is an MLflow admin when MLflow's
   * permissions are on (server/python, docs/permissions.md). Assignable to users and groups, and also to applications
   * when `applicationRole` is set (Graph's appRole `allowedMemberTypes`: `["User", "Application"]` is "both",
   * https://learn.microsoft.com/graph/api/resources/approle; a managed identity's service principal can hold an app
   * role, https://learn.microsoft.com/entra/identity-platform/howto-add-app-roles-in-apps).
   * @default false
   */
  readonly adminRole?: boolean;
  /**
   * Object ids of the Entra groups assigned `MLflow.Admin`. Requires `adminRole`. Assigning a group to an app role
   * needs Microsoft Entra ID P1 or P2.
   * @default - none
   */
  readonly adminGroupObjectIds?: readonly string[];
  /**
   * Ask Entra for the claims MLflow's permissions name callers by (CALLER_IDENTITY_CLAIMS): `upn` in ID and access
   * tokens, which v2 tokens carry only when asked, and `idtyp` in access tokens, `app` in app-only ones.
   * @default false
   */
  readonly callerIdentityClaims?: boolean;
}
