import { StorageAccountNetworkRulesA } from "@cdktf/provider-azurerm/lib/storage-account-network-rules";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { storageDataProtection } from "../../../constructs/policy/rules/storage-data-protection";
import { storageNetworkDeny } from "../../../constructs/policy/rules/storage-network-deny";
import { storageNoPublicBlobs } from "../../../constructs/policy/rules/storage-no-public-blobs";
import { storageNoSharedKeys } from "../../../constructs/policy/rules/storage-no-shared-keys";
import { storagePrivateContainer } from "../../../constructs/policy/rules/storage-private-container";
import { storageTransport } from "../../../constructs/policy/rules/storage-transport";
import { azurermProvider, storageAccount } from "./fixtures";
import type { RuleCase } from "./rule-case";

export const STORAGE_CASES: readonly RuleCase[] = [
  {
    rule: storageTransport,
    compliant: (scope) => storageAccount(scope),
    nonCompliant: (scope) =>
      storageAccount(scope, { minTlsVersion: "TLS1_0", httpsTrafficOnlyEnabled: false }),
    problem: /min_tls_version is "TLS1_0"; https_traffic_only_enabled is false/,
  },
  {
    rule: storageNoPublicBlobs,
    compliant: (scope) => storageAccount(scope),
    nonCompliant: (scope) => storageAccount(scope, { allowNestedItemsToBePublic: undefined }),
    problem: "allow_nested_items_to_be_public is unset (the default is true)",
  },
  {
    rule: storageNetworkDeny,
    compliant: (scope) => storageAccount(scope),
    nonCompliant: (scope) => storageAccount(scope, { publicNetworkAccessEnabled: undefined }),
    problem: "public_network_access_enabled is not false and no network rules deny by default",
  },
  {
    rule: storageNetworkDeny,
    name: "default action in a separate network rules resource",
    compliant: (scope) => {
      const account = storageAccount(scope, { publicNetworkAccessEnabled: true });
      new StorageAccountNetworkRulesA(scope, "rules", {
        storageAccountId: account.id,
        defaultAction: "Deny",
      });
    },
    nonCompliant: (scope) => {
      const account = storageAccount(scope, { publicNetworkAccessEnabled: true });
      new StorageAccountNetworkRulesA(scope, "rules", {
        storageAccountId: account.id,
        defaultAction: "Allow",
      });
    },
    problem: `the network rules' default_action is "Allow"`,
  },
  {
    rule: storageNoSharedKeys,
    compliant: (scope) => {
      azurermProvider(scope);
      storageAccount(scope);
    },
    nonCompliant: (scope) => {
      azurermProvider(scope);
      storageAccount(scope, { sharedAccessKeyEnabled: true });
    },
    problem: "shared_access_key_enabled is true",
  },
  {
    rule: storageNoSharedKeys,
    name: "the provider still uses keys for storage",
    compliant: (scope) => {
      azurermProvider(scope);
      storageAccount(scope);
    },
    nonCompliant: (scope) => {
      azurermProvider(scope, false);
      storageAccount(scope);
    },
    problem: "provider.azurerm does not set storage_use_azuread = true",
  },
  {
    rule: storageDataProtection,
    compliant: (scope) => storageAccount(scope),
    nonCompliant: (scope) =>
      storageAccount(scope, {
        blobProperties: { versioningEnabled: false, deleteRetentionPolicy: { days: 7 } },
      }),
    problem: /versioning_enabled is false.*container_delete_retention_policy is missing/,
  },
  {
    rule: storagePrivateContainer,
    compliant: (scope) =>
      new StorageContainer(scope, "container", {
        name: "mlflow-artifacts",
        storageAccountId: "/s/a",
        containerAccessType: "private",
      }),
    nonCompliant: (scope) =>
      new StorageContainer(scope, "container", {
        name: "mlflow-artifacts",
        storageAccountId: "/s/a",
        containerAccessType: "blob",
      }),
    problem: 'container_access_type is "blob"',
  },
];
