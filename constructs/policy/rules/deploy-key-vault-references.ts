import { NOT_APPLICABLE, verdict, type Rule } from "../rule";
import { rawString, readBoolean, stringsIn, valueAt } from "../values";
import { keyVaultReferences, vaultsRead } from "./deploy-common";

/**
 * App Service resolves a Key Vault reference itself, before the app starts, and passes the reference's own text on
 * when it cannot (https://learn.microsoft.com/azure/app-service/app-service-key-vault-references#troubleshoot-key-vault-references).
 * Two settings decide whether it can, and neither shows in a plan:
 * - the identity: references "use the app's system-assigned identity by default"; an app with only a user-assigned
 *   identity must name it in keyVaultReferenceIdentity (#access-vaults-with-a-user-assigned-identity);
 * - the route: "Linux applications that connect to private endpoints must be explicitly configured to route all
 *   traffic through the virtual network" (#access-network-restricted-vaults), so a vault with public network access
 *   off needs VNet integration with vnet_route_all_enabled (azurerm v4.55.0 has no outboundVnetRouting argument).
 */
export const deployKeyVaultReferences: Rule = {
  id: "MLF-DEPLOY-6",
  title: "Web apps can resolve their Key Vault references (identity and route).",
  appliesTo: ["azurerm_linux_web_app"],
  fix:
    "set keyVaultReferenceIdentityId to a user-assigned identity of the app (or give it a system-assigned one), " +
    "and for a private vault set virtualNetworkSubnetId and siteConfig.vnetRouteAllEnabled: true.",
  check: (webApp, stack) => {
    if (keyVaultReferences(webApp).length === 0) return NOT_APPLICABLE;
    const identityType = rawString(webApp.config, "identity.type") ?? "";
    const referenceIdentity = rawString(webApp.config, "key_vault_reference_identity_id");
    const userIdentities = stringsIn(valueAt(webApp.config, "identity.identity_ids")).map(
      ({ value }) => value,
    );
    const privateVaults = vaultsRead(stack, webApp).filter(
      (vault) => readBoolean(vault.config, "public_network_access_enabled") === false,
    );
    return verdict(
      !referenceIdentity &&
        !identityType.includes("SystemAssigned") &&
        "its Key Vault references would be resolved with a system-assigned identity it does not have",
      referenceIdentity !== undefined &&
        !userIdentities.includes(referenceIdentity) &&
        `key_vault_reference_identity_id ${referenceIdentity} is not one of the app's user-assigned identities`,
      ...privateVaults.flatMap((vault) => [
        !rawString(webApp.config, "virtual_network_subnet_id") &&
          `it reads private ${vault.address} but has no VNet integration (virtual_network_subnet_id)`,
        readBoolean(webApp.config, "site_config.vnet_route_all_enabled") !== true &&
          `it reads private ${vault.address} but does not route all traffic through its VNet (vnet_route_all_enabled)`,
      ]),
    );
  },
};
