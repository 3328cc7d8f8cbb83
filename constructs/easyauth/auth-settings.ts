import type { LinuxWebAppAuthSettingsV2 } from "@cdktf/provider-azurerm/lib/linux-web-app";

export interface AuthSettingsProps {
  /** Application (client) id of the app registration. */
  readonly clientId: string;
  /** Identifier URI of the app registration, e.g. `api://<client-id>`. */
  readonly identifierUri: string;
  /** Entra tenant id. */
  readonly tenantId: string;
  /** App setting that holds the client credential (secret reference, or the managed identity's client id). */
  readonly clientSecretSettingName: string;
  /**
   * Application (client) ids of the only clients whose tokens are accepted: the app itself (browser sign-in), the
   * Azure CLI, and the automation principals.
   */
  readonly allowedClientIds: readonly string[];
}

/**
 * App settings the token store needs on a Linux custom container. The file-system token store lives under %HOME%
 * (`%HOME%\Data\.auth`), and "by default, persistent storage is disabled on Linux custom containers": without it
 * "writes to the /home directory aren't persisted across app restarts or across multiple instances", so a restart or a
 * second instance would hold sessions without their tokens. With it, /home is App Service's own storage (no storage
 * account, key or SAS of ours).
 * https://learn.microsoft.com/azure/app-service/configure-custom-container#use-persistent-shared-storage
 */
export const TOKEN_STORE_APP_SETTINGS: Readonly<Record<string, string>> = {
  WEBSITES_ENABLE_APP_SERVICE_STORAGE: "true",
};

/**
 * App Service Authentication (EasyAuth v2) with Entra ID, required on every request, nothing excluded; each setting's
 * why: constructs/easyauth/README.md, "Default settings".
 * https://learn.microsoft.com/azure/app-service/overview-authentication-authorization#authorization-behavior
 */
export function authSettingsV2(props: AuthSettingsProps): LinuxWebAppAuthSettingsV2 {
  const allowedClientIds = [...props.allowedClientIds];
  return {
    authEnabled: true,
    requireAuthentication: true,
    unauthenticatedAction: "RedirectToLoginPage",
    // Required even with a single provider, or App Service blocks all traffic with 401
    // (MicrosoftDocs/azure-docs#90689).
    defaultProvider: "azureactivedirectory",
    requireHttps: true,
    login: {
      // On, as the portal pairs it with the client-application check below ("Token store (recommended)",
      // https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad#configure-authentication-settings):
      // that check judges "the appid or azp claim of the incoming token, which must be an access token", and a browser
      // session's access token (redeemed by App Service as this app) is kept only in the token store. Learn says
      // nothing of a session without one. The store is the file system one (no path: the documented default,
      // `%HOME%\Data\.auth`), never Blob storage, which takes a SAS URL app setting
      // (https://learn.microsoft.com/azure/app-service/reference-app-settings#authentication--authorization); on a
      // custom container /home outlives restarts and reaches every instance only with TOKEN_STORE_APP_SETTINGS.
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
      // Only known clients, with the built-in authorization policy Learn documents: "only tokens obtained by an
      // application specified in the list are accepted", judged on the token's `appid`/`azp`, others get 403
      // (https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad#use-a-built-in-authorization-policy).
      // azurerm 4.55.0 writes `allowed_applications` to validation.defaultAuthorizationPolicy.allowedApplications
      // (hashicorp/terraform-provider-azurerm@v4.55.0 internal/services/appservice/helpers/auth_v2_schema.go,
      // expandAadAuthV2Settings). The list starts with the app's own client id: browser sign-in is App Service's own
      // code flow with this registration, and the portal's "Allow requests only from this application itself" is
      // exactly that one-entry list (same page, #configure-additional-checks), with the token store on (above).
      // `jwt_allowed_client_applications` (validation.jwtClaimChecks) is left unset: the ARM reference calls it only
      // "the list of the allowed client applications", nothing says how it judges a browser session, and none of the
      // portal's "additional checks" sets it.
      allowedApplications: allowedClientIds,
      // 401s tell API clients to authenticate with a bearer token.
      wwwAuthenticationDisabled: false,
    },
  };
}
