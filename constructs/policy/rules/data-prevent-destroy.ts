import { verdict, type Rule } from "../rule";
import { readBoolean } from "../values";

/** Resources that hold MLflow's data (or contain what does): they outlive any front door. */
export const DATA_RESOURCE_TYPES = [
  "azurerm_resource_group",
  "azurerm_storage_account",
  "azurerm_storage_container",
  "azurerm_postgresql_flexible_server",
  "azurerm_postgresql_flexible_server_database",
  "azurerm_key_vault",
  "azurerm_log_analytics_workspace",
] as const;

/**
 * `terraform destroy`, a rename or a replacement of a data resource fails at plan instead of deleting experiments.
 * https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy
 */
export const dataPreventDestroy: Rule = {
  id: "MLF-DATA-1",
  title: "Data resources are protected from destroy (lifecycle.prevent_destroy).",
  appliesTo: DATA_RESOURCE_TYPES,
  fix: "pass lifecycle: { preventDestroy: true } to the resource.",
  check: ({ config }) =>
    verdict(
      readBoolean(config, "lifecycle.prevent_destroy") !== true && "lifecycle.prevent_destroy is not true",
    ),
};
