import { verdict, type Rule } from "../rule";
import { blocksAt, rawString, valueAt } from "../values";
import { isKeyVaultReference, WEB_APP_TYPES } from "./common";

/** App setting names that announce a secret. MLflow's backend-store URI carries the database password. */
const SECRET_SETTING =
  /PASSWORD|PASSWD|SECRET|TOKEN|CONNECTION_?STRING|ACCESS_?KEY|ACCOUNT_?KEY|API_?KEY|PRIVATE_?KEY|CREDENTIAL|(^|_)PWD($|_)|(^|_)KEY($|_)|BACKEND_STORE_URI|DATABASE_URL/i;
/** ...unless they name or identify one (`..._SETTING_NAME`, `..._CLIENT_ID`). */
const NOT_A_SECRET = /(_NAME|_ID|_CLIENTID)$/i;

/**
 * App settings are readable by anyone with read access to the site: secrets go there as Key Vault references,
 * never as values (literal or interpolated).
 */
export const secretAppSettingsKeyVault: Rule = {
  id: "MLF-SEC-3",
  title: "Secret app settings and connection strings of web apps are Key Vault references.",
  appliesTo: WEB_APP_TYPES,
  fix: 'set the value to "@Microsoft.KeyVault(SecretUri=<secret versionless id>)" and give the app keyVaultReferenceIdentityId.',
  check: ({ config }) => {
    const settings = valueAt(config, "app_settings");
    const entries =
      settings && typeof settings === "object" && !Array.isArray(settings) ? Object.entries(settings) : [];
    return verdict(
      ...entries.map(
        ([name, value]) =>
          SECRET_SETTING.test(name) &&
          !NOT_A_SECRET.test(name) &&
          !isKeyVaultReference(value) &&
          `app setting ${name} is not a Key Vault reference`,
      ),
      ...blocksAt(config, "connection_string").map(
        (block) =>
          !isKeyVaultReference(rawString(block, "value")) &&
          `connection string ${JSON.stringify(rawString(block, "name") ?? "?")} is not a Key Vault reference`,
      ),
    );
  },
};
