import { verdict, type Rule } from "../rule";
import { readBoolean, readString } from "../values";

const ACCEPTED = ["TLS1_2", "TLS1_3"];

/** azurerm 4.x defaults to TLS1_2 and HTTPS only, so only an explicit weaker value fails. */
export const storageTransport: Rule = {
  id: "MLF-ST-1",
  title: "Storage accounts accept HTTPS with TLS 1.2 or newer only.",
  appliesTo: ["azurerm_storage_account"],
  fix: 'set minTlsVersion: "TLS1_2" (or leave it unset) and leave httpsTrafficOnlyEnabled unset or true.',
  check: ({ config }) => {
    const version = readString(config, "min_tls_version");
    return verdict(
      version !== undefined && !ACCEPTED.includes(version) && `min_tls_version is "${version}"`,
      readBoolean(config, "https_traffic_only_enabled") === false && "https_traffic_only_enabled is false",
    );
  },
};
