import { DEFAULT_MLFLOW_IMAGE } from "../mlflow-server";

/**
 * The default of every optional setting that has a value of its own (the others default to "none" or to something
 * computed, as their `@default` says). test/config/defaults.test.ts keeps each `@default` in types.ts equal to these.
 */
export const DEFAULTS = {
  mlflow: { image: DEFAULT_MLFLOW_IMAGE, workers: 2 },
  database: {
    skuName: "B_Standard_B1ms",
    storageMb: 32768,
    backupRetentionDays: 7,
    geoRedundantBackup: false,
  },
  storage: { replicationType: "ZRS", blobSoftDeleteDays: 30, containerSoftDeleteDays: 30 },
  keyVault: { softDeleteRetentionDays: 90 },
  logAnalytics: { retentionInDays: 30 },
  disposable: false,
  easyAuth: { skuName: "P0v3", clientCredential: "managed-identity" },
  appProxy: {
    vmSize: "Standard_D2s_v5",
    adminUsername: "mlflowadmin",
    connectorCount: 2,
    connectorVmSize: "Standard_D2s_v5",
  },
  permissions: { defaultPermission: "READ" },
} as const;
