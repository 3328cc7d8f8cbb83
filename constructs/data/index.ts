import type { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import type { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import type { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
import type { PostgresqlFlexibleServerActiveDirectoryAdministrator } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-active-directory-administrator";
import type { ResourceGroupReference } from "../resource-group";
import type { ResourceReference } from "../references";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import type { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type {
  ResolvedDatabaseConfig,
  ResolvedKeyVaultConfig,
  ResolvedLogAnalyticsConfig,
  ResolvedStorageConfig,
  Tags,
} from "../config";
import type { ResourceNames } from "../naming";
import type { Network } from "../network";
import type { PostgresEntraLogin } from "../postgres-entra-auth";
import { SecretProps, SecretStore } from "./key-vault";
import { BackendStore } from "./postgres";
import { ArtifactStore } from "./storage";
import type { VaultSecret } from "./vault-secret";

export { ARTIFACTS_CONTAINER } from "./storage";
export { AUTH_DATABASE_NAME, DATABASE_NAME, FORMER_ADMINISTRATOR_LOGIN } from "./postgres";
export { DIAGNOSTIC_TARGET_TYPES, DIAGNOSTIC_TARGETS, Diagnostics } from "./monitoring";
export type { DiagnosticsProps, DiagnosticTargetType } from "./monitoring";
export { SecretStore } from "./key-vault";
export type { SecretProps, SecretStoreProps } from "./key-vault";
export { ArtifactStore } from "./storage";
export type { ArtifactStoreProps } from "./storage";
export { BackendStore } from "./postgres";
export type { BackendStoreProps } from "./postgres";
export { KEY_VAULT_SECRETS_API_VERSION, VAULT_SECRET_TEMPLATE, VaultSecret } from "./vault-secret";
export type { VaultSecretProps } from "./vault-secret";

export interface DataPlaneProps {
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroupReference;
  /** Private endpoints, the delegated PostgreSQL subnet and the private DNS zones come from here. */
  readonly network: Network;
  /** Entra tenant the vault and the database trust (a plan-time reference is fine). */
  readonly tenantId: string;
  readonly database: ResolvedDatabaseConfig;
  readonly storage: ResolvedStorageConfig;
  readonly keyVault: ResolvedKeyVaultConfig;
  readonly logAnalytics: ResolvedLogAnalyticsConfig;
  /**
   * Resource id of an existing Log Analytics workspace (landingZone.logAnalyticsWorkspaceId).
   * @default - none: `log-mlflow-<environment>` is created
   */
  readonly logAnalyticsWorkspaceId?: string;
  /** Tags on every resource. @default - none */
  readonly tags?: Tags;
}

/**
 * Everything MLflow keeps: logs, secrets, artifacts, the database, and the identity that reads them.
 * Identical in both auth modes, at construct ids that never mention the mode, so switching `authMode` replaces the
 * front door only. Every resource here that holds data carries `prevent_destroy`.
 */
export class DataPlane extends Construct {
  /** The workspace every diagnostic log goes to: created here, or a landing zone's by id. */
  readonly logAnalytics: ResourceReference;
  /** The workspace created here; undefined with landingZone.logAnalyticsWorkspaceId. */
  readonly logAnalyticsWorkspace: LogAnalyticsWorkspace | undefined;
  /**
   * The MLflow host's identity: data-plane roles only, each at the narrowest scope, and a regular (not
   * administrator) principal in the database.
   */
  readonly identity: UserAssignedIdentity;
  /** The database's Entra administrator: the hosts carry it for the start-up bootstrap only. */
  readonly databaseAdministratorIdentity: UserAssignedIdentity;
  readonly keyVault: KeyVault;
  readonly storageAccount: StorageAccount;
  readonly artifactsContainer: StorageContainer;
  /** `wasbs://mlflow-artifacts@<account>.blob.core.windows.net/` */
  readonly artifactsDestination: string;
  readonly postgresServer: PostgresqlFlexibleServer;
  readonly database: PostgresqlFlexibleServerDatabase;
  /** MLflow's auth database, on the same server; used only by a front door that runs MLflow's permissions. */
  readonly authDatabase: PostgresqlFlexibleServerDatabase;
  /** How the hosts sign MLflow in to PostgreSQL with Entra ID (no password, no secret). */
  readonly databaseLogin: PostgresEntraLogin;
  /** Storage Blob Data Contributor for the MLflow identity on the artifacts container. */
  readonly artifactsWriter: RoleAssignment;
  /** The vault's private endpoint (with its DNS record): hosts that resolve a Key Vault reference wait for it. */
  readonly keyVaultPrivateEndpoint: SecretStore["privateEndpoint"];
  /** Key Vault, its private endpoint and diagnostics. */
  readonly secretStore: SecretStore;
  /** Storage account, container, private endpoint and diagnostics. */
  readonly artifactStore: ArtifactStore;
  /** PostgreSQL server, database, TLS settings, diagnostics and the Entra administrator(s). */
  readonly backendStore: BackendStore;

  constructor(scope: Construct, id: string, props: DataPlaneProps) {
    super(scope, id);
    const { names, resourceGroup, network } = props;
    const tags = props.tags ?? {};

    this.logAnalyticsWorkspace = props.logAnalyticsWorkspaceId
      ? undefined
      : new LogAnalyticsWorkspace(this, "log-analytics", {
          name: names.logAnalyticsWorkspace,
          resourceGroupName: resourceGroup.name,
          location: resourceGroup.location,
          sku: "PerGB2018",
          retentionInDays: props.logAnalytics.retentionInDays,
          tags: { ...tags },
          // Audit and sign-in history outlive any front door.
          lifecycle: { preventDestroy: true },
        });
    this.logAnalytics = this.logAnalyticsWorkspace ?? { id: props.logAnalyticsWorkspaceId ?? "" };
    this.identity = new UserAssignedIdentity(this, "mlflow-identity", {
      name: names.mlflowIdentity,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      tags: { ...tags },
    });

    const common = { names, resourceGroup, logAnalytics: this.logAnalytics, tags };
    this.secretStore = new SecretStore(this, "secrets", {
      ...common,
      tenantId: props.tenantId,
      softDeleteRetentionDays: props.keyVault.softDeleteRetentionDays,
      subnet: network.subnets.privateEndpoints,
      dnsZone: network.privateDnsZones.keyVault,
    });
    this.keyVault = this.secretStore.keyVault;
    this.artifactStore = new ArtifactStore(this, "artifacts", {
      ...common,
      settings: props.storage,
      subnet: network.subnets.privateEndpoints,
      dnsZone: network.privateDnsZones.blob,
    });
    this.storageAccount = this.artifactStore.storageAccount;
    this.artifactsContainer = this.artifactStore.container;
    this.artifactsDestination = this.artifactStore.artifactsDestination;
    this.backendStore = new BackendStore(this, "backend-store", {
      ...common,
      settings: props.database,
      delegatedSubnet: network.subnets.postgres,
      dnsZone: network.privateDnsZones.postgres,
      dnsZoneLinks: network.privateDnsZones.links,
      tenantId: props.tenantId,
      mlflowIdentity: this.identity,
    });
    this.postgresServer = this.backendStore.server;
    this.database = this.backendStore.database;
    this.authDatabase = this.backendStore.authDatabase;
    this.databaseAdministratorIdentity = this.backendStore.administratorIdentity;
    this.databaseLogin = this.backendStore.login;

    // Data-plane roles only, at the narrowest scope Azure supports for each.
    this.keyVaultPrivateEndpoint = this.secretStore.privateEndpoint;
    this.artifactsWriter = new RoleAssignment(this, "mlflow-blob-contributor", {
      scope: this.artifactsContainer.id,
      roleDefinitionName: "Storage Blob Data Contributor",
      principalId: this.identity.principalId,
      principalType: "ServicePrincipal",
      description: "MLflow reads and writes artifacts in its container",
    });
  }

  /**
   * The user-assigned identities an MLflow host carries: the MLflow identity (AZURE_CLIENT_ID: Blob and PostgreSQL)
   * and the database's Entra administrator (the start-up bootstrap only).
   */
  get hostIdentityIds(): string[] {
    return [this.identity.id, this.databaseAdministratorIdentity.id];
  }

  /**
   * What an MLflow host uses when it starts, and so must exist before it is created: the database's Entra
   * administrator(s) (the bootstrap signs in as one), the vault's private endpoint with its DNS record (a web app's
   * Key Vault reference, in EasyAuth's client-secret mode), and the DNS zones' VNet links (the database's name).
   * Entra can take minutes to honour a new administrator, so the bootstrap also retries (postgres-entra-auth).
   */
  startDependencies(network: Network): ITerraformDependable[] {
    const administrators: PostgresqlFlexibleServerActiveDirectoryAdministrator[] = [
      this.backendStore.administrator,
      ...(this.backendStore.administratorGroup ? [this.backendStore.administratorGroup] : []),
    ];
    return [...administrators, this.keyVaultPrivateEndpoint, ...network.privateDnsZones.links];
  }

  /**
   * Writes a secret into the data plane's Key Vault through Resource Manager, at `scope`/`id` (so a front door's
   * secrets leave its state with it, and stay in the vault).
   */
  addSecret(scope: Construct, id: string, props: SecretProps): VaultSecret {
    return this.secretStore.addSecret(scope, id, props);
  }
}
