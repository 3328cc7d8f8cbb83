import { NOT_APPLICABLE, verdict, type Rule } from "../rule";
import { rawString, readBoolean, readString, referencesIn } from "../values";
import { resourceOf } from "./deploy-common";

/** Resources that Terraform writes through the Key Vault data plane (https://<vault>.vault.azure.net). */
const DATA_PLANE_WRITES = [
  "azurerm_key_vault_secret",
  "azurerm_key_vault_key",
  "azurerm_key_vault_certificate",
];

/**
 * A vault with public network access off (or a default-Deny firewall) refuses data-plane calls from outside the
 * VNet with 403, and honours a new RBAC role only minutes after it is granted, so these writes fail from a laptop.
 * Write secrets through Resource Manager instead: `Microsoft.KeyVault/vaults/secrets` is control plane. Learn: "Key
 * Vault firewalls and virtual network rules only apply to the data plane of Key Vault. Key Vault control plane
 * operations (such as ... deployment of secrets or keys through ARM templates) are not affected by firewalls and
 * virtual network rules" (https://learn.microsoft.com/azure/key-vault/general/overview-vnet-service-endpoints#usage-scenarios),
 * and `Microsoft.KeyVault/vaults/secrets/write` is a control-plane Action, not a DataAction
 * (https://learn.microsoft.com/azure/role-based-access-control/permissions/security#microsoftkeyvault). Learn has no
 * sentence naming public network access *disabled* or RBAC-mode vaults for this; see VaultSecret for the best
 * evidence. hashicorp/terraform-provider-azurerm v4.55.0 internal/services/keyvault/key_vault_secret_resource.go
 * reads the secret through the data plane before every create.
 */
export const deployDataPlaneSecretWrite: Rule = {
  id: "MLF-DEPLOY-1",
  title: "Nothing is written through the Key Vault data plane of a private vault.",
  appliesTo: DATA_PLANE_WRITES,
  fix: "write the secret with DataPlane.addSecret (a VaultSecret: a Resource Manager template deployment), not KeyVaultSecret.",
  check: ({ config }, stack) => {
    const [reference] = referencesIn(rawString(config, "key_vault_id") ?? "");
    const vault = reference && resourceOf(stack, reference);
    if (!vault || vault.type !== "azurerm_key_vault") return NOT_APPLICABLE;
    const publicAccess = readBoolean(vault.config, "public_network_access_enabled") !== false;
    const firewallDenies = readString(vault.config, "network_acls.default_action") === "Deny";
    return verdict(
      (!publicAccess || firewallDenies) &&
        `${vault.address} is private (${publicAccess ? "firewall denies by default" : "public network access off"}): the data-plane write fails from outside the VNet`,
    );
  },
};
