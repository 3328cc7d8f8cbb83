import type { LinuxWebAppAuthSettingsV2 } from "@cdktf/provider-azurerm/lib/linux-web-app";

/** Paths the platform probes without credentials (App Service health check); MLflow serves nothing secret there. */
export const UNAUTHENTICATED_PATHS = ["/health"] as const;

export interface AuthSettingsProps {
  /** Application (client) id of the app registration. */
  readonly clientId: string;
  /** Identifier URI of the app registration, e.g. `api://<client-id>`. */
  readonly identifierUri: string;
  /** Entra tenant id. */
  readonly tenantId: string;
  /** App setting that holds the client credential (secret reference, or the managed identity's client id). */
  readonly clientSecretSettingName: string;
}

/**
 * App Service Authentication (EasyAuth v2) with Entra ID, required on every request except the health probe.
 *
 * Browsers and API clients: `RedirectToLoginPage`. A request without credentials from a browser gets a 302 to
 * `/.auth/login/aad` and on to Entra; App Service answers "native" clients with 401 instead
 * (https://learn.microsoft.com/azure/app-service/overview-authentication-authorization#authorization-behavior).
 * MLflow clients always send `Authorization: Bearer <token>` (MLFLOW_TRACKING_TOKEN): a valid token is served,
 * never redirected, and an invalid or expired one is refused with 401 (EasyAuth sub-status 401.83) carrying a
 * `WWW-Authenticate` challenge (kept on). `Return401` would be equally right for API clients but leaves browser
 * users on a bare 401 page, so redirecting is the better default for a UI-plus-API server.
 */
export function authSettingsV2(props: AuthSettingsProps): LinuxWebAppAuthSettingsV2 {
  return {
    authEnabled: true,
    requireAuthentication: true,
    unauthenticatedAction: "RedirectToLoginPage",
    // Required even with a single provider, or App Service blocks all traffic with 401
    // (MicrosoftDocs/azure-docs#90689).
    defaultProvider: "azureactivedirectory",
    // The platform's health probe carries no token; without this it would be redirected and the instance
    // marked unhealthy. Exclusions apply to RedirectToLoginPage only, which is what is used here.
    excludedPaths: [...UNAUTHENTICATED_PATHS],
    requireHttps: true,
    login: {
      // Keeps the signed-in user's tokens server-side, so the session survives beyond the ID token.
      tokenStoreEnabled: true,
      validateNonce: true,
    },
    activeDirectoryV2: {
      clientId: props.clientId,
      // v2.0 authority: matches the issuer of the v2 access tokens the app registration asks for.
      tenantAuthEndpoint: `https://login.microsoftonline.com/${props.tenantId}/v2.0`,
      clientSecretSettingName: props.clientSecretSettingName,
      // Tokens requested with `--resource api://<client-id>` (Azure CLI) carry either the identifier URI (v1)
      // or the client id (v2) as `aud`; accept both.
      allowedAudiences: [props.identifierUri, props.clientId],
      // 401s tell API clients to authenticate with a bearer token.
      wwwAuthenticationDisabled: false,
    },
  };
}
