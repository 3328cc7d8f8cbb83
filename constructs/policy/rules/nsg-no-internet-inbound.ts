import { verdict, type Rule } from "../rule";
import type { JsonObject } from "../synthesized";
import { blocksAt, readString, valuesAt } from "../values";

/** Source prefixes that mean "anyone on the internet" in an NSG rule. */
const INTERNET_SOURCES = ["*", "internet", "any", "0.0.0.0", "0.0.0.0/0", "::/0"];

/** The source prefixes of one security rule (single and list forms), lower-cased; expressions are kept as they are. */
function sources(rule: JsonObject): string[] {
  return [...valuesAt(rule, "source_address_prefix"), ...valuesAt(rule, "source_address_prefixes").flat()]
    .filter((value): value is string => typeof value === "string")
    .map((value) => value.toLowerCase());
}

function problem(rule: JsonObject): string | false {
  const direction = readString(rule, "direction")?.toLowerCase();
  const access = readString(rule, "access")?.toLowerCase();
  if (direction !== "inbound" || access !== "allow") return false;
  const open = sources(rule).filter((source) => INTERNET_SOURCES.includes(source));
  return (
    open.length > 0 &&
    `security rule ${JSON.stringify(readString(rule, "name") ?? "?")} allows inbound from "${open[0]}"`
  );
}

/**
 * Nothing in this deployment is reached from the internet through an NSG: EasyAuth traffic arrives at App
 * Service's own front end, App Proxy traffic through the connector's outbound connection.
 */
export const nsgNoInternetInbound: Rule = {
  id: "MLF-NSG-1",
  title: "Network security groups allow nothing inbound from the internet.",
  appliesTo: ["azurerm_network_security_group", "azurerm_network_security_rule"],
  fix: 'narrow sourceAddressPrefix to a subnet CIDR or service tag (e.g. "VirtualNetwork"), or make the rule Deny.',
  check: ({ type, config }) =>
    type === "azurerm_network_security_rule"
      ? verdict(problem(config))
      : verdict(...blocksAt(config, "security_rule").map(problem)),
};
