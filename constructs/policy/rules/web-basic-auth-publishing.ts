import { verdict, type Rule } from "../rule";
import { readBoolean } from "../values";
import { show, WEB_APP_TYPES } from "./common";

const SETTINGS = [
  "ftp_publish_basic_authentication_enabled",
  "webdeploy_publish_basic_authentication_enabled",
];

/**
 * Publishing credentials are a username/password pair that bypasses Entra ID; both default to true in azurerm.
 * https://learn.microsoft.com/azure/app-service/configure-basic-auth-disable
 */
export const webBasicAuthPublishing: Rule = {
  id: "MLF-WEB-4",
  title: "Web apps refuse basic-authentication publishing (FTP and Web Deploy credentials).",
  appliesTo: WEB_APP_TYPES,
  fix: "set ftpPublishBasicAuthenticationEnabled: false and webdeployPublishBasicAuthenticationEnabled: false.",
  check: ({ config }) =>
    verdict(
      ...SETTINGS.map((setting) => {
        const enabled = readBoolean(config, setting);
        return enabled !== false && `${setting} is ${show(enabled)} (the default is true)`;
      }),
    ),
};
