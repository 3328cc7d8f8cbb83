import { DIAGNOSTIC_TARGETS, type DiagnosticTargetType } from "../../data/diagnostic-targets";
import { NOT_APPLICABLE, verdict, type Rule } from "../rule";
import { blocksAt, rawString, readString, referencesIn, templateParts } from "../values";

/** The Azure type a diagnostic setting's target is, from the resource its target_resource_id references. */
const TARGET_TYPES: Readonly<Record<string, DiagnosticTargetType>> = {
  azurerm_linux_web_app: "Microsoft.Web/sites",
  azurerm_key_vault: "Microsoft.KeyVault/vaults",
  azurerm_postgresql_flexible_server: "Microsoft.DBforPostgreSQL/flexibleServers",
};

function targetType(targetResourceId: string): DiagnosticTargetType | undefined {
  const [reference] = referencesIn(targetResourceId);
  if (!reference || reference.attribute !== "id") return undefined;
  const suffix = templateParts(targetResourceId)
    .filter((part) => part.kind === "literal")
    .map((part) => part.text)
    .join("");
  if (reference.type === "azurerm_storage_account") {
    return /^\/blobServices\/default$/i.test(suffix)
      ? "Microsoft.Storage/storageAccounts/blobServices"
      : undefined;
  }
  return suffix === "" ? TARGET_TYPES[reference.type] : undefined;
}

/**
 * Azure refuses a diagnostic setting that names a category its target does not have (blob services have the
 * metric categories Capacity and Transaction, not AllMetrics), and a destination type the target does not support
 * reads back empty, so every plan shows a diff. The table of what each type has is constructs/data/diagnostic-targets.ts,
 * with its sources.
 */
export const deployDiagnosticCategories: Rule = {
  id: "MLF-DEPLOY-2",
  title: "Diagnostic settings ask only for categories and a destination type their target has.",
  appliesTo: ["azurerm_monitor_diagnostic_setting"],
  fix: "build the setting with Diagnostics({ targetType }) (constructs/data/monitoring.ts), which picks the target's categories.",
  check: ({ config }) => {
    const type = targetType(rawString(config, "target_resource_id") ?? "");
    if (type === undefined) return NOT_APPLICABLE;
    const target = DIAGNOSTIC_TARGETS[type];
    const metrics = blocksAt(config, "enabled_metric").map((block) => readString(block, "category") ?? "");
    const logs = blocksAt(config, "enabled_log").map((block) => readString(block, "category"));
    const destination = readString(config, "log_analytics_destination_type");
    return verdict(
      ...metrics
        .filter((category) => !target.metricCategories.includes(category))
        .map(
          (category) =>
            `metric category "${category}" does not exist on ${type} (${target.metricCategories.join(", ")})`,
        ),
      ...logs
        .filter(
          (category): category is string =>
            category !== undefined && !target.logCategories.includes(category),
        )
        .map((category) => `log category "${category}" does not exist on ${type}`),
      destination !== undefined &&
        destination !== target.destinationType &&
        `log_analytics_destination_type "${destination}" is not supported by ${type}; leave it unset`,
    );
  },
};
