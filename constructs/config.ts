import { formatCidr, isCidr, isPrivateIpv4, parseCidr } from "./cidr";
import { DEFAULT_MLFLOW_IMAGE } from "./mlflow-server";
import { ENVIRONMENT_NAME_PATTERN, NAME_SUFFIX_PATTERN } from "./naming";
import { AZURE_REGIONS } from "./regions";
import { ConfigError, didYouMean, Section, show, Validator } from "./validation";

/**
 * EnvironmentConfig: what a user writes in environments.ts. Every optional field has a secure default, listed
 * with `@default`. `resolveConfig` validates a raw config and returns a `ResolvedConfig` with every default
 * filled in, so the constructs never deal with `undefined`.
 */

export const AUTH_MODES = ["easyauth", "app-proxy"] as const;
/** How people and programs reach MLflow: App Service Authentication, or Entra Application Proxy to a private VM. */
export type AuthMode = (typeof AUTH_MODES)[number];

export interface EnvironmentConfig {
  /** `easyauth`: Web App for Containers behind App Service Authentication; `app-proxy`: private VM behind Entra Application Proxy. */
  readonly authMode: AuthMode;
  /** Azure region name as `az account list-locations -o table` prints it, e.g. `westeurope`. */
  readonly location: string;
  /** The VNet's IPv4 address space, e.g. `10.20.0.0/24` (a /24 or larger: the subnets need 128 addresses). */
  readonly addressSpace: string;
  /**
   * Subscription to deploy into.
   * @default - the azurerm provider's own default: `ARM_SUBSCRIPTION_ID`, then the Azure CLI's current subscription
   */
  readonly subscriptionId?: string;
  /**
   * Suffix that makes globally unique names (storage account, Key Vault, PostgreSQL server, web app) unique.
   * 4-6 lowercase letters or digits.
   * @default - the first 6 hex digits of sha1(subscription id + environment name), computed at plan time:
   *   stable for a subscription, different between subscriptions
   */
  readonly nameSuffix?: string;
  /** Tags on every resource that supports them. @default - `{ application: "mlflow", environment: <name> }` */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Object ids of the Entra groups whose members may sign in to MLflow (assigned to the app's service principal).
   * @default - none: assignment is required, so only users and applications you assign later can sign in
   */
  readonly signInGroupObjectIds?: readonly string[];
  /**
   * Object ids of service principals (managed identities included) that may call MLflow's API with their own
   * (app-only) token; each is assigned the app's `Application` role and allowed through App Service Authentication.
   * The object id, not the application (client) id: `az ad sp show --id <appId> --query id -o tsv` prints it; the
   * client id is looked up at plan time. EasyAuth only: Application Proxy accepts no app-only tokens.
   * @default - none
   */
  readonly automationPrincipals?: readonly string[];
  /** The MLflow server. @default - see MlflowConfig */
  readonly mlflow?: MlflowConfig;
  /** PostgreSQL flexible server holding MLflow's backend store. @default - see DatabaseConfig */
  readonly database?: DatabaseConfig;
  /** Storage account holding MLflow's artifacts. @default - see StorageConfig */
  readonly storage?: StorageConfig;
  /** Key Vault holding the database credentials. @default - see KeyVaultConfig */
  readonly keyVault?: KeyVaultConfig;
  /** Log Analytics workspace receiving every diagnostic log. @default - see LogAnalyticsConfig */
  readonly logAnalytics?: LogAnalyticsConfig;
  /** Remote state in an Azure Storage container (azurerm backend). @default - local state (`terraform.<stack>.tfstate`) */
  readonly remoteState?: RemoteStateConfig;
  /** Settings for `authMode: "easyauth"` only. @default - see EasyAuthConfig */
  readonly easyAuth?: EasyAuthConfig;
  /** Settings for `authMode: "app-proxy"` only. @default - see AppProxyConfig */
  readonly appProxy?: AppProxyConfig;
}

export interface MlflowConfig {
  /** Container image. Use an image with PostgreSQL drivers and Azure Blob support. @default - DEFAULT_MLFLOW_IMAGE */
  readonly image?: string;
  /** Gunicorn/uvicorn workers of `mlflow server`. @default 2 */
  readonly workers?: number;
}

export interface DatabaseConfig {
  /** Flexible server SKU, e.g. `B_Standard_B1ms`, `GP_Standard_D2ds_v5`. @default "B_Standard_B1ms" */
  readonly skuName?: string;
  /** Storage size in MB (one of Azure's sizes, 32768 or more). @default 32768 */
  readonly storageMb?: number;
  /** Point-in-time restore window in days, 7 to 35. @default 7 */
  readonly backupRetentionDays?: number;
  /** Keep backups in the paired region too (cannot be changed after creation). @default false */
  readonly geoRedundantBackup?: boolean;
  /**
   * Generation of the administrator password. Raise it by one to rotate: the next deploy generates a new password,
   * sets it on the server and writes a new version of both Key Vault secrets (README, "Rotating the database
   * password"). @default 1
   */
  readonly adminPasswordVersion?: number;
}

export const STORAGE_REPLICATION_TYPES = ["LRS", "ZRS", "GRS", "GZRS", "RAGRS", "RAGZRS"] as const;
export type StorageReplicationType = (typeof STORAGE_REPLICATION_TYPES)[number];

export interface StorageConfig {
  /** Redundancy of the artifacts account. @default "ZRS" */
  readonly replicationType?: StorageReplicationType;
  /** Days a deleted or overwritten artifact blob can be restored, 1 to 365. @default 30 */
  readonly blobSoftDeleteDays?: number;
  /** Days a deleted container can be restored, 1 to 365. @default 30 */
  readonly containerSoftDeleteDays?: number;
}

export interface KeyVaultConfig {
  /** Days a deleted vault or secret can be recovered, 7 to 90. @default 90 */
  readonly softDeleteRetentionDays?: number;
}

export interface LogAnalyticsConfig {
  /** Retention of the workspace in days, 30 to 730. @default 30 */
  readonly retentionInDays?: number;
}

export interface RemoteStateConfig {
  readonly resourceGroupName: string;
  readonly storageAccountName: string;
  readonly containerName: string;
  /** Blob name of the state file. @default "mlflow-<environment>.tfstate" */
  readonly key?: string;
}

export interface EasyAuthConfig {
  /** App Service plan SKU; must support VNet integration and Always On (B1 or higher). @default "P0v3" */
  readonly skuName?: string;
  /**
   * How App Service authenticates to Entra ID for the browser sign-in (code flow).
   * `managed-identity`: a user-assigned identity as a federated credential, no secret at all (Microsoft preview,
   * workforce tenants). `client-secret`: a secret generated by Terraform, kept in Key Vault, referenced by the app.
   * @default "managed-identity"
   */
  readonly clientCredential?: "managed-identity" | "client-secret";
}

export interface AppProxyConfig {
  /** Size of the MLflow VM. @default "Standard_D2s_v5" */
  readonly vmSize?: string;
  /** Local admin user on the MLflow VM (SSH key only, no password). @default "mlflowadmin" */
  readonly adminUsername?: string;
  /**
   * OpenSSH public key for the admin user.
   * @default - none: sign in with Entra ID (`az ssh vm`); the VM still gets a generated key nobody holds
   */
  readonly sshPublicKey?: string;
  /**
   * External URL users and clients open, `https://<host>/`.
   * @default - `https://mlflow-<environment>-<tenant>.msappproxy.net/`, from the tenant's initial domain at plan time
   */
  readonly externalUrl?: string;
  /**
   * Publish through an existing connector group (its object id) instead of provisioning connector hosts here.
   * @default - none: a connector group and `connectorCount` Windows connector hosts are created
   */
  readonly connectorGroupId?: string;
  /** Connector hosts to provision (ignored with `connectorGroupId`); two give high availability. @default 2 */
  readonly connectorCount?: number;
  /** Size of each connector host. @default "Standard_D2s_v5" */
  readonly connectorVmSize?: string;
  /**
   * Id, WITH its version, of a Key Vault secret holding a connector registration token, when you provide one
   * (`https://<vault>.vault.azure.net/secrets/<name>/<version>`, as the store step in `connector_steps` prints it).
   * The version makes a new token a new setting, so deploying again runs the registration again.
   * @default - none: the hosts install the connector, and an output prints the one-time registration step
   */
  readonly connectorRegistrationTokenSecretId?: string;
  /** Extra CIDRs (inside the VNet or peered) allowed to reach the MLflow port directly. @default - none */
  readonly allowedSourceCidrs?: readonly string[];
}

/** A validated EnvironmentConfig with every default filled in. Constructs take this, never the raw config. */
export interface ResolvedConfig {
  /** The environment's name (the key in `environments`), used in resource names. */
  readonly name: string;
  readonly authMode: AuthMode;
  readonly location: string;
  readonly addressSpace: string;
  readonly subscriptionId: string | undefined;
  readonly nameSuffix: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly signInGroupObjectIds: readonly string[];
  readonly automationPrincipals: readonly string[];
  readonly mlflow: Required<MlflowConfig>;
  readonly database: Required<DatabaseConfig>;
  readonly storage: Required<StorageConfig>;
  readonly keyVault: Required<KeyVaultConfig>;
  readonly logAnalytics: Required<LogAnalyticsConfig>;
  readonly remoteState: Required<RemoteStateConfig> | undefined;
  readonly easyAuth: Required<EasyAuthConfig>;
  readonly appProxy: ResolvedAppProxyConfig;
}

export interface ResolvedAppProxyConfig {
  readonly vmSize: string;
  readonly adminUsername: string;
  readonly sshPublicKey: string | undefined;
  readonly externalUrl: string | undefined;
  readonly connectorGroupId: string | undefined;
  readonly connectorCount: number;
  readonly connectorVmSize: string;
  readonly connectorRegistrationTokenSecretId: string | undefined;
  readonly allowedSourceCidrs: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Defaults and validation
// ---------------------------------------------------------------------------------------------------------------

export const DEFAULTS = {
  mlflow: { image: DEFAULT_MLFLOW_IMAGE, workers: 2 },
  database: {
    skuName: "B_Standard_B1ms",
    storageMb: 32768,
    backupRetentionDays: 7,
    geoRedundantBackup: false,
    adminPasswordVersion: 1,
  },
  storage: { replicationType: "ZRS", blobSoftDeleteDays: 30, containerSoftDeleteDays: 30 },
  keyVault: { softDeleteRetentionDays: 90 },
  logAnalytics: { retentionInDays: 30 },
  easyAuth: { skuName: "P0v3", clientCredential: "managed-identity" },
  appProxy: {
    vmSize: "Standard_D2s_v5",
    adminUsername: "mlflowadmin",
    connectorCount: 2,
    connectorVmSize: "Standard_D2s_v5",
  },
} as const;

/** The smallest address space the subnet layout (network/subnet-layout.ts) fits in. */
export const MAX_ADDRESS_SPACE_PREFIX = 24;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GUID_RULE = { pattern: GUID, accepted: "expected a GUID like 00000000-0000-0000-0000-000000000000" };
/**
 * A group is named by its object id; a name is the likely mistake, so say how to look the id up. `az ad group show
 * --group` takes the "group's object id or display name" (Azure/azure-cli, role/_params.py, group_help_msg).
 */
const groupObjectIdRule = (value: unknown) => ({
  pattern: GUID,
  accepted: `expected a GUID, the group's object id: 'az ad group show --group ${JSON.stringify(typeof value === "string" && value ? value : "<group name>")} --query id -o tsv' prints it`,
});
/** PostgreSQL flexible server storage sizes (MB) Azure offers. */
const POSTGRES_STORAGE_MB = [
  32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 4194304, 8388608, 16777216, 33553408,
];
/** App Service plan SKUs with regional VNet integration and Always On (Free and Shared have neither). */
const APP_SERVICE_SKUS = [
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
const RESERVED_LINUX_USERS = [
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

/** Settings that existed once and were removed, with why and what to do: a specific message beats "unknown key". */
const RETIRED_KEYS: Readonly<Record<string, string>> = {
  deployerIpRanges:
    "remove it: secrets are now written through Azure Resource Manager, which the Key Vault firewall does not apply to, so the vault stays private and no deployer address needs to be let in (README, Deploying)",
};

const KEYS = {
  root: [
    "authMode",
    "location",
    "addressSpace",
    "subscriptionId",
    "nameSuffix",
    "tags",
    "deployerIpRanges",
    "signInGroupObjectIds",
    "automationPrincipals",
    "mlflow",
    "database",
    "storage",
    "keyVault",
    "logAnalytics",
    "remoteState",
    "easyAuth",
    "appProxy",
  ],
  mlflow: ["image", "workers"],
  database: ["skuName", "storageMb", "backupRetentionDays", "geoRedundantBackup", "adminPasswordVersion"],
  storage: ["replicationType", "blobSoftDeleteDays", "containerSoftDeleteDays"],
  keyVault: ["softDeleteRetentionDays"],
  logAnalytics: ["retentionInDays"],
  remoteState: ["resourceGroupName", "storageAccountName", "containerName", "key"],
  easyAuth: ["skuName", "clientCredential"],
  appProxy: [
    "vmSize",
    "adminUsername",
    "sshPublicKey",
    "externalUrl",
    "connectorGroupId",
    "connectorCount",
    "connectorVmSize",
    "connectorRegistrationTokenSecretId",
    "allowedSourceCidrs",
  ],
} as const satisfies Record<string, readonly string[]>;

/**
 * Validates one environment's raw configuration and fills in every default.
 * @throws ConfigError listing every problem, one line each: the field, the value received and what is accepted.
 */
export function resolveConfig(name: string, raw: unknown): ResolvedConfig {
  if (!ENVIRONMENT_NAME_PATTERN.test(name)) {
    // The name is part of every Azure resource name; report it alone, since the other paths print it too.
    const lowercase = name.toLowerCase();
    throw new ConfigError(name, [
      `environments[${show(name)}]: the environment name must be 2-10 lowercase letters or digits starting with a letter ` +
        `(it goes into Azure names such as the storage account, which allows nothing else); ` +
        (ENVIRONMENT_NAME_PATTERN.test(lowercase) ? `rename it ${show(lowercase)}` : `e.g. "dev", "prod2"`),
    ]);
  }
  const v = new Validator(name);
  const root = new Section(v, "", raw, KEYS.root);
  const section = (key: keyof typeof KEYS) => new Section(v, key, root.value(key), KEYS[key]);

  const authMode = root.require("authMode", (field, value) => v.oneOf(field, value, AUTH_MODES));
  const location = root.require("location", (field, value) => checkLocation(v, field, value));
  const addressSpace = root.require("addressSpace", (field, value) => checkAddressSpace(v, field, value));

  for (const [key, why] of Object.entries(RETIRED_KEYS)) {
    if (root.value(key) !== undefined) v.fail(key, root.value(key), why);
  }
  const mlflow = section("mlflow");
  const database = section("database");
  const storage = section("storage");
  const keyVault = section("keyVault");
  const logAnalytics = section("logAnalytics");
  // Mode-specific settings given for the other mode are almost certainly a mistake: say so rather than ignore them.
  const otherMode = authMode === "easyauth" ? "appProxy" : "easyAuth";
  if (authMode !== undefined && root.value(otherMode) !== undefined) {
    const mode = otherMode === "appProxy" ? "app-proxy" : "easyauth";
    v.fail(
      otherMode,
      root.value(otherMode),
      `remove it: authMode is "${authMode}", which does not use ${otherMode} settings (or set authMode: "${mode}")`,
    );
  }
  const easyAuth = section("easyAuth");
  const appProxy = section("appProxy");
  if (
    appProxy.value("connectorGroupId") !== undefined &&
    ["connectorCount", "connectorVmSize", "connectorRegistrationTokenSecretId"].some(
      (key) => appProxy.value(key) !== undefined,
    )
  ) {
    v.fail(
      "appProxy.connectorGroupId",
      appProxy.value("connectorGroupId"),
      "with an existing connector group no connector hosts are created: remove connectorCount, connectorVmSize and connectorRegistrationTokenSecretId, or remove connectorGroupId",
    );
  }

  if (authMode === "app-proxy" && root.value("automationPrincipals") !== undefined) {
    v.fail(
      "automationPrincipals",
      root.value("automationPrincipals"),
      "remove it: Application Proxy accepts only users' (delegated) tokens, never an application's own token, so automation principals cannot call MLflow in app-proxy mode (use authMode \"easyauth\", or let the automation sign in as a user)",
    );
  }

  const resolved: ResolvedConfig = {
    name,
    authMode: authMode ?? "easyauth",
    location: location ?? "",
    addressSpace: addressSpace ?? "",
    subscriptionId: root.optionalString("subscriptionId", GUID_RULE),
    nameSuffix: root.optionalString("nameSuffix", {
      pattern: NAME_SUFFIX_PATTERN,
      accepted: 'expected 4-6 lowercase letters or digits, e.g. "x7k2"',
    }),
    tags: {
      application: "mlflow",
      environment: name,
      ...root.read("tags", {}, (field, value) => checkTags(v, field, value)),
    },
    signInGroupObjectIds: root.list("signInGroupObjectIds", (field, item) =>
      v.string(field, item, groupObjectIdRule(item)),
    ),
    automationPrincipals: authMode === "app-proxy" ? [] : checkAutomationPrincipals(v, root),
    mlflow: {
      image: mlflow.read("image", DEFAULTS.mlflow.image, (field, value) => checkImage(v, field, value)),
      workers: mlflow.integer("workers", 1, 16, DEFAULTS.mlflow.workers),
    },
    database: {
      skuName: database.string(
        "skuName",
        {
          pattern: /^(B|GP|MO)_Standard_[A-Za-z0-9_]+$/,
          accepted:
            'expected a flexible server SKU like "B_Standard_B1ms" or "GP_Standard_D2ds_v5" (tier prefix B_, GP_ or MO_)',
        },
        DEFAULTS.database.skuName,
      ),
      storageMb: database.read("storageMb", DEFAULTS.database.storageMb, (field, value) =>
        typeof value === "number" && POSTGRES_STORAGE_MB.includes(value)
          ? value
          : v.fail(field, value, `expected one of Azure's sizes: ${POSTGRES_STORAGE_MB.join(", ")}`),
      ),
      backupRetentionDays: database.integer(
        "backupRetentionDays",
        7,
        35,
        DEFAULTS.database.backupRetentionDays,
      ),
      geoRedundantBackup: database.boolean("geoRedundantBackup", DEFAULTS.database.geoRedundantBackup),
      adminPasswordVersion: database.integer(
        "adminPasswordVersion",
        1,
        1_000_000,
        DEFAULTS.database.adminPasswordVersion,
      ),
    },
    storage: {
      replicationType: storage.oneOf(
        "replicationType",
        STORAGE_REPLICATION_TYPES,
        DEFAULTS.storage.replicationType,
      ),
      blobSoftDeleteDays: storage.integer("blobSoftDeleteDays", 1, 365, DEFAULTS.storage.blobSoftDeleteDays),
      containerSoftDeleteDays: storage.integer(
        "containerSoftDeleteDays",
        1,
        365,
        DEFAULTS.storage.containerSoftDeleteDays,
      ),
    },
    keyVault: {
      softDeleteRetentionDays: keyVault.integer(
        "softDeleteRetentionDays",
        7,
        90,
        DEFAULTS.keyVault.softDeleteRetentionDays,
      ),
    },
    logAnalytics: {
      retentionInDays: logAnalytics.integer(
        "retentionInDays",
        30,
        730,
        DEFAULTS.logAnalytics.retentionInDays,
      ),
    },
    remoteState: root.read<Required<RemoteStateConfig> | undefined>(
      "remoteState",
      undefined,
      (field, value) => checkRemoteState(v, name, field, value),
    ),
    easyAuth: {
      skuName: easyAuth.oneOf("skuName", APP_SERVICE_SKUS, DEFAULTS.easyAuth.skuName),
      clientCredential: easyAuth.oneOf(
        "clientCredential",
        ["managed-identity", "client-secret"] as const,
        DEFAULTS.easyAuth.clientCredential,
      ),
    },
    appProxy: {
      vmSize: appProxy.string("vmSize", VM_SIZE_RULE, DEFAULTS.appProxy.vmSize),
      adminUsername: appProxy.read("adminUsername", DEFAULTS.appProxy.adminUsername, (field, value) =>
        checkAdminUsername(v, field, value),
      ),
      sshPublicKey: appProxy.optionalString("sshPublicKey", {
        pattern: /^(ssh-rsa|ssh-ed25519) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/,
        accepted:
          'expected one OpenSSH public key line starting with "ssh-rsa " or "ssh-ed25519 " (the .pub file\'s content)',
      }),
      externalUrl: appProxy.optionalString("externalUrl", {
        pattern: /^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\/$/,
        accepted:
          'expected an https URL of a host name ending with a slash, e.g. "https://mlflow.contoso.com/" (lowercase, no path)',
      }),
      connectorGroupId: appProxy.optionalString("connectorGroupId", GUID_RULE),
      connectorCount: appProxy.integer("connectorCount", 1, 4, DEFAULTS.appProxy.connectorCount),
      connectorVmSize: appProxy.string("connectorVmSize", VM_SIZE_RULE, DEFAULTS.appProxy.connectorVmSize),
      connectorRegistrationTokenSecretId: appProxy.optionalString("connectorRegistrationTokenSecretId", {
        pattern:
          /^https:\/\/[a-zA-Z0-9-]{3,24}\.vault\.azure\.net\/secrets\/[a-zA-Z0-9-]{1,127}\/[0-9a-f]{32}$/,
        accepted:
          'expected a Key Vault secret id WITH its version, e.g. "https://kv-ops.vault.azure.net/secrets/connector-token/0123456789abcdef0123456789abcdef" ' +
          "(storing a token prints it): each new token is a new version, so a new id, which makes the hosts register again",
      }),
      allowedSourceCidrs: appProxy.list("allowedSourceCidrs", (field, item) => checkCidr(v, field, item)),
    },
  };
  if (v.problems.length > 0) throw new ConfigError(name, v.problems);
  return resolved;
}

/** Service principal object ids, each once (each becomes one app role assignment). */
function checkAutomationPrincipals(v: Validator, root: Section): string[] {
  const seen = new Set<string>();
  return root.list("automationPrincipals", (field, item) => {
    const objectId = v.string(field, item, {
      pattern: GUID,
      accepted:
        "expected a service principal's object id (a GUID), as 'az ad sp show --id <appId> --query id -o tsv' prints it",
    });
    if (objectId === undefined) return undefined;
    if (seen.has(objectId.toLowerCase()))
      return v.fail(field, item, "listed twice; list each principal once");
    seen.add(objectId.toLowerCase());
    return objectId;
  });
}

const VM_SIZE_RULE = {
  pattern: /^Standard_[A-Za-z0-9_]+$/,
  accepted: 'expected an Azure VM size like "Standard_D2s_v5"',
};

function checkLocation(v: Validator, field: string, value: unknown): string | undefined {
  if (typeof value === "string" && AZURE_REGIONS.includes(value)) return value;
  const hint = typeof value === "string" ? didYouMean(value.replace(/\s+/g, ""), AZURE_REGIONS) : "";
  return v.fail(
    field,
    value,
    `expected an Azure region name as 'az account list-locations' prints it, e.g. "westeurope"${hint}`,
  );
}

function checkAddressSpace(v: Validator, field: string, value: unknown): string | undefined {
  if (typeof value !== "string")
    return v.fail(field, value, 'expected an IPv4 CIDR string like "10.20.0.0/24"');
  const cidr = parseCidr(value);
  if (!isCidr(cidr)) return v.fail(field, value, `${cidr.error} (e.g. "10.20.0.0/24")`);
  if (cidr.prefixLength > MAX_ADDRESS_SPACE_PREFIX) {
    return v.fail(
      field,
      value,
      `expected a /${MAX_ADDRESS_SPACE_PREFIX} or larger (e.g. "${formatCidr({ network: cidr.network, prefixLength: MAX_ADDRESS_SPACE_PREFIX })}"): the five subnets need 128 addresses`,
    );
  }
  if (!isPrivateIpv4(cidr.network)) {
    return v.fail(
      field,
      value,
      "expected a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16) so it cannot clash with public addresses",
    );
  }
  return value;
}

function checkCidr(v: Validator, field: string, value: unknown): string | undefined {
  if (typeof value !== "string")
    return v.fail(field, value, 'expected an IPv4 CIDR string like "10.30.0.0/24"');
  const cidr = parseCidr(value.includes("/") ? value : `${value}/32`);
  return isCidr(cidr) ? value : v.fail(field, value, `${cidr.error} (e.g. "10.30.0.0/24")`);
}

function checkImage(v: Validator, field: string, value: unknown): string | undefined {
  // Pinned: a tag other than "latest", or a digest. An unpinned image changes under a running deployment.
  const pinned = /^[a-z0-9.-]+(:[0-9]+)?\/[a-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$/;
  if (typeof value !== "string" || !pinned.test(value) || value.endsWith(":latest")) {
    return v.fail(
      field,
      value,
      `expected a pinned image reference with registry and tag or digest (not :latest), e.g. "${DEFAULT_MLFLOW_IMAGE}"`,
    );
  }
  return value;
}

function checkAdminUsername(v: Validator, field: string, value: unknown): string | undefined {
  if (
    typeof value !== "string" ||
    !/^[a-z_][a-z0-9_-]{0,31}$/.test(value) ||
    RESERVED_LINUX_USERS.includes(value)
  ) {
    return v.fail(
      field,
      value,
      `expected 1-32 lowercase letters, digits, "_" or "-", starting with a letter, and not a reserved name (${RESERVED_LINUX_USERS.slice(0, 4).join(", ")}, ...)`,
    );
  }
  return value;
}

function checkTags(v: Validator, field: string, value: unknown): Record<string, string> {
  const tags = v.object(field, value, Object.keys(value as object)) ?? {};
  const result: Record<string, string> = {};
  const entries = Object.entries(tags);
  // https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations
  if (entries.length > 48)
    v.fail(
      field,
      `${entries.length} tags`,
      "expected at most 48 tags (Azure allows 50; application and environment are added)",
    );
  for (const [key, tagValue] of entries) {
    if (!/^[^<>%&\\?/]{1,512}$/.test(key))
      v.fail(`${field}.${key}`, key, "tag names are 1-512 characters without < > % & \\ ? /");
    else if (typeof tagValue !== "string" || tagValue.length > 256)
      v.fail(`${field}.${key}`, tagValue, "expected a string of at most 256 characters");
    else result[key] = tagValue;
  }
  return result;
}

function checkRemoteState(
  v: Validator,
  name: string,
  field: string,
  value: unknown,
): Required<RemoteStateConfig> | undefined {
  const state = new Section(v, field, value, KEYS.remoteState);
  const required = (key: string, rule: { pattern: RegExp; accepted: string }) =>
    state.require(key, (path, raw) => v.string(path, raw, rule));
  const resourceGroupName = required("resourceGroupName", {
    pattern: /^[-\w._()]{1,89}[-\w_()]$/,
    accepted: "expected an existing resource group name (1-90 letters, digits, - _ . ( ), not ending in .)",
  });
  const storageAccountName = required("storageAccountName", {
    pattern: /^[a-z0-9]{3,24}$/,
    accepted: "expected an existing storage account name (3-24 lowercase letters and digits)",
  });
  const containerName = required("containerName", {
    pattern: /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
    accepted: "expected a blob container name (3-63 lowercase letters, digits, single hyphens)",
  });
  const key = state.string(
    "key",
    { pattern: /^[\w./-]{1,1024}$/, accepted: 'expected a blob name like "mlflow-prod.tfstate"' },
    `mlflow-${name}.tfstate`,
  );
  if (!resourceGroupName || !storageAccountName || !containerName) return undefined;
  return { resourceGroupName, storageAccountName, containerName, key };
}
