import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { Construct } from "constructs";
import type { ResolvedStorageConfig } from "../config";
import type { DataComponentProps, PrivateAccessProps } from "./component-props";
import { Diagnostics } from "./monitoring";
import { PrivateEndpoint } from "./private-endpoint";

export const ARTIFACTS_CONTAINER = "mlflow-artifacts";

export interface ArtifactStoreProps extends DataComponentProps, PrivateAccessProps {
  /** Redundancy and soft delete of the account. */
  readonly settings: ResolvedStorageConfig;
}

/**
 * Storage account and private container for MLflow artifacts. No shared keys (Entra ID only), no public network
 * access at all, private endpoint for blob. Versioning and soft delete let an overwritten or deleted artifact be
 * restored.
 *
 * Terraform never needs the storage data plane here: the provider is configured with
 * `features.storage.data_plane_available = false` and the container is created by `storage_account_id`, which goes
 * through Resource Manager (hashicorp/terraform-provider-azurerm#30893). So the account can be fully private and
 * still be deployed from anywhere.
 */
export class ArtifactStore extends Construct {
  readonly storageAccount: StorageAccount;
  readonly container: StorageContainer;
  /** `--artifacts-destination` for `mlflow server`. */
  readonly artifactsDestination: string;
  /** The blob endpoint inside the VNet, registered in the blob private DNS zone. */
  readonly privateEndpoint: PrivateEndpoint;
  /** Blob service logs and metrics to Log Analytics. */
  readonly diagnostics: Diagnostics;

  constructor(scope: Construct, id: string, props: ArtifactStoreProps) {
    super(scope, id);
    const { names, resourceGroup, settings } = props;
    const tags = props.tags ?? {};

    this.storageAccount = new StorageAccount(this, "storage-account", {
      name: names.storageAccount,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      accountKind: "StorageV2",
      accountTier: "Standard",
      accountReplicationType: settings.replicationType,
      minTlsVersion: "TLS1_2",
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      publicNetworkAccessEnabled: false,
      crossTenantReplicationEnabled: false,
      infrastructureEncryptionEnabled: true,
      localUserEnabled: false,
      networkRules: { defaultAction: "Deny", bypass: ["AzureServices"] },
      blobProperties: {
        versioningEnabled: true,
        changeFeedEnabled: true,
        deleteRetentionPolicy: { days: settings.blobSoftDeleteDays },
        containerDeleteRetentionPolicy: { days: settings.containerSoftDeleteDays },
      },
      tags: { ...tags },
      lifecycle: { preventDestroy: true },
    });
    this.container = new StorageContainer(this, "artifacts-container", {
      name: ARTIFACTS_CONTAINER,
      storageAccountId: this.storageAccount.id,
      containerAccessType: "private",
      lifecycle: { preventDestroy: true },
    });
    this.artifactsDestination = `wasbs://${ARTIFACTS_CONTAINER}@${this.storageAccount.name}.blob.core.windows.net/`;

    this.privateEndpoint = new PrivateEndpoint(this, "private-endpoint", {
      name: names.privateEndpoint("blob"),
      resourceGroup,
      subnet: props.subnet,
      targetResourceId: this.storageAccount.id,
      subresource: "blob",
      dnsZone: props.dnsZone,
      tags,
    });
    this.diagnostics = new Diagnostics(this, "blob-diagnostics", {
      targetResourceId: `${this.storageAccount.id}/blobServices/default`,
      targetType: "Microsoft.Storage/storageAccounts/blobServices",
      workspace: props.logAnalytics,
    });
  }
}
