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
      // Off: the token store only keeps the signed-in user's tokens for app code (X-MS-TOKEN-AAD-* headers,
      // /.auth/me, /.auth/refresh), and MLflow reads none of them; the session cookie works without it. "If you don't
      // need to work with tokens in your app, you can disable the token store."
      // https://learn.microsoft.com/azure/app-service/overview-authentication-authorization#token-store
      tokenStoreEnabled: false,
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
      // Only known clients. azurerm 4.55.0 writes `allowed_applications` to
      // validation.defaultAuthorizationPolicy.allowedApplications and `jwt_allowed_client_applications` to
      // validation.jwtClaimChecks.allowedClientApplications
      // (hashicorp/terraform-provider-azurerm@v4.55.0 internal/services/appservice/helpers/auth_v2_schema.go,
      // expandAadAuthV2Settings). Learn documents the first: "only tokens obtained by an application specified in
      // the list are accepted", judged on the token's `appid`/`azp`, others get 403
      // (https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad#use-a-built-in-authorization-policy);
      // the ARM reference describes the second only as "the list of the allowed client applications" checked while
      // validating the JWT claims. Both get the same list, so neither check is a gap the other leaves open.
      // The list starts with the app's own client id: browser sign-in is App Service's own code flow with this
      // registration, and the portal's default "Client application requirement" for it, "Allow requests only from
      // this application itself", is exactly that one-entry list (same page, #configure-additional-checks). Learn
      // does not say how the check treats a session cookie with the token store off; a browser 403 after sign-in
      // would be the symptom (docs/clients.md, Troubleshooting).
      allowedApplications: allowedClientIds,
      jwtAllowedClientApplications: allowedClientIds,
      // 401s tell API clients to authenticate with a bearer token.
      wwwAuthenticationDisabled: false,
    },
  };
}
