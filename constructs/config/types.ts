/**
 * EnvironmentConfig: what a user writes in environments.ts. Every optional field has a secure default, listed
 * with `@default` (test/config/defaults.test.ts keeps each equal to the default resolveConfig uses).
 * `resolveConfig` validates a raw config and returns a `ResolvedConfig` with every default filled in, so the
 * constructs never deal with `undefined`.
 */

// The choices are enums, so Python, Java, C# and Go users get named constants (jsii turns a string-literal union into
// a plain string); every field that takes one also takes the enum's value as a string, so TypeScript users keep
// writing `authMode: "easyauth"`.

/** How people and programs reach MLflow: App Service Authentication, or Entra Application Proxy to a private VM. */
export enum AuthMode {
  /** Web App for Containers behind App Service Authentication (EasyAuth): a public endpoint, every request signed in. */
  EASYAUTH = "easyauth",
  /** A private VM published through Entra Application Proxy: no public endpoint at all. */
  APP_PROXY = "app-proxy",
}
/** An AuthMode as its string value, e.g. `"easyauth"`. */
export type AuthModeName = `${AuthMode}`;
export const AUTH_MODES: readonly AuthModeName[] = Object.values(AuthMode);

/**
 * One environment of the app (an entry of environments.ts, built into an MlflowStack): the tracking server's
 * settings, plus what the stack itself owns (the subscription of its azurerm provider and its state backend).
 */
export interface EnvironmentConfig extends MlflowTrackingServerSettings {
  /**
   * Subscription to deploy into.
   * @default - the azurerm provider's own default: `ARM_SUBSCRIPTION_ID`, then the Azure CLI's current subscription
   */
  readonly subscriptionId?: string;
  /** Remote state in an Azure Storage container (azurerm backend). @default - local state (`terraform.<stack>.tfstate`) */
  readonly remoteState?: RemoteStateConfig;
  /**
   * Name of an existing resource group to build in (yours, or one your landing zone gives you), in `location`'s
   * region. It must exist before a plan (it is read as a data source) and is never deleted by this stack.
   * @default - none: `rg-mlflow-<environment>` is created, with prevent_destroy
   */
  readonly resourceGroupName?: string;
}

/**
 * What an MLflow tracking server is made of, wherever it is built: in an MlflowStack (EnvironmentConfig) or in a
 * stack of yours (MlflowTrackingServerProps).
 */
export interface MlflowTrackingServerSettings {
  /** `easyauth`: Web App for Containers behind App Service Authentication; `app-proxy`: private VM behind Entra Application Proxy. */
  readonly authMode: AuthMode | AuthModeName;
  /** Azure region name as `az account list-locations -o table` prints it, e.g. `westeurope`. */
  readonly location: string;
  /** The VNet's IPv4 address space, e.g. `10.20.0.0/24` (a /24 or larger: the subnets need 128 addresses). */
  readonly addressSpace: string;
  /**
   * Suffix that makes globally unique names (storage account, Key Vault, PostgreSQL server, web app) unique.
   * 4-6 lowercase letters or digits.
   * @default - the first 6 hex digits of sha1(subscription id + environment name), computed at plan time:
   *   stable for a subscription, different between subscriptions
   */
  readonly nameSuffix?: string;
  /** Tags on every resource that supports them. @default - `{ application: "mlflow", environment: <name> }` */
  readonly tags?: { readonly [key: string]: string };
  /**
   * Object ids of the Entra groups whose members may sign in to MLflow (assigned to the app's service principal).
   * @default - none: assignment is required, so only users and applications you assign later can sign in
   */
  readonly signInGroupObjectIds?: string[];
  /**
   * Object ids of service principals (managed identities included) that may call MLflow's API with their own
   * (app-only) token; each is assigned the app's `Application` role and allowed through App Service Authentication.
   * The object id, not the application (client) id: `az ad sp show --id <appId> --query id -o tsv` prints it; the
   * client id is looked up at plan time. EasyAuth only: Application Proxy accepts no app-only tokens.
   * @default - none
   */
  readonly automationPrincipals?: string[];
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
  /** Alerts and who hears about them. @default - see MonitoringConfig */
  readonly monitoring?: MonitoringConfig;
  /**
   * A throwaway environment (a test, a demo): nothing carries `prevent_destroy`, so `cdktf destroy` deletes the
   * database, artifacts, Key Vault (soft-deleted) and logs. Set it before the first deploy; synth says so. Left
   * false, data resources carry prevent_destroy and `cdktf destroy` stops before touching them.
   * @default false
   */
  readonly disposable?: boolean;
  /**
   * What your landing zone already has, used instead of what would be created here: a VNet and its subnets,
   * private DNS zones (often in a hub subscription), a Log Analytics workspace, and egress through your firewall.
   * @default - see LandingZoneConfig
   */
  readonly landingZone?: LandingZoneConfig;
  /** Settings for `authMode: "easyauth"` only. @default - see EasyAuthConfig */
  readonly easyAuth?: EasyAuthConfig;
  /** Settings for `authMode: "app-proxy"` only. @default - see AppProxyConfig */
  readonly appProxy?: AppProxyConfig;
  /** Who may do what in MLflow, from the caller's Entra identity (docs/permissions.md). @default - see PermissionsConfig */
  readonly permissions?: PermissionsConfig;
}

export interface MonitoringConfig {
  /**
   * Email addresses the environment's action group notifies when an alert fires (MLflow unavailable, database down
   * or full, a VM or its agent down, the MLflow unit failing).
   * @default - none: the alerts exist and show in Azure Monitor, but notify nobody (synth says so)
   */
  readonly alertEmails?: string[];
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
   * An Entra group whose members may sign in to PostgreSQL as administrators, for break-glass work (a restore, a
   * repair by hand). The server accepts Entra sign-in only; there is no password to fall back on.
   * @default - none: the only administrator is the identity the MLflow hosts prepare the database with
   */
  readonly administratorGroup?: DatabaseAdministratorGroup;
}

/** An Entra group made an administrator of the PostgreSQL server (README, "The database: Entra sign-in only"). */
export interface DatabaseAdministratorGroup {
  /** The group's object id: `az ad group show --group "<name>" --query id -o tsv`. */
  readonly objectId: string;
  /**
   * The group's display name, exactly: it becomes the PostgreSQL role its members sign in as
   * (`az ad group show --group <object id> --query displayName -o tsv`).
   */
  readonly displayName: string;
}

/** Redundancy of a storage account (https://learn.microsoft.com/azure/storage/common/storage-redundancy). */
export enum StorageReplication {
  /** Three copies in one datacenter. */
  LRS = "LRS",
  /** Three copies across the region's availability zones. */
  ZRS = "ZRS",
  /** LRS here and in the paired region. */
  GRS = "GRS",
  /** ZRS here, LRS in the paired region. */
  GZRS = "GZRS",
  /** GRS with read access to the paired region. */
  RAGRS = "RAGRS",
  /** GZRS with read access to the paired region. */
  RAGZRS = "RAGZRS",
}
/** A StorageReplication as its string value, e.g. `"ZRS"`. */
export type StorageReplicationType = `${StorageReplication}`;
export const STORAGE_REPLICATION_TYPES: readonly StorageReplicationType[] = Object.values(StorageReplication);

export interface StorageConfig {
  /** Redundancy of the artifacts account. @default "ZRS" */
  readonly replicationType?: StorageReplication | StorageReplicationType;
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

/** How App Service Authentication proves itself to Entra ID when it redeems a browser sign-in. */
export enum EasyAuthCredential {
  /** A user-assigned identity as a federated credential: no secret at all. */
  MANAGED_IDENTITY = "managed-identity",
  /** A secret generated by Terraform, kept in Key Vault, referenced by the app. */
  CLIENT_SECRET = "client-secret",
}
/** An EasyAuthCredential as its string value, e.g. `"managed-identity"`. */
export type EasyAuthClientCredentialMode = `${EasyAuthCredential}`;
export const EASYAUTH_CLIENT_CREDENTIALS: readonly EasyAuthClientCredentialMode[] =
  Object.values(EasyAuthCredential);

export interface EasyAuthConfig {
  /** App Service plan SKU; must support VNet integration and Always On (B1 or higher). @default "P0v3" */
  readonly skuName?: string;
  /**
   * How App Service authenticates to Entra ID for the browser sign-in (code flow).
   * `managed-identity`: a user-assigned identity as a federated credential, no secret at all (Microsoft preview,
   * workforce tenants). `client-secret`: a client secret you create and store in the environment's Key Vault
   * (`clientSecretKeyVaultSecretId`), read by the app through a Key Vault reference; Terraform never sees its value.
   * @default "managed-identity"
   */
  readonly clientCredential?: EasyAuthCredential | EasyAuthClientCredentialMode;
  /**
   * With `clientCredential: "client-secret"` (and only then, where it is required): the id of the Key Vault secret in
   * the environment's vault that holds the app's client secret, as the `client_secret_steps` output's commands print
   * it, e.g. `https://kv-mlf-dev-x7k2.vault.azure.net/secrets/easyauth-client-secret`. Without its version the app
   * follows new versions by itself (within 24 hours); with it, each new version is a new id to deploy.
   * @default - none
   */
  readonly clientSecretKeyVaultSecretId?: string;
  /**
   * A custom domain for MLflow, with a free App Service managed certificate. Two deploys: the first prints the DNS
   * records to create (output `custom_domain_dns_records`); once they resolve, set `dnsRecordsCreated: true` and
   * deploy again to bind the name and its certificate. Sign-in, allowed hosts and CORS accept it from the first.
   * @default - none: MLflow is reached at `https://<web app>.azurewebsites.net/`
   */
  readonly customDomain?: EasyAuthCustomDomainConfig;
}

/** A custom domain of the EasyAuth web app. */
export interface EasyAuthCustomDomainConfig {
  /** Host name people and clients use, a subdomain such as `mlflow.contoso.com` (a CNAME points it at the app). */
  readonly hostName: string;
  /**
   * The CNAME and the `asuid` TXT record exist: bind the host name and issue its managed certificate (Azure refuses
   * the binding before that). The tracking URI becomes `https://<hostName>/`.
   * @default false
   */
  readonly dnsRecordsCreated?: boolean;
}

export interface AppProxyConfig {
  /** Size of the MLflow VM. @default "Standard_D2s_v5" */
  readonly vmSize?: string;
  /** Local admin user on the MLflow VM (SSH key only, no password). @default "mlflowadmin" */
  readonly adminUsername?: string;
  /**
   * OpenSSH public key for the admin user, for break-glass access with your own key (docs/operations.md).
   * @default - none: sign in with Entra ID (`az ssh vm`); Azure generates the VM's key and nobody keeps the private
   *   half (the portal's "Generate new key pair", without the download)
   */
  readonly sshPublicKey?: string;
  /**
   * Object ids of the Entra groups whose members may sign in to the MLflow VM with Entra ID (`az ssh vm`) and use
   * sudo: each gets the Virtual Machine Administrator Login role on the VM, and nothing else.
   * @default - none: nobody can sign in until a group is listed (or someone is granted the role by hand)
   */
  readonly vmAdministratorGroupObjectIds?: string[];
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
  readonly allowedSourceCidrs?: string[];
}

/**
 * The permission levels MLflow's auth app accepts as `default_permission`: `ALL_PERMISSIONS` in
 * mlflow/server/auth/permissions.py (mlflow/mlflow@0a95412a; server/python/SOURCES.md, section 1), the same list
 * server/python/mlflow_entra_authz/auth_config.py accepts (test/config/permissions.test.ts keeps the two equal).
 */
export const MLFLOW_PERMISSIONS = ["READ", "USE", "EDIT", "MANAGE", "NO_PERMISSIONS"] as const;
/** A permission level of MLflow's auth app. */
export type MlflowPermission = (typeof MLFLOW_PERMISSIONS)[number];

/**
 * MLflow's own permissions (its auth app, `--app-name basic-auth`), fed by the identity App Service Authentication
 * verified: users are created on first use, admins hold the `MLflow.Admin` app role. How to grant access:
 * docs/permissions.md.
 */
export interface PermissionsConfig {
  /**
   * Turn MLflow's permissions on. Only in EasyAuth mode: Application Proxy has no documented way to hand MLflow the
   * caller's verified identity (docs/permissions.md, "Application Proxy mode"), so `true` is refused there.
   * @default - true with authMode "easyauth", false with "app-proxy"
   */
  readonly enabled?: boolean;
  /**
   * Permission on every experiment and registered model nobody was granted anything on: `READ`, `USE`, `EDIT`,
   * `MANAGE` or `NO_PERMISSIONS` (private to creators and grantees). Creators always get `MANAGE`.
   * @default "READ"
   */
  readonly defaultPermission?: MlflowPermission;
  /**
   * Object ids of the Entra groups whose members are MLflow admins: each is assigned the app's `MLflow.Admin` role
   * (assigning a group needs Microsoft Entra ID P1 or P2). Admins can see and change everything and grant access.
   * @default - none: nobody is an admin until someone is assigned `MLflow.Admin` (docs/permissions.md)
   */
  readonly adminGroupObjectIds?: string[];
}

/** Bring your own landing zone: each setting replaces something this project would otherwise create. */
export interface LandingZoneConfig {
  /**
   * An existing VNet and its subnets. Nothing is created in the network then (no VNet, subnets, NSGs, NAT gateway):
   * the subnets' delegations, NSGs and routes are the landing zone's (README, "Bring your own landing zone").
   * `addressSpace` must then be the VNet's address space: every subnet is checked to lie inside it.
   * @default - none: a VNet of `addressSpace` with five subnets, their NSGs and egress is created
   */
  readonly virtualNetwork?: ExistingVirtualNetworkConfig;
  /**
   * Private DNS zones by resource id, e.g. held centrally in a hub subscription (linked to your VNet, or resolved
   * through the hub's DNS). No zone and no VNet link is created then.
   * @default - none: the three zones are created in the resource group and linked to the VNet
   */
  readonly privateDnsZoneIds?: PrivateDnsZoneIdsConfig;
  /**
   * Resource id of an existing Log Analytics workspace that receives every diagnostic log and backs the log alerts.
   * @default - none: `log-mlflow-<environment>` is created
   */
  readonly logAnalyticsWorkspaceId?: string;
  /**
   * Resource id of an existing route table (e.g. 0.0.0.0/0 to your hub firewall) for the subnets that need outbound
   * access, instead of a NAT gateway. With `virtualNetwork`, routing is the landing zone's and this is refused.
   * @default - none: a NAT gateway with one public IP
   */
  readonly egressRouteTableId?: string;
}

/** An existing VNet, and the subnets MLflow uses in it. */
export interface ExistingVirtualNetworkConfig {
  /** Resource id, `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<name>`. */
  readonly id: string;
  /** The subnets, each in this VNet. Which ones a mode needs: see ExistingSubnetsConfig. */
  readonly subnets: ExistingSubnetsConfig;
}

/**
 * The subnets of an existing VNet, by purpose. EasyAuth needs appService, privateEndpoints and postgres; App Proxy
 * needs privateEndpoints, postgres, mlflowVm, and connector unless `appProxy.connectorGroupId` is set.
 */
export interface ExistingSubnetsConfig {
  /** The web app's VNet integration: delegated to Microsoft.Web/serverFarms, /28 or larger (/26 recommended). */
  readonly appService?: ExistingSubnetConfig;
  /** Private endpoints of Key Vault and storage, /29 or larger. */
  readonly privateEndpoints: ExistingSubnetConfig;
  /** PostgreSQL flexible server (private access): delegated to Microsoft.DBforPostgreSQL/flexibleServers, /28 or larger. */
  readonly postgres: ExistingSubnetConfig;
  /** The MLflow VM, /29 or larger. */
  readonly mlflowVm?: ExistingSubnetConfig;
  /** The Application Proxy connector hosts, /29 or larger. */
  readonly connector?: ExistingSubnetConfig;
}

export interface ExistingSubnetConfig {
  /** Resource id, `<VNet id>/subnets/<name>`. */
  readonly id: string;
  /** Its address prefix as Azure has it, e.g. `10.1.2.0/26`: checked at synth for size and place in the VNet. */
  readonly addressPrefix: string;
}

/** Resource ids of existing private DNS zones, `/subscriptions/.../providers/Microsoft.Network/privateDnsZones/<zone>`. */
export interface PrivateDnsZoneIdsConfig {
  /** `privatelink.blob.core.windows.net`. */
  readonly blob: string;
  /** `privatelink.vaultcore.azure.net`. */
  readonly keyVault: string;
  /** A zone ending in `.postgres.database.azure.com`, for PostgreSQL private access (VNet injection). */
  readonly postgres: string;
}

/** A validated EnvironmentConfig with every default filled in. Constructs take this, never the raw config. */
export interface ResolvedConfig {
  /** The environment's name (the key in `environments`), used in resource names. */
  readonly name: string;
  readonly authMode: AuthModeName;
  readonly location: string;
  readonly addressSpace: string;
  readonly subscriptionId: string | undefined;
  readonly nameSuffix: string | undefined;
  readonly tags: Tags;
  readonly signInGroupObjectIds: readonly string[];
  readonly automationPrincipals: readonly string[];
  readonly mlflow: ResolvedMlflowConfig;
  readonly database: ResolvedDatabaseConfig;
  readonly storage: ResolvedStorageConfig;
  readonly keyVault: ResolvedKeyVaultConfig;
  readonly logAnalytics: ResolvedLogAnalyticsConfig;
  readonly remoteState: ResolvedRemoteStateConfig | undefined;
  readonly resourceGroupName: string | undefined;
  readonly landingZone: ResolvedLandingZoneConfig;
  readonly monitoring: ResolvedMonitoringConfig;
  readonly disposable: boolean;
  readonly easyAuth: ResolvedEasyAuthConfig;
  readonly appProxy: ResolvedAppProxyConfig;
  readonly permissions: ResolvedPermissionsConfig;
}

/** Resource tags, as every construct takes them. */
export type Tags = Readonly<Record<string, string>>;

// Sections with every default filled in: what the constructs take (each takes only the sections it uses).
export type ResolvedMlflowConfig = Required<MlflowConfig>;
export interface ResolvedDatabaseConfig {
  readonly skuName: string;
  readonly storageMb: number;
  readonly backupRetentionDays: number;
  readonly geoRedundantBackup: boolean;
  readonly administratorGroup: DatabaseAdministratorGroup | undefined;
}
export type ResolvedStorageConfig = Required<StorageConfig>;
export type ResolvedKeyVaultConfig = Required<KeyVaultConfig>;
export type ResolvedLogAnalyticsConfig = Required<LogAnalyticsConfig>;
export type ResolvedRemoteStateConfig = Required<RemoteStateConfig>;
export interface ResolvedEasyAuthConfig {
  readonly skuName: string;
  readonly clientCredential: EasyAuthClientCredentialMode;
  /** Set exactly when `clientCredential` is `client-secret`. */
  readonly clientSecretKeyVaultSecretId: string | undefined;
  readonly customDomain: Required<EasyAuthCustomDomainConfig> | undefined;
}
export type ResolvedMonitoringConfig = Required<MonitoringConfig>;
/** `enabled` is what runs: false in app-proxy mode. */
export type ResolvedPermissionsConfig = Required<PermissionsConfig>;

export interface ResolvedAppProxyConfig {
  readonly vmSize: string;
  readonly adminUsername: string;
  readonly sshPublicKey: string | undefined;
  readonly vmAdministratorGroupObjectIds: readonly string[];
  readonly externalUrl: string | undefined;
  readonly connectorGroupId: string | undefined;
  readonly connectorCount: number;
  readonly connectorVmSize: string;
  readonly connectorRegistrationTokenSecretId: string | undefined;
  readonly allowedSourceCidrs: readonly string[];
}

export interface ResolvedLandingZoneConfig {
  readonly virtualNetwork: ResolvedExistingVirtualNetwork | undefined;
  readonly privateDnsZoneIds: PrivateDnsZoneIdsConfig | undefined;
  readonly logAnalyticsWorkspaceId: string | undefined;
  readonly egressRouteTableId: string | undefined;
}

/** An existing VNet with the subnets the chosen mode uses (the others are absent). */
export interface ResolvedExistingVirtualNetwork {
  readonly id: string;
  readonly subnets: { readonly [purpose: string]: ExistingSubnetConfig };
}
