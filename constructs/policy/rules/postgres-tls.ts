import { NOT_APPLICABLE, verdict, type Rule } from "../rule";
import { readString } from "../values";
import { show } from "./common";

const OLD_PROTOCOLS = ["TLSV1", "TLSV1.1"];

/**
 * Server parameters that would weaken TLS: `require_secure_transport` (on by default) and
 * `ssl_min_protocol_version` (TLSv1.2 by default).
 * https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls
 */
export const postgresTls: Rule = {
  id: "MLF-PG-2",
  title: "PostgreSQL flexible servers require TLS 1.2 or newer.",
  appliesTo: ["azurerm_postgresql_flexible_server_configuration"],
  fix: 'remove the configuration (the server default requires TLS 1.2), or set require_secure_transport "on" / ssl_min_protocol_version "TLSv1.2".',
  check: ({ config }) => {
    const name = readString(config, "name")?.toLowerCase();
    const value = readString(config, "value");
    if (name === "require_secure_transport") {
      return verdict(value?.toLowerCase() !== "on" && `require_secure_transport is ${show(value)}`);
    }
    if (name === "ssl_min_protocol_version") {
      return verdict(
        value !== undefined &&
          OLD_PROTOCOLS.includes(value.toUpperCase()) &&
          `ssl_min_protocol_version is "${value}"`,
      );
    }
    return NOT_APPLICABLE;
  },
};
