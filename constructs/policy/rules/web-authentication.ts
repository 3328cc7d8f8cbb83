import { verdict, type Rule } from "../rule";
import { blocksAt, readBoolean, readString } from "../values";
import { show, WEB_APP_TYPES } from "./common";

/**
 * App Service Authentication (EasyAuth, `auth_settings_v2`) in front of every request: MLflow itself has no
 * authentication. https://learn.microsoft.com/azure/app-service/overview-authentication-authorization
 */
export const webAuthentication: Rule = {
  id: "MLF-WEB-6",
  title: "Web apps require Entra ID sign-in (App Service Authentication) for every request.",
  appliesTo: WEB_APP_TYPES,
  fix: 'give the web app authSettingsV2 with authEnabled: true, requireAuthentication: true, an unauthenticatedAction other than "AllowAnonymous", and requireHttps left true.',
  check: ({ config }) => {
    if (blocksAt(config, "auth_settings_v2").length === 0) return verdict("auth_settings_v2 is missing");
    const enabled = readBoolean(config, "auth_settings_v2.auth_enabled");
    const required = readBoolean(config, "auth_settings_v2.require_authentication");
    const action = readString(config, "auth_settings_v2.unauthenticated_action");
    const https = readBoolean(config, "auth_settings_v2.require_https");
    return verdict(
      enabled !== true && `auth_settings_v2.auth_enabled is ${show(enabled)}`,
      required !== true && `auth_settings_v2.require_authentication is ${show(required)}`,
      action === "AllowAnonymous" && 'auth_settings_v2.unauthenticated_action is "AllowAnonymous"',
      https === false && "auth_settings_v2.require_https is false",
    );
  },
};
