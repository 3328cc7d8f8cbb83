import { NOT_APPLICABLE, verdict, type Rule } from "../rule";
import type { SynthesizedElement, SynthesizedStack } from "../synthesized";
import { blocksAt, rawString, readBoolean, referencesIn, stringsIn, valueAt } from "../values";
import { dependencies, mentions, referencesOf, resourceOf } from "./deploy-common";

const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\(/;

/** The vaults a host reads at start: Key Vault references in app settings, or vault URIs in custom_data. */
function vaultsRead(stack: SynthesizedStack, host: SynthesizedElement): SynthesizedElement[] {
  const sources =
    host.type === "azurerm_linux_web_app"
      ? Object.values((valueAt(host.config, "app_settings") ?? {}) as Record<string, unknown>)
          .filter((value): value is string => typeof value === "string" && KEY_VAULT_REFERENCE.test(value))
          .flatMap((value) => referencesIn(value))
      : referencesOf(stack, rawString(host.config, "custom_data") ?? "");
  const vaults = new Map<string, SynthesizedElement>();
  for (const reference of sources) {
    const target = resourceOf(stack, reference);
    if (!target) continue;
    // A secret's vault: key_vault_id (data-plane secret) or the vault a secret template deployment names.
    const vault =
      target.type === "azurerm_key_vault"
        ? target
        : referencesOf(stack, target.config)
            .map((r) => resourceOf(stack, r))
            .find((e) => e?.type === "azurerm_key_vault");
    if (vault) vaults.set(vault.address, vault);
  }
  return [...vaults.values()];
}

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
