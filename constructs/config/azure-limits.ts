/** What Azure (and this project's layout) accepts: every bound the checks use, in one place. */

/** A whole-number setting's range, inclusive. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

export const RANGES = {
  /** Gunicorn/uvicorn workers of one `mlflow server` (a sanity bound: one small host runs it). */
  mlflowWorkers: { min: 1, max: 16 },
  /** Point-in-time restore window of a flexible server. */
  postgresBackupRetentionDays: { min: 7, max: 35 },
  /** Blob and container soft delete. */
  storageSoftDeleteDays: { min: 1, max: 365 },
  /** Key Vault soft-delete retention. */
  keyVaultSoftDeleteDays: { min: 7, max: 90 },
  /** Log Analytics workspace retention. */
  logAnalyticsRetentionDays: { min: 30, max: 730 },
  /** Connector hosts per environment (two give high availability; more add nothing for one app). */
  connectorCount: { min: 1, max: 4 },
} as const satisfies Record<string, Range>;

/** The smallest address space the subnet layout (network/subnet-layout.ts) fits in. */
export const MAX_ADDRESS_SPACE_PREFIX = 24;

/**
 * PostgreSQL keeps at most 63 bytes of an identifier (NAMEDATALEN - 1) and truncates longer ones, and an Entra
 * administrator's name becomes a role name: https://www.postgresql.org/docs/16/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
 */
export const POSTGRES_ROLE_NAME_MAX_BYTES = 63;

/** PostgreSQL flexible server storage sizes (MB) Azure offers. */
export const POSTGRES_STORAGE_MB = [
  32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 4194304, 8388608, 16777216, 33553408,
];

/** App Service plan SKUs with regional VNet integration and Always On (Free and Shared have neither). */
export const APP_SERVICE_SKUS = [
  "B1",
  "B2",
  "B3",
  "S1",
  "S2",
  "S3",
  "P1v2",
  "P2v2",
  "P3v2",
  "P0v3",
  "P1v3",
  "P2v3",
  "P3v3",
  "P1mv3",
  "P2mv3",
  "P3mv3",
  "P4mv3",
  "P5mv3",
  "P0v4",
  "P1v4",
  "P2v4",
  "P3v4",
  "P1mv4",
  "P2mv4",
  "P3mv4",
  "P4mv4",
  "P5mv4",
];

/** Linux user names Azure refuses for the admin account (https://learn.microsoft.com/troubleshoot/azure/virtual-machines/linux/linux-vm-usernames). */
export const RESERVED_LINUX_USERS = [
  "admin",
  "administrator",
  "root",
  "guest",
  "user",
  "test",
  "sys",
  "daemon",
  "bin",
  "adm",
  "support",
  "server",
  "console",
  "owner",
  "backup",
  "sql",
  "user1",
  "user2",
  "user3",
  "test1",
  "test2",
  "test3",
  "admin1",
  "admin2",
  "actuser",
  "aspnet",
  "david",
  "john",
  "sa",
  "a",
];

/**
 * Tags: Azure allows 50 per resource (two are added: application, environment), names of 1-512 characters without
 * `< > % & \ ? /`, values of at most 256. https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations
 */
export const TAG_LIMITS = { maxUserTags: 48, maxValueLength: 256, name: /^[^<>%&\\?/]{1,512}$/ } as const;
