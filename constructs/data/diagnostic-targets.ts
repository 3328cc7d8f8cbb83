/**
 * What a diagnostic setting may ask of each resource type this project monitors: its log categories, its metric
 * categories, and where its logs land in Log Analytics. Both the Diagnostics construct and the deployability rule
 * MLF-DEPLOY-2 read this table, so a construct cannot ask for what the rule would refuse.
 *
 * Sources (Azure Monitor reference, "Supported metrics / Supported resource logs" per type):
 * - https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-web-sites-logs
 * - https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-keyvault-vaults-logs
 * - https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-dbforpostgresql-flexibleservers-logs
 * - https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-storage-storageaccounts-blobservices-logs
 * - Metrics: "Metric categories other than AllMetrics aren't supported, except for a limited number of Azure
 *   services" (https://learn.microsoft.com/azure/azure-monitor/platform/diagnostic-settings); storage services take
 *   Capacity and Transaction (https://learn.microsoft.com/azure/storage/blobs/monitor-blob-storage-reference).
 */

/**
 * Always unset here. "Most Azure resources write data to the workspace in either Azure diagnostics or
 * resource-specific mode without giving you a choice" (https://learn.microsoft.com/azure/azure-monitor/platform/resource-logs),
 * and none of these types offers one: a "Dedicated" value reads back empty (Key Vault: Azure/azure-rest-api-specs#22400;
 * web apps: hashicorp/terraform-provider-azurerm#22406), so Terraform would show a diff on every plan.
 */
export type DestinationType = "Dedicated" | undefined;

export interface DiagnosticTarget {
  readonly logCategories: readonly string[];
  readonly metricCategories: readonly string[];
  readonly destinationType: DestinationType;
}

export const DIAGNOSTIC_TARGET_TYPES = [
  "Microsoft.Web/sites",
  "Microsoft.KeyVault/vaults",
  "Microsoft.DBforPostgreSQL/flexibleServers",
  "Microsoft.Storage/storageAccounts/blobServices",
] as const;
export type DiagnosticTargetType = (typeof DIAGNOSTIC_TARGET_TYPES)[number];

export const DIAGNOSTIC_TARGETS: Readonly<Record<DiagnosticTargetType, DiagnosticTarget>> = {
  "Microsoft.Web/sites": {
    logCategories: [
      "AppServiceHTTPLogs",
      "AppServiceConsoleLogs",
      "AppServiceAppLogs",
      "AppServiceAuditLogs",
      "AppServiceIPSecAuditLogs",
      "AppServicePlatformLogs",
      "AppServiceAuthenticationLogs",
    ],
    metricCategories: ["AllMetrics"],
    destinationType: undefined,
  },
  "Microsoft.KeyVault/vaults": {
    logCategories: ["AuditEvent", "AzurePolicyEvaluationDetails"],
    metricCategories: ["AllMetrics"],
    destinationType: undefined,
  },
  "Microsoft.DBforPostgreSQL/flexibleServers": {
    logCategories: [
      "PostgreSQLLogs",
      "PostgreSQLFlexSessions",
      "PostgreSQLFlexQueryStoreRuntime",
      "PostgreSQLFlexQueryStoreWaitStats",
      "PostgreSQLFlexTableStats",
      "PostgreSQLFlexDatabaseXacts",
    ],
    metricCategories: ["AllMetrics"],
    destinationType: undefined,
  },
  "Microsoft.Storage/storageAccounts/blobServices": {
    logCategories: ["StorageRead", "StorageWrite", "StorageDelete"],
    metricCategories: ["Capacity", "Transaction"],
    destinationType: undefined,
  },
};
