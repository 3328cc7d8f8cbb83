// MLflow in a spoke of an enterprise landing zone: the platform team's VNet and subnets, the hub's private DNS
// zones, the central Log Analytics workspace and an existing resource group. Nothing of those is created here
// (check.mjs proves it on the synthesized JSON; scripts/check-examples.sh runs it).
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { DataAzurermResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, AzurermBackend, TerraformOutput, TerraformStack } from "cdktf";
import { AuthMode, MlflowTrackingServer } from "mlflow-azure-entra";

const SPOKE = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-spoke-net";
const VNET = `${SPOKE}/providers/Microsoft.Network/virtualNetworks/vnet-spoke-ml`;
const HUB = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups";
const DNS = `${HUB}/rg-hub-dns/providers/Microsoft.Network/privateDnsZones`;

const app = new App({ stackTraces: false });
const stack = new TerraformStack(app, "ml-spoke");
new AzurermProvider(stack, "azurerm", {
  features: [{ storage: [{ dataPlaneAvailable: false }] }],
  storageUseAzuread: true,
});
new AzureadProvider(stack, "azuread", {});
new RandomProvider(stack, "random", {});
new AzurermBackend(stack, {
  resourceGroupName: "rg-spoke-tfstate",
  storageAccountName: "stspoketfstate",
  containerName: "tfstate",
  key: "ml-spoke.tfstate",
  useAzureadAuth: true,
});

// The landing zone's resource group for this workload (read, so a plan fails early if it is missing).
const resourceGroup = new DataAzurermResourceGroup(stack, "workload", { name: "rg-spoke-ml" });

const mlflow = new MlflowTrackingServer(stack, "mlflow", {
  environmentName: "spoke",
  authMode: AuthMode.EASYAUTH,
  location: "westeurope",
  // The spoke VNet's address space: every subnet below is checked to lie inside it.
  addressSpace: "10.80.0.0/16",
  resourceGroup: { id: resourceGroup.id, name: resourceGroup.name, location: "westeurope" },
  landingZone: {
    virtualNetwork: {
      id: VNET,
      subnets: {
        appService: { id: `${VNET}/subnets/snet-mlflow-app`, addressPrefix: "10.80.1.0/26" },
        privateEndpoints: { id: `${VNET}/subnets/snet-mlflow-pe`, addressPrefix: "10.80.2.0/27" },
        postgres: { id: `${VNET}/subnets/snet-mlflow-psql`, addressPrefix: "10.80.3.0/28" },
      },
    },
    privateDnsZoneIds: {
      blob: `${DNS}/privatelink.blob.core.windows.net`,
      keyVault: `${DNS}/privatelink.vaultcore.azure.net`,
      postgres: `${DNS}/mlflow.private.postgres.database.azure.com`,
    },
    logAnalyticsWorkspaceId: `${HUB}/rg-hub-logs/providers/Microsoft.OperationalInsights/workspaces/log-hub`,
  },
});
new TerraformOutput(stack, "mlflow_tracking_uri", { value: mlflow.trackingUri });
MlflowTrackingServer.addSecurityRulePack(stack);

app.synth();
