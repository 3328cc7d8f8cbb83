import { APP_SERVICE_SKUS, POSTGRES_ROLE_NAME_MAX_BYTES, POSTGRES_STORAGE_MB, RANGES } from "./azure-limits";
import { storeClientSecretCommand } from "../easyauth/client-secret-steps";
import {
  checkAdminUsername,
  checkCidr,
  checkClientSecretId,
  checkImage,
  checkVersionedSecretId,
  eachOnce,
  GUID_RULE,
  groupObjectIdRule,
  VM_SIZE_RULE,
} from "./checks";
import { DEFAULTS } from "./defaults";
import { KEYS, RETIRED_DATABASE_KEYS } from "./keys";
import {
  EASYAUTH_CLIENT_CREDENTIALS,
  MLFLOW_PERMISSIONS,
  STORAGE_REPLICATION_TYPES,
  type AppProxyConfig,
  type DatabaseAdministratorGroup,
  type AuthModeName,
  type DatabaseConfig,
  type EasyAuthConfig,
  type EasyAuthCustomDomainConfig,
  type KeyVaultConfig,
  type LogAnalyticsConfig,
  type MlflowConfig,
  type MonitoringConfig,
  type PermissionsConfig,
  type ResolvedMonitoringConfig,
  type ResolvedPermissionsConfig,
  type RemoteStateConfig,
  type ResolvedAppProxyConfig,
  type ResolvedDatabaseConfig,
  type ResolvedEasyAuthConfig,
  type ResolvedKeyVaultConfig,
  type ResolvedLogAnalyticsConfig,
  type ResolvedMlflowConfig,
  type ResolvedRemoteStateConfig,
  type ResolvedStorageConfig,
  type StorageConfig,
} from "./types";
import { Section, type Validator } from "./validation";

/** One resolver per section of EnvironmentConfig: the raw block in, the block with every default filled in out. */

export function resolveMlflow(v: Validator, raw: unknown): ResolvedMlflowConfig {
  const s = new Section<MlflowConfig>(v, "mlflow", raw, KEYS.mlflow);
  return {
    image: s.read("image", DEFAULTS.mlflow.image, (field, value) => checkImage(v, field, value)),
    workers: s.integer("workers", RANGES.mlflowWorkers, DEFAULTS.mlflow.workers),
  };
}

export function resolveDatabase(v: Validator, raw: unknown): ResolvedDatabaseConfig {
  const s = new Section<DatabaseConfig>(
    v,
    "database",
    raw,
    KEYS.database,
    Object.keys(RETIRED_DATABASE_KEYS),
  );
  for (const [key, why] of Object.entries(RETIRED_DATABASE_KEYS)) {
    if (s.retiredValue(key) !== undefined) v.fail(s.field(key), s.retiredValue(key), why);
  }
  const defaults = DEFAULTS.database;
  return {
    skuName: s.string(
      "skuName",
      {
        pattern: /^(B|GP|MO)_Standard_[A-Za-z0-9_]+$/,
        accepted:
          'expected a flexible server SKU like "B_Standard_B1ms" or "GP_Standard_D2ds_v5" (tier prefix B_, GP_ or MO_)',
      },
      defaults.skuName,
    ),
    storageMb: s.read("storageMb", defaults.storageMb, (field, value) =>
      typeof value === "number" && POSTGRES_STORAGE_MB.includes(value)
        ? value
        : v.fail(field, value, `expected one of Azure's sizes: ${POSTGRES_STORAGE_MB.join(", ")}`),
    ),
    backupRetentionDays: s.integer(
      "backupRetentionDays",
      RANGES.postgresBackupRetentionDays,
      defaults.backupRetentionDays,
    ),
    geoRedundantBackup: s.boolean("geoRedundantBackup", defaults.geoRedundantBackup),
    administratorGroup: resolveDatabaseAdministratorGroup(v, s.value("administratorGroup")),
  };
}

function resolveDatabaseAdministratorGroup(
  v: Validator,
  raw: unknown,
): DatabaseAdministratorGroup | undefined {
  if (raw === undefined) return undefined;
  const s = new Section<DatabaseAdministratorGroup>(
    v,
    "database.administratorGroup",
    raw,
    KEYS.databaseAdministratorGroup,
  );
  const objectId = s.require("objectId", (field, value) => v.string(field, value, groupObjectIdRule(value)));
  const displayName = s.require("displayName", (field, value) =>
    typeof value === "string" &&
    value.trim() === value &&
    value !== "" &&
    Buffer.byteLength(value, "utf8") <= POSTGRES_ROLE_NAME_MAX_BYTES
      ? value
      : v.fail(
          field,
          value,
          `expected the group's display name exactly, 1-${POSTGRES_ROLE_NAME_MAX_BYTES} bytes without leading or trailing spaces (it becomes a PostgreSQL role name): 'az ad group show --group <object id> --query displayName -o tsv' prints it`,
        ),
  );
  return objectId !== undefined && displayName !== undefined ? { objectId, displayName } : undefined;
}

export function resolveStorage(v: Validator, raw: unknown): ResolvedStorageConfig {
  const s = new Section<StorageConfig>(v, "storage", raw, KEYS.storage);
  const defaults = DEFAULTS.storage;
  return {
    replicationType: s.oneOf("replicationType", STORAGE_REPLICATION_TYPES, defaults.replicationType),
    blobSoftDeleteDays: s.integer(
      "blobSoftDeleteDays",
      RANGES.storageSoftDeleteDays,
      defaults.blobSoftDeleteDays,
    ),
    containerSoftDeleteDays: s.integer(
      "containerSoftDeleteDays",
      RANGES.storageSoftDeleteDays,
      defaults.containerSoftDeleteDays,
    ),
  };
}

export function resolveKeyVault(v: Validator, raw: unknown): ResolvedKeyVaultConfig {
  const s = new Section<KeyVaultConfig>(v, "keyVault", raw, KEYS.keyVault);
  return {
    softDeleteRetentionDays: s.integer(
      "softDeleteRetentionDays",
      RANGES.keyVaultSoftDeleteDays,
      DEFAULTS.keyVault.softDeleteRetentionDays,
    ),
  };
}

export function resolveLogAnalytics(v: Validator, raw: unknown): ResolvedLogAnalyticsConfig {
  const s = new Section<LogAnalyticsConfig>(v, "logAnalytics", raw, KEYS.logAnalytics);
  return {
    retentionInDays: s.integer(
      "retentionInDays",
      RANGES.logAnalyticsRetentionDays,
      DEFAULTS.logAnalytics.retentionInDays,
    ),
  };
}

/** A plausible email address: something@domain.tld, no spaces (Azure validates the rest). */
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function resolveMonitoring(v: Validator, raw: unknown): ResolvedMonitoringConfig {
  const s = new Section<MonitoringConfig>(v, "monitoring", raw, KEYS.monitoring);
  return {
    alertEmails: s.list(
      "alertEmails",
      eachOnce(
        v,
        (field, item) =>
          v.string(field, item, {
            pattern: EMAIL_ADDRESS,
            accepted: 'expected an email address, e.g. "ml-platform@contoso.com"',
          }),
        "address",
      ),
    ),
  };
}

/** Absent means local state; present, the three names of an existing container are required. */
export function resolveRemoteState(
  v: Validator,
  environment: string,
  raw: unknown,
): ResolvedRemoteStateConfig | undefined {
  if (raw === undefined) return undefined;
  const s = new Section<RemoteStateConfig>(v, "remoteState", raw, KEYS.remoteState);
  const required = (
    key: "resourceGroupName" | "storageAccountName" | "containerName",
    pattern: RegExp,
    accepted: string,
  ) => s.require(key, (field, value) => v.string(field, value, { pattern, accepted }));
  const resourceGroupName = required(
    "resourceGroupName",
    /^[-\w._()]{1,89}[-\w_()]$/,
    "expected an existing resource group name (1-90 letters, digits, - _ . ( ), not ending in .)",
  );
  const storageAccountName = required(
    "storageAccountName",
    /^[a-z0-9]{3,24}$/,
    "expected an existing storage account name (3-24 lowercase letters and digits)",
  );
  const containerName = required(
    "containerName",
    /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
    "expected a blob container name (3-63 lowercase letters, digits, single hyphens)",
  );
  const key = s.string(
    "key",
    { pattern: /^[\w./-]{1,1024}$/, accepted: 'expected a blob name like "mlflow-prod.tfstate"' },
    `mlflow-${environment}.tfstate`,
  );
  if (!resourceGroupName || !storageAccountName || !containerName) return undefined;
  return { resourceGroupName, storageAccountName, containerName, key };
}

/**
 * Why `client-secret` needs a secret id, and how to make one: the commands, with placeholders for what only a deployed
 * environment knows (its app's client id and its vault).
 */
const CLIENT_SECRET_ID_MISSING =
  'clientCredential "client-secret" needs the id of the Key Vault secret that holds the app\'s client secret, which you create and store yourself so that Terraform never sees it: ' +
  storeClientSecretCommand(
    "<entra_client_id output>",
    "$(az keyvault show -n <key_vault_name output> --query id -o tsv)",
  ) +
  " prints it; set this to that id without its version (the client_secret_steps output of a deployed environment prints these commands with its own values; a new environment: deploy it once with the default clientCredential first, which creates the app and the vault)";

/**
 * @param keyVaultName the environment's vault, when `nameSuffix` makes it known at synth
 */
export function resolveEasyAuth(
  v: Validator,
  raw: unknown,
  keyVaultName: string | undefined,
): ResolvedEasyAuthConfig {
  const s = new Section<EasyAuthConfig>(v, "easyAuth", raw, KEYS.easyAuth);
  const clientCredential = s.oneOf(
    "clientCredential",
    EASYAUTH_CLIENT_CREDENTIALS,
    DEFAULTS.easyAuth.clientCredential,
  );
  const secretIdField = "clientSecretKeyVaultSecretId";
  const secretId = s.value(secretIdField);
  if (clientCredential === "client-secret" && secretId === undefined) {
    v.fail(s.field(secretIdField), secretId, CLIENT_SECRET_ID_MISSING);
  }
  if (clientCredential === "managed-identity" && secretId !== undefined) {
    v.fail(
      s.field(secretIdField),
      secretId,
      'remove it: clientCredential is "managed-identity", which uses no client secret (or set clientCredential: "client-secret")',
    );
  }
  return {
    skuName: s.oneOf("skuName", APP_SERVICE_SKUS, DEFAULTS.easyAuth.skuName),
    clientCredential,
    clientSecretKeyVaultSecretId:
      clientCredential === "client-secret"
        ? s.read<string | undefined>(secretIdField, undefined, (field, value) =>
            checkClientSecretId(v, field, value, keyVaultName),
          )
        : undefined,
    customDomain:
      s.value("customDomain") === undefined ? undefined : resolveCustomDomain(v, s.value("customDomain")),
  };
}

/** A subdomain App Service can bind (the default *.azurewebsites.net host is always there). */
const CUSTOM_HOST_NAME = /^(?!.*\.azurewebsites\.net$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.){2,}[a-z]{2,63}$/;

function resolveCustomDomain(v: Validator, raw: unknown): Required<EasyAuthCustomDomainConfig> {
  const s = new Section<EasyAuthCustomDomainConfig>(v, "easyAuth.customDomain", raw, KEYS.customDomain);
  return {
    hostName:
      s.require("hostName", (field, value) =>
        v.string(field, value, {
          pattern: CUSTOM_HOST_NAME,
          accepted:
            'expected a lowercase subdomain you own, e.g. "mlflow.contoso.com" (not *.azurewebsites.net, not an apex domain: the app is reached through a CNAME)',
        }),
      ) ?? "",
    dnsRecordsCreated: s.boolean("dnsRecordsCreated", false),
  };
}

export function resolveAppProxy(v: Validator, raw: unknown): ResolvedAppProxyConfig {
  const s = new Section<AppProxyConfig>(v, "appProxy", raw, KEYS.appProxy);
  const defaults = DEFAULTS.appProxy;
  const hostSettings = ["connectorCount", "connectorVmSize", "connectorRegistrationTokenSecretId"] as const;
  if (s.value("connectorGroupId") !== undefined && hostSettings.some((key) => s.value(key) !== undefined)) {
    v.fail(
      "appProxy.connectorGroupId",
      s.value("connectorGroupId"),
      "with an existing connector group no connector hosts are created: remove connectorCount, connectorVmSize and connectorRegistrationTokenSecretId, or remove connectorGroupId",
    );
  }
  return {
    vmSize: s.string("vmSize", VM_SIZE_RULE, defaults.vmSize),
    adminUsername: s.read("adminUsername", defaults.adminUsername, (field, value) =>
      checkAdminUsername(v, field, value),
    ),
    sshPublicKey: s.optionalString("sshPublicKey", {
      pattern: /^(ssh-rsa|ssh-ed25519) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/,
      accepted:
        'expected one OpenSSH public key line starting with "ssh-rsa " or "ssh-ed25519 " (the .pub file\'s content)',
    }),
    vmAdministratorGroupObjectIds: s.list("vmAdministratorGroupObjectIds", (field, item) =>
      v.string(field, item, groupObjectIdRule(item)),
    ),
    externalUrl: s.optionalString("externalUrl", {
      pattern: /^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\/$/,
      accepted:
        'expected an https URL of a host name ending with a slash, e.g. "https://mlflow.contoso.com/" (lowercase, no path)',
    }),
    connectorGroupId: s.optionalString("connectorGroupId", GUID_RULE),
    connectorCount: s.integer("connectorCount", RANGES.connectorCount, defaults.connectorCount),
    connectorVmSize: s.string("connectorVmSize", VM_SIZE_RULE, defaults.connectorVmSize),
    connectorRegistrationTokenSecretId: s.read<string | undefined>(
      "connectorRegistrationTokenSecretId",
      undefined,
      (field, value) => checkVersionedSecretId(v, field, value),
    ),
    allowedSourceCidrs: s.list("allowedSourceCidrs", (field, item) => checkCidr(v, field, item)),
  };
}

/**
 * Why `permissions.enabled: true` is refused with Application Proxy: MLflow's permissions trust the identity the
 * front door hands it, and App Proxy documents no way to do that for this stack (server/python/SOURCES.md, section 3).
 */
const APP_PROXY_PERMISSIONS_REFUSAL =
  "Application Proxy cannot hand MLflow the caller's verified identity: Microsoft Graph documents no way to configure what header-based single sign-on sends, and nothing documents that bearer-token calls receive those headers (server/python/SOURCES.md, section 3); " +
  'use authMode "easyauth", or remove it and wire the headers by hand as docs/permissions.md ("Application Proxy mode") describes';

/** On by default where the front door can vouch for the caller (EasyAuth); refused where it cannot (App Proxy). */
export function resolvePermissions(
  v: Validator,
  raw: unknown,
  authMode: AuthModeName,
): ResolvedPermissionsConfig {
  const s = new Section<PermissionsConfig>(v, "permissions", raw, KEYS.permissions);
  const appProxy = authMode === "app-proxy";
  const enabled = s.boolean("enabled", !appProxy);
  if (appProxy && enabled) v.fail(s.field("enabled"), s.value("enabled"), APP_PROXY_PERMISSIONS_REFUSAL);
  const resolved: ResolvedPermissionsConfig = {
    enabled: enabled && !appProxy,
    defaultPermission: s.oneOf(
      "defaultPermission",
      MLFLOW_PERMISSIONS,
      DEFAULTS.permissions.defaultPermission,
    ),
    // Each group becomes one app role assignment (a construct id), so each may be listed once.
    adminGroupObjectIds: s.list(
      "adminGroupObjectIds",
      eachOnce(v, (field, item) => v.string(field, item, groupObjectIdRule(item)), "group"),
    ),
  };
  // Settings of permissions that are off would do nothing: say so rather than ignore them.
  if (!enabled) {
    for (const key of ["defaultPermission", "adminGroupObjectIds"] as const) {
      if (s.value(key) === undefined) continue;
      v.fail(
        s.field(key),
        s.value(key),
        appProxy
          ? 'remove it: permissions are off in app-proxy mode (docs/permissions.md, "Application Proxy mode"), so it would have no effect'
          : "remove it: permissions.enabled is false, so it would have no effect (or remove enabled: false)",
      );
    }
  }
  return resolved;
}
