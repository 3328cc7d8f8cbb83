import { verdict, type Rule } from "../rule";
import { readBoolean, readNumber } from "../values";

/**
 * Point-in-time restore is the recovery path for the backend store, so its window and geo-redundancy are stated
 * in the code, per environment, rather than left to defaults (geo-redundancy cannot be changed after creation).
 */
export const postgresBackups: Rule = {
  id: "MLF-PG-4",
  title: "PostgreSQL flexible servers state their backup retention (7-35 days) and geo-redundancy.",
  appliesTo: ["azurerm_postgresql_flexible_server"],
  fix: "set backupRetentionDays (7-35) and geoRedundantBackupEnabled explicitly (config.database).",
  check: ({ config }) => {
    const days = readNumber(config, "backup_retention_days");
    return verdict(
      days === undefined && "backup_retention_days is unset",
      days !== undefined && (days < 7 || days > 35) && `backup_retention_days is ${days}`,
      readBoolean(config, "geo_redundant_backup_enabled") === undefined &&
        "geo_redundant_backup_enabled is unset",
    );
  },
};
