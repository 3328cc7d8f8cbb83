import { KeyVault, type KeyVaultConfig } from "@cdktf/provider-azurerm/lib/key-vault";
import {
  LinuxVirtualMachine,
  type LinuxVirtualMachineConfig,
} from "@cdktf/provider-azurerm/lib/linux-virtual-machine";
import { LinuxWebApp, type LinuxWebAppConfig } from "@cdktf/provider-azurerm/lib/linux-web-app";
import { NetworkInterface, type NetworkInterfaceConfig } from "@cdktf/provider-azurerm/lib/network-interface";
import {
  PostgresqlFlexibleServer,
  type PostgresqlFlexibleServerConfig,
} from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { StorageAccount, type StorageAccountConfig } from "@cdktf/provider-azurerm/lib/storage-account";
import type { Construct } from "constructs";

/**
 * Resources that pass every rule, for rule tests to break one argument at a time. Overrides replace top-level
 * arguments (a nested block is replaced whole).
 */

const AT = { location: "westeurope", resourceGroupName: "rg-policy-test" };

export function azurermProvider(scope: Construct, storageUseAzuread = true): AzurermProvider {
  return new AzurermProvider(scope, "azurerm", { features: [{}], storageUseAzuread });
}

export const COMPLIANT_SITE_CONFIG: LinuxWebAppConfig["siteConfig"] = {
  minimumTlsVersion: "1.2",
  scmMinimumTlsVersion: "1.2",
  ftpsState: "Disabled",
  http2Enabled: true,
  healthCheckPath: "/health",
  healthCheckEvictionTimeInMin: 5,
  remoteDebuggingEnabled: false,
};

export function webApp(
  scope: Construct,
  overrides: Partial<LinuxWebAppConfig> = {},
  id = "web-app",
): LinuxWebApp {
  return new LinuxWebApp(scope, id, {
    ...AT,
    name: "app-policy-test",
    servicePlanId: "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Web/serverFarms/asp",
    httpsOnly: true,
    ftpPublishBasicAuthenticationEnabled: false,
    webdeployPublishBasicAuthenticationEnabled: false,
    identity: { type: "SystemAssigned" },
    siteConfig: COMPLIANT_SITE_CONFIG,
    authSettingsV2: {
      authEnabled: true,
      requireAuthentication: true,
      unauthenticatedAction: "RedirectToLoginPage",
      login: { tokenStoreEnabled: false },
      activeDirectoryV2: {
        clientId: "00000000-0000-0000-0000-000000000001",
        tenantAuthEndpoint: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000002/v2.0",
      },
    },
    ...overrides,
  });
}

export function storageAccount(
  scope: Construct,
  overrides: Partial<StorageAccountConfig> = {},
  id = "storage",
): StorageAccount {
  return new StorageAccount(scope, id, {
    ...AT,
    name: "stpolicytest",
    accountTier: "Standard",
    accountReplicationType: "ZRS",
    minTlsVersion: "TLS1_2",
    allowNestedItemsToBePublic: false,
    publicNetworkAccessEnabled: false,
    sharedAccessKeyEnabled: false,
    blobProperties: {
      versioningEnabled: true,
      deleteRetentionPolicy: { days: 30 },
      containerDeleteRetentionPolicy: { days: 30 },
    },
    lifecycle: { preventDestroy: true },
    ...overrides,
  });
}

export function keyVault(
  scope: Construct,
  overrides: Partial<KeyVaultConfig> = {},
  id = "key-vault",
): KeyVault {
  return new KeyVault(scope, id, {
    ...AT,
    name: "kv-policy-test",
    skuName: "standard",
    tenantId: "00000000-0000-0000-0000-000000000002",
    purgeProtectionEnabled: true,
    rbacAuthorizationEnabled: true,
    publicNetworkAccessEnabled: false,
    lifecycle: { preventDestroy: true },
    ...overrides,
  });
}

export function postgresServer(
  scope: Construct,
  overrides: Partial<PostgresqlFlexibleServerConfig> = {},
  id = "postgres",
): PostgresqlFlexibleServer {
  return new PostgresqlFlexibleServer(scope, id, {
    ...AT,
    name: "psql-policy-test",
    delegatedSubnetId:
      "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
    publicNetworkAccessEnabled: false,
    backupRetentionDays: 7,
    geoRedundantBackupEnabled: false,
    authentication: {
      passwordAuthEnabled: false,
      activeDirectoryAuthEnabled: true,
      tenantId: "00000000-0000-0000-0000-000000000001",
    },
    lifecycle: { preventDestroy: true },
    ...overrides,
  });
}

export function networkInterface(
  scope: Construct,
  overrides: Partial<NetworkInterfaceConfig> = {},
  id = "nic",
): NetworkInterface {
  return new NetworkInterface(scope, id, {
    ...AT,
    name: "nic-policy-test",
    ipConfiguration: [
      { name: "internal", privateIpAddressAllocation: "Dynamic", subnetId: "/subscriptions/0000/subnets/s" },
    ],
    ...overrides,
  });
}

export function linuxVm(
  scope: Construct,
  overrides: Partial<LinuxVirtualMachineConfig> = {},
  id = "vm",
): LinuxVirtualMachine {
  return new LinuxVirtualMachine(scope, id, {
    ...AT,
    name: "vm-policy-test",
    size: "Standard_D2s_v5",
    adminUsername: "mlflowadmin",
    adminSshKey: [
      {
        username: "mlflowadmin",
        publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyNotARealKey policy-test",
      },
    ],
    networkInterfaceIds: ["/subscriptions/0000/networkInterfaces/nic"],
    osDisk: { caching: "ReadWrite", storageAccountType: "Premium_LRS" },
    sourceImageReference: {
      publisher: "Canonical",
      offer: "ubuntu-24_04-lts",
      sku: "server",
      version: "latest",
    },
    encryptionAtHostEnabled: true,
    ...overrides,
  });
}
