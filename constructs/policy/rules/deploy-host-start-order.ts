import { NOT_APPLICABLE, verdict, type Rule } from "../rule";
import type { SynthesizedElement, SynthesizedStack } from "../synthesized";
import { blocksAt, rawString, readBoolean, referencesIn, stringsIn, valueAt } from "../values";
import { dependencies, mentions, resourceOf, vaultsRead } from "./deploy-common";

/** The subnet a host pulls its image through: VNet integration (with image pull over the VNet) or its NICs. */
function hostSubnets(stack: SynthesizedStack, host: SynthesizedElement): SynthesizedElement[] {
  const subnetRefs =
    host.type === "azurerm_linux_web_app"
      ? readBoolean(host.config, "vnet_image_pull_enabled") === true
        ? referencesIn(rawString(host.config, "virtual_network_subnet_id") ?? "")
        : []
      : stringsIn(valueAt(host.config, "network_interface_ids"))
          .flatMap(({ value }) => referencesIn(value))
          .map((r) => resourceOf(stack, r))
          .flatMap((nic) => (nic ? blocksAt(nic.config, "ip_configuration") : []))
          .flatMap((ip) => referencesIn(rawString(ip, "subnet_id") ?? ""));
  return subnetRefs
    .map((r) => resourceOf(stack, r))
    .filter((e): e is SynthesizedElement => e?.type === "azurerm_subnet");
}

/**
 * A host reads Key Vault and pulls its image the moment it exists. Created before the vault's private endpoint
 * (and its DNS record) or before its identity's role, App Service resolves a Key Vault reference to nothing and
 * passes the literal `@Microsoft.KeyVault(...)` text on; created before its subnet's NAT gateway, it has no route
 * to the registry (new subnets have no default outbound access:
 * https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access). Terraform orders only
 * by references and depends_on, and a host references none of these, so it must name them in depends_on.
 */
export const deployHostStartOrder: Rule = {
  id: "MLF-DEPLOY-4",
  title: "Hosts wait for the Key Vault access and the egress they use at start.",
  appliesTo: ["azurerm_linux_web_app", "azurerm_linux_virtual_machine"],
  fix: "add DataPlane.startDependencies(network) and the subnet's NAT gateway association (egressOf) to the host's dependsOn.",
  check: (host, stack) => {
    const vaults = vaultsRead(stack, host);
    const subnets = hostSubnets(stack, host);
    if (vaults.length === 0 && subnets.length === 0) return NOT_APPLICABLE;
    const waitsFor = dependencies(stack, host);
    const problems = vaults.flatMap((vault) => [
      !waitsFor.some((d) => d.type === "azurerm_private_endpoint" && mentions(d.config, vault)) &&
        `it reads ${vault.address} but does not depend on the vault's private endpoint`,
      !waitsFor.some((d) => d.type === "azurerm_role_assignment" && mentions(d.config, vault)) &&
        `it reads ${vault.address} but does not depend on a role assignment on that vault or its secrets`,
    ]);
    for (const subnet of subnets) {
      const nat = stack
        .resourcesOfType("azurerm_subnet_nat_gateway_association")
        .find((association) => mentions(association.config, subnet));
      if (nat && !waitsFor.includes(nat)) {
        problems.push(`it pulls its image through ${subnet.address} but does not depend on ${nat.address}`);
      }
    }
    return verdict(...problems);
  },
};
