import type { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import type { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import type { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import type { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import type { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
import type { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import type { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import type { ResolvedConfig } from "../config";
import type { ResourceNames } from "../naming";
import type { Network } from "../network";
import { SecretProps, SecretStore } from "./key-vault";
import { BackendStore } from "./postgres";
import { ArtifactStore } from "./storage";

export { ARTIFACTS_CONTAINER } from "./storage";
export { ADMIN_LOGIN, BACKEND_STORE_URI_SECRET, DATABASE_NAME } from "./postgres";
export { Diagnostics } from "./monitoring";
export type { DiagnosticsProps } from "./monitoring";
export type { SecretProps } from "./key-vault";

export interface DataPlaneProps {
  readonly config: ResolvedConfig;
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroup;
  readonly network: Network;
  /** Tenant id for the vault and object id of the deployer (Secrets Officer), resolved at plan time. */
  readonly azurermClient: DataAzurermClientConfig;
}

/**
 * Everything MLflow keeps: logs, secrets, artifacts, the database, and the identity that reads them.
 * Identical in both auth modes, at construct ids that never mention the mode, so switching `authMode` replaces the
 * front door only. Every resource here that holds data carries `prevent_destroy`.
 */
export class DataPlane extends Construct {
  readonly logAnalytics: LogAnalyticsWorkspace;
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
  readonly backendStoreUriSecret: KeyVaultSecret;
  private readonly secrets: SecretStore;

  constructor(scope: Construct, id: string, props: DataPlaneProps) {
    super(scope, id);
    const { config, names, resourceGroup, network, azurermClient } = props;

    this.logAnalytics = new LogAnalyticsWorkspace(this, "log-analytics", {
      name: names.logAnalyticsWorkspace,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      sku: "PerGB2018",
      retentionInDays: config.logAnalytics.retentionInDays,
      tags: { ...config.tags },
      // Audit and sign-in history outlive any front door.
      lifecycle: { preventDestroy: true },
    });
    this.identity = new UserAssignedIdentity(this, "mlflow-identity", {
      name: names.mlflowIdentity,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      tags: { ...config.tags },
    });

    const common = { config, names, resourceGroup, network, logAnalytics: this.logAnalytics };
    this.secrets = new SecretStore(this, "secrets", { ...common, azurermClient });
    this.keyVault = this.secrets.keyVault;
    const artifacts = new ArtifactStore(this, "artifacts", common);
    this.storageAccount = artifacts.storageAccount;
    this.artifactsContainer = artifacts.container;
    this.artifactsDestination = artifacts.artifactsDestination;
    const backend = new BackendStore(this, "backend-store", {
      ...common,
      secrets: this.secrets,
      azurermClient,
    });
    this.postgresServer = backend.server;
    this.database = backend.database;
    this.backendStoreUriSecret = backend.backendStoreUriSecret;

    // Data-plane roles only, at the narrowest scope Azure supports for each.
    new RoleAssignment(this, "mlflow-blob-contributor", {
      scope: this.artifactsContainer.id,
      roleDefinitionName: "Storage Blob Data Contributor",
      principalId: this.identity.principalId,
      principalType: "ServicePrincipal",
      description: "MLflow reads and writes artifacts in its container",
    });
    new RoleAssignment(this, "mlflow-backend-secret-user", {
      scope: this.backendStoreUriSecret.resourceVersionlessId,
      roleDefinitionName: "Key Vault Secrets User",
      principalId: this.identity.principalId,
      principalType: "ServicePrincipal",
      description: "MLflow reads its backend-store URI, and no other secret",
    });
  }

  /**
   * Writes a secret into the data plane's Key Vault, at `scope`/`id` (so a front door's secrets leave with it).
   * The write waits for the deployer's Key Vault Secrets Officer role.
   */
  addSecret(scope: Construct, id: string, props: SecretProps): KeyVaultSecret {
    return this.secrets.addSecret(scope, id, props);
  }
}
