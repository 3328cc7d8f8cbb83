import { AUTHZ_MARKER_SETTING } from "../../authz/settings";
import { NOT_APPLICABLE, verdict, type Rule } from "../rule";
import { blocksAt, readBoolean, readString, UndecidableValue, valueAt } from "../values";
import { carriesAuthzMarker, WEB_APP_SLOT_TYPES } from "./authz-common";
import { show, WEB_APP_TYPES } from "./common";

/**
 * MLflow's Entra authorization function believes `X-MS-CLIENT-PRINCIPAL`, because "external requests aren't allowed
 * to set these headers, so they're present only if set by App Service"
 * (https://learn.microsoft.com/azure/app-service/configure-authentication-user-identities). That holds only where App
 * Service Authentication runs and requires a sign-in: an anonymous or excluded path would reach MLflow with no
 * identity, or one Learn does not promise to strip. With `config_file_path` the settings in force come from a file in
 * the app's content, not from this configuration
 * (https://learn.microsoft.com/azure/app-service/configure-authentication-file-based), so they cannot be judged here.
 */
export const authzAuthenticationRequired: Rule = {
  id: "MLF-AUTHZ-1",
  title: "Web apps and slots running MLflow's Entra authorization require sign-in on every path.",
  appliesTo: [...WEB_APP_TYPES, ...WEB_APP_SLOT_TYPES],
  fix: 'give it authSettingsV2 with authEnabled: true, requireAuthentication: true, an unauthenticatedAction other than "AllowAnonymous", no excludedPaths and no configFilePath.',
  check: (app, stack) => {
    if (!carriesAuthzMarker(stack, app)) return NOT_APPLICABLE;
    const runs = `it runs MLflow's Entra authorization function (${AUTHZ_MARKER_SETTING}) but`;
    if (blocksAt(app.config, "auth_settings_v2").length === 0)
      return verdict(`${runs} has no auth_settings_v2`);
    const enabled = readBoolean(app.config, "auth_settings_v2.auth_enabled");
    const required = readBoolean(app.config, "auth_settings_v2.require_authentication");
    const action = readString(app.config, "auth_settings_v2.unauthenticated_action");
    const configFile = readString(app.config, "auth_settings_v2.config_file_path");
    const excluded = valueAt(app.config, "auth_settings_v2.excluded_paths");
    if (excluded !== undefined && !Array.isArray(excluded)) {
      throw new UndecidableValue("auth_settings_v2.excluded_paths", excluded);
    }
    return verdict(
      enabled !== true && `${runs} auth_settings_v2.auth_enabled is ${show(enabled)}`,
      required !== true && `${runs} auth_settings_v2.require_authentication is ${show(required)}`,
      action === "AllowAnonymous" && `${runs} auth_settings_v2.unauthenticated_action is "AllowAnonymous"`,
      Array.isArray(excluded) &&
        excluded.length > 0 &&
        `${runs} auth_settings_v2.excluded_paths is ${show(excluded)}`,
      configFile !== undefined &&
        configFile !== "" &&
        `${runs} auth_settings_v2.config_file_path is ${show(configFile)}`,
    );
  },
};
