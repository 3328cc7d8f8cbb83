import { verdict, type Rule } from "../rule";
import { readString } from "../values";
import { WEB_APP_TYPES } from "./common";

const ACCEPTED = ["1.2", "1.3"];

/** TLS 1.0/1.1 are deprecated; azurerm 4.x defaults both settings to 1.2, so only a lower explicit value fails. */
export const webMinimumTls: Rule = {
  id: "MLF-WEB-2",
  title: "Web apps and their SCM (Kudu) site accept TLS 1.2 or newer only.",
  appliesTo: WEB_APP_TYPES,
  fix: 'set siteConfig.minimumTlsVersion and siteConfig.scmMinimumTlsVersion to "1.2" (or leave them unset).',
  check: ({ config }) =>
    verdict(
      ...["site_config.minimum_tls_version", "site_config.scm_minimum_tls_version"].map((path) => {
        const version = readString(config, path);
        return version !== undefined && !ACCEPTED.includes(version) && `${path} is "${version}"`;
      }),
    ),
};
