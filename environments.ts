import type { EnvironmentConfig } from "./constructs";

/**
 * One entry per environment; the key is the environment's name (2-10 lowercase letters or digits) and the stack is
 * `mlflow-<name>`. Only `authMode`, `location` and `addressSpace` are required: everything else has a secure
 * default, documented on EnvironmentConfig (constructs/config/types.ts). Nothing here is tenant- or
 * subscription-specific; those values are read at plan time from the Azure CLI login.
 */
export const environments: Record<string, EnvironmentConfig> = {
  // A public endpoint on App Service, every request signed in with Entra ID (EasyAuth).
  dev: {
    authMode: "easyauth",
    location: "westeurope",
    addressSpace: "10.40.0.0/24",
    easyAuth: { skuName: "B1" },
  },
  // No public endpoint at all: a private VM published through Entra Application Proxy.
  prod: {
    authMode: "app-proxy",
    location: "westeurope",
    addressSpace: "10.50.0.0/24",
    database: { skuName: "GP_Standard_D2ds_v5", backupRetentionDays: 35, geoRedundantBackup: true },
    storage: { replicationType: "GZRS" },
    logAnalytics: { retentionInDays: 90 },
  },
};
