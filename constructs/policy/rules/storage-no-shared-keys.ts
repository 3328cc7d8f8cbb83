import { verdict, type Rule } from "../rule";
import { readBoolean } from "../values";
import { show } from "./common";

/**
 * Account keys and SAS tokens are bearer secrets that bypass Entra ID. With them off, the azurerm provider must
 * use Entra ID for its own data-plane calls (`storage_use_azuread`).
 * https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent
 */
export const storageNoSharedKeys: Rule = {
  id: "MLF-ST-4",
  title: "Storage accounts refuse shared-key access (account keys and SAS).",
  appliesTo: ["azurerm_storage_account"],
  fix: "set sharedAccessKeyEnabled: false on the account and storageUseAzuread: true on the azurerm provider.",
  check: ({ config }, stack) => {
    const enabled = readBoolean(config, "shared_access_key_enabled");
    const providersWithKeys = stack
      .providersOfType("azurerm")
      .filter((provider) => readBoolean(provider.config, "storage_use_azuread") !== true);
    return verdict(
      enabled !== false && `shared_access_key_enabled is ${show(enabled)} (the default is true)`,
      providersWithKeys.length > 0 &&
        `${providersWithKeys.map((provider) => provider.address).join(", ")} does not set storage_use_azuread = true`,
    );
  },
};
