import type {
  AppProxyConfig,
  DatabaseAdministratorGroup,
  ExistingSubnetConfig,
  ExistingSubnetsConfig,
  ExistingVirtualNetworkConfig,
  LandingZoneConfig,
  PrivateDnsZoneIdsConfig,
  DatabaseConfig,
  EasyAuthConfig,
  EasyAuthCustomDomainConfig,
  EnvironmentConfig,
  KeyVaultConfig,
  LogAnalyticsConfig,
  MlflowConfig,
  MonitoringConfig,
  PermissionsConfig,
  RemoteStateConfig,
  StorageConfig,
} from "./types";
import type { Key } from "./validation";

/**
 * The keys of `T`, each exactly once: the compiler refuses a key the interface lacks and a key the list forgets, so
 * the accepted keys cannot drift from the interfaces in types.ts. The order is the order error messages list them in.
 */
function keysOf<T>(keys: { readonly [K in keyof Required<T>]: true }): readonly Key<T>[] {
  return Object.keys(keys) as Key<T>[];
}

/** The keys each object of an EnvironmentConfig accepts. */
export const KEYS = {
  root: keysOf<EnvironmentConfig>({
    authMode: true,
    location: true,
    addressSpace: true,
    subscriptionId: true,
    nameSuffix: true,
    tags: true,
    signInGroupObjectIds: true,
    automationPrincipals: true,
    mlflow: true,
    database: true,
    storage: true,
    keyVault: true,
    logAnalytics: true,
    remoteState: true,
    resourceGroupName: true,
    monitoring: true,
    disposable: true,
    landingZone: true,
    easyAuth: true,
    appProxy: true,
    permissions: true,
  }),
  mlflow: keysOf<MlflowConfig>({ image: true, workers: true }),
  database: keysOf<DatabaseConfig>({
    skuName: true,
    storageMb: true,
    backupRetentionDays: true,
    geoRedundantBackup: true,
    administratorGroup: true,
  }),
  databaseAdministratorGroup: keysOf<DatabaseAdministratorGroup>({ objectId: true, displayName: true }),
  storage: keysOf<StorageConfig>({
    replicationType: true,
    blobSoftDeleteDays: true,
    containerSoftDeleteDays: true,
  }),
  keyVault: keysOf<KeyVaultConfig>({ softDeleteRetentionDays: true }),
  logAnalytics: keysOf<LogAnalyticsConfig>({ retentionInDays: true }),
  remoteState: keysOf<RemoteStateConfig>({
    resourceGroupName: true,
    storageAccountName: true,
    containerName: true,
    key: true,
  }),
  monitoring: keysOf<MonitoringConfig>({ alertEmails: true }),
  easyAuth: keysOf<EasyAuthConfig>({
    skuName: true,
    clientCredential: true,
    clientSecretKeyVaultSecretId: true,
    customDomain: true,
  }),
  landingZone: keysOf<LandingZoneConfig>({
    virtualNetwork: true,
    privateDnsZoneIds: true,
    logAnalyticsWorkspaceId: true,
    egressRouteTableId: true,
  }),
  existingVirtualNetwork: keysOf<ExistingVirtualNetworkConfig>({ id: true, subnets: true }),
  existingSubnets: keysOf<ExistingSubnetsConfig>({
    appService: true,
    privateEndpoints: true,
    postgres: true,
    mlflowVm: true,
    connector: true,
  }),
  existingSubnet: keysOf<ExistingSubnetConfig>({ id: true, addressPrefix: true }),
  privateDnsZoneIds: keysOf<PrivateDnsZoneIdsConfig>({ blob: true, keyVault: true, postgres: true }),
  customDomain: keysOf<EasyAuthCustomDomainConfig>({ hostName: true, dnsRecordsCreated: true }),
  appProxy: keysOf<AppProxyConfig>({
    vmSize: true,
    adminUsername: true,
    sshPublicKey: true,
    vmAdministratorGroupObjectIds: true,
    externalUrl: true,
    connectorGroupId: true,
    connectorCount: true,
    connectorVmSize: true,
    connectorRegistrationTokenSecretId: true,
    allowedSourceCidrs: true,
  }),
  permissions: keysOf<PermissionsConfig>({
    enabled: true,
    defaultPermission: true,
    adminGroupObjectIds: true,
  }),
};

/** Settings that existed once and were removed, with why and what to do: a specific message beats "unknown key". */
export const RETIRED_KEYS: Readonly<Record<string, string>> = {
  deployerIpRanges:
    "remove it: secrets are now written through Azure Resource Manager, which the Key Vault firewall does not apply to, so the vault stays private and no deployer address needs to be let in (README, Deploying)",
};

/** The same for the `database` block. */
export const RETIRED_DATABASE_KEYS: Readonly<Record<string, string>> = {
  adminPasswordVersion:
    "remove it: the database has no password any more, MLflow signs in with Microsoft Entra ID (README, Upgrading to Entra-only PostgreSQL)",
};
