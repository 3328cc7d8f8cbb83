import { verdict, type Rule } from "../rule";
import { readBoolean } from "../values";
import { show } from "./common";

/** The account-level switch that forbids anonymous containers; azurerm defaults it to true (public allowed). */
export const storageNoPublicBlobs: Rule = {
  id: "MLF-ST-2",
  title: "Storage accounts forbid anonymous (public) blob access.",
  appliesTo: ["azurerm_storage_account"],
  fix: "set allowNestedItemsToBePublic: false.",
  check: ({ config }) => {
    const allowed = readBoolean(config, "allow_nested_items_to_be_public");
    return verdict(
      allowed !== false && `allow_nested_items_to_be_public is ${show(allowed)} (the default is true)`,
    );
  },
};
