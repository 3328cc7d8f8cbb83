import { verdict, type Rule } from "../rule";
import { readBoolean } from "../values";
import { show, WEB_APP_TYPES } from "./common";

/** Scanner rule (checkov CKV_AZURE_18): HTTP/2 at the front end; off by default. */
export const webHttp2: Rule = {
  id: "MLF-WEB-9",
  title: "Web apps serve HTTP/2.",
  appliesTo: WEB_APP_TYPES,
  fix: "set siteConfig.http2Enabled: true.",
  check: ({ config }) => {
    const enabled = readBoolean(config, "site_config.http2_enabled");
    return verdict(
      enabled !== true && `site_config.http2_enabled is ${show(enabled)} (the default is false)`,
    );
  },
};
