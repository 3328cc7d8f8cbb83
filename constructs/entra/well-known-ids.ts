/**
 * Fixed identifiers Microsoft publishes, named once so code reads as intent rather than a GUID.
 */

/**
 * Application (client) id of the Azure CLI, the same in every tenant. Pre-authorizing it on MLflow's scope lets
 * `az account get-access-token --resource api://<client-id>` return a token without a consent prompt
 * (otherwise AADSTS65001). https://learn.microsoft.com/troubleshoot/azure/active-directory/verify-first-party-apps-sign-in
 */
export const AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/**
 * Gallery template for non-gallery ("on-premises") applications, global cloud; Entra Application Proxy apps are
 * instantiated from it (`POST /applicationTemplates/{id}/instantiate`).
 * https://learn.microsoft.com/graph/api/applicationtemplate-instantiate
 */
export const ON_PREMISES_APPLICATION_TEMPLATE_ID = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";

/** A GUID as Entra prints object and client ids. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Application (client) id of Microsoft Graph, the same in every tenant; its service principal holds the OpenID
 * Connect scopes (`openid`, `profile`, `email`) a sign-in asks for. https://learn.microsoft.com/graph/permissions-reference
 */
export const MICROSOFT_GRAPH_CLIENT_ID = "00000003-0000-0000-c000-000000000000";

/**
 * The delegated Microsoft Graph scopes App Service Authentication's browser sign-in requests (OpenID Connect:
 * `openid profile email`; "App Service already requests the other scopes by default", offline_access being the one
 * it does not). No `offline_access`: nothing calls `/.auth/refresh`, so no refresh token is wanted in the token store.
 * https://learn.microsoft.com/azure/app-service/configure-authentication-oauth-tokens#configure-the-microsoft-entra-provider-to-supply-refresh-tokens
 */
export const EASYAUTH_SIGN_IN_SCOPES = ["openid", "profile", "email"] as const;

/**
 * The delegated Microsoft Graph scopes granted for Application Proxy's pre-authentication sign-in, in which the proxy
 * app signs the user in to itself. Learn documents neither the request nor the API permissions Application Proxy
 * keeps on the app (its FAQ only says not to change them), so these are the two sign-in permissions of the identity
 * platform: `openid` ("Sign users in", which an OpenID Connect sign-in must request; Application Proxy's sign-in is
 * one: its app issues ID tokens, https://learn.microsoft.com/graph/application-proxy-configure-api) and `User.Read`
 * ("Sign in and read user profile", the sign-in permission a new app registration is configured with, which a
 * sign-in that asks for the app's configured permissions needs). Not verified against a tenant: see the README,
 * "What is verified, and what is not yet".
 * https://learn.microsoft.com/entra/identity-platform/scopes-oidc#openid-connect-scopes,
 * https://learn.microsoft.com/graph/permissions-reference#userread
 */
export const APP_PROXY_SIGN_IN_SCOPES = ["openid", "User.Read"] as const;

/**
 * The OpenID Connect scopes MSAL adds to every token request of a public client (device code, interactive), whatever
 * scope the program asks for: the native client is granted them, as it cannot be consented to by its users.
 * AzureAD/microsoft-authentication-library-for-python msal/application.py, `decorate_scope` (reserved scopes; the
 * Azure Identity credentials are built on it).
 */
export const MSAL_SIGN_IN_SCOPES = ["openid", "profile", "offline_access"] as const;
