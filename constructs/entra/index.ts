export { grantAdminConsent, graphDelegatedAccess, lookUpMicrosoftGraph } from "./admin-consent";
export type { AdminConsentProps } from "./admin-consent";
export {
  ADMIN_APP_ROLE,
  APP_PROXY_SERVICE_PRINCIPAL_TAGS,
  APPLICATION_APP_ROLE,
  CALLER_IDENTITY_CLAIMS,
  MlflowEntraApp,
  USER_APP_ROLE,
  USER_IMPERSONATION_SCOPE,
} from "./entra-app";
export type { MlflowEntraAppProps } from "./entra-app-props";
export { addNativeClient, DEFAULT_ACCESS_APP_ROLE_ID, NATIVE_CLIENT_REDIRECT_URI } from "./native-client";
export type { NativeClient, NativeClientProps } from "./native-client";
export { PLUGIN_TOKEN_COMMAND, publicClientTokenCommand, tokenCommand } from "./token-command";
export type { PublicClientTokenCommandProps } from "./token-command";
export {
  APP_PROXY_SIGN_IN_SCOPES,
  AZURE_CLI_CLIENT_ID,
  EASYAUTH_SIGN_IN_SCOPES,
  MICROSOFT_GRAPH_CLIENT_ID,
  MSAL_SIGN_IN_SCOPES,
  ON_PREMISES_APPLICATION_TEMPLATE_ID,
} from "./well-known-ids";
