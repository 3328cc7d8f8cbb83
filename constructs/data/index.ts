import type { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import type { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import type { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
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
import { SecretProps, SecretStore } from "./key-vault";
import { BackendStore } from "./postgres";
import { ArtifactStore } from "./storage";
import type { VaultSecret } from "./vault-secret";

export { ARTIFACTS_CONTAINER } from "./storage";
export { ADMIN_LOGIN, BACKEND_STORE_URI_SECRET, DATABASE_NAME } from "./postgres";
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
  /** Entra tenant the vault trusts (a plan-time reference is fine). */
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
  /** The MLflow host's identity; data-plane roles only, each at the narrowest scope. */
  readonly identity: UserAssignedIdentity;
  readonly keyVault: KeyVault;
  readonly storageAccount: StorageAccount;
  readonly artifactsContainer: StorageContainer;
  /** `wasbs://mlflow-artifacts@<account>.blob.core.windows.net/` */
  readonly artifactsDestination: string;
  readonly postgresServer: PostgresqlFlexibleServer;
  readonly database: PostgresqlFlexibleServerDatabase;
  /** `postgresql+psycopg2://...?sslmode=require`, read by the hosts through a Key Vault reference or fetch. */
  readonly backendStoreUriSecret: VaultSecret;
  /** Key Vault Secrets User for the MLflow identity on the backend-store URI secret. */
  readonly backendStoreUriReader: RoleAssignment;
  /** Storage Blob Data Contributor for the MLflow identity on the artifacts container. */
  readonly artifactsWriter: RoleAssignment;
  /** The vault's private endpoint (with its DNS record): hosts that read secrets at start wait for it. */
  readonly keyVaultPrivateEndpoint: SecretStore["privateEndpoint"];
  /** Key Vault, its private endpoint and diagnostics. */
  readonly secretStore: SecretStore;
  /** Storage account, container, private endpoint and diagnostics. */
  readonly artifactStore: ArtifactStore;
  /** PostgreSQL server, database, TLS settings, diagnostics and the two secrets. */
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
      secrets: this.secretStore,
    });
    this.postgresServer = this.backendStore.server;
    this.database = this.backendStore.database;
    this.backendStoreUriSecret = this.backendStore.backendStoreUriSecret;

    // Data-plane roles only, at the narrowest scope Azure supports for each.
    this.keyVaultPrivateEndpoint = this.secretStore.privateEndpoint;
    this.artifactsWriter = new RoleAssignment(this, "mlflow-blob-contributor", {
      scope: this.artifactsContainer.id,
      roleDefinitionName: "Storage Blob Data Contributor",
      principalId: this.identity.principalId,
      principalType: "ServicePrincipal",
      description: "MLflow reads and writes artifacts in its container",
    });
    this.backendStoreUriReader = new RoleAssignment(this, "mlflow-backend-secret-user", {
      scope: this.backendStoreUriSecret.resourceVersionlessId,
      roleDefinitionName: "Key Vault Secrets User",
      principalId: this.identity.principalId,
      principalType: "ServicePrincipal",
      description: "MLflow reads its backend-store URI, and no other secret",
      // The scope is built from the vault's id: wait for the secret itself to exist.
      dependsOn: [this.backendStoreUriSecret],
    });
  }

  /**
   * What an MLflow host reads when it starts, and so must exist before it is created: the backend-store secret, the
   * host identity's role on it, the vault's private endpoint with its DNS record, and the DNS zones' VNet links.
   * Resource Manager reports a role assignment before Key Vault honours it (Learn: changes can take up to 10
   * minutes), so the hosts also retry (see mlflow-server.ts and the VM's fetch script).
   * https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#symptom---role-assignment-changes-are-not-being-detected
   */
  startDependencies(network: Network): ITerraformDependable[] {
    return [
      this.backendStoreUriSecret,
      this.backendStoreUriReader,
      this.keyVaultPrivateEndpoint,
      ...network.privateDnsZones.links,
    ];
  }

  /**
   * Writes a secret into the data plane's Key Vault through Resource Manager, at `scope`/`id` (so a front door's
   * secrets leave its state with it, and stay in the vault).
   */
  addSecret(scope: Construct, id: string, props: SecretProps): VaultSecret {
    return this.secretStore.addSecret(scope, id, props);
  }
}
