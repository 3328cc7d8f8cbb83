// Run by scripts/check-examples.sh on this example's synthesized output (argument: the cdktf.out folder): the
// landing zone provides these, so the stack must create none of them, and must use the ones it was given.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const json = JSON.parse(readFileSync(join(process.argv[2], "stacks", "ml-spoke", "cdk.tf.json"), "utf8"));
const NOT_CREATED = [
  "azurerm_resource_group",
  "azurerm_virtual_network",
  "azurerm_subnet",
  "azurerm_network_security_group",
  "azurerm_subnet_network_security_group_association",
  "azurerm_subnet_nat_gateway_association",
  "azurerm_nat_gateway",
  "azurerm_public_ip",
  "azurerm_private_dns_zone",
  "azurerm_private_dns_zone_virtual_network_link",
  "azurerm_log_analytics_workspace",
];
const created = NOT_CREATED.filter((type) => json.resource[type] !== undefined);
const resources = (type) => Object.values(json.resource[type] ?? {});
const problems = [
  ...created.map((type) => `creates ${type}, which the landing zone provides`),
  ...resources("azurerm_monitor_diagnostic_setting")
    .filter((setting) => !setting.log_analytics_workspace_id.endsWith("/workspaces/log-hub"))
    .map(() => "a diagnostic setting does not go to the central workspace"),
  ...resources("azurerm_private_endpoint")
    .filter((endpoint) => !endpoint.subnet_id.endsWith("/subnets/snet-mlflow-pe"))
    .map(() => "a private endpoint is not in the landing zone's subnet"),
];
if (resources("azurerm_linux_web_app").length !== 1) problems.push("expected one web app");
if (problems.length > 0) {
  console.error(`examples/landing-zone: ${problems.join("; ")}`);
  process.exit(1);
}
console.log(
  "examples/landing-zone: creates no VNet, subnet, NSG, NAT gateway, DNS zone, workspace or resource group",
);
