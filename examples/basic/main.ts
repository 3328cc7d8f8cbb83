// A platform team's own cdktf app, using mlflow-azure-entra as a library (npm install mlflow-azure-entra).
// Build and synthesize: `npx tsc && node dist/main.js` (or `npx cdktf synth`, which runs cdktf.json's app).
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, AzurermBackend, TerraformOutput, TerraformStack } from "cdktf";
import { AuthMode, MlflowStack, MlflowTrackingServer } from "mlflow-azure-entra";

const app = new App({ stackTraces: false });

// 1. EasyAuth, batteries included: MlflowStack brings the providers, a state backend and the resource group.
new MlflowStack(app, "mlflow-dev", {
  authMode: "easyauth",
  location: "westeurope",
  addressSpace: "10.40.0.0/24",
  easyAuth: { skuName: "B1" },
});

// 2. App Proxy, in a stack of the team's own: their providers, their backend, their resource group, their stack id.
const platform = new TerraformStack(app, "ml-platform");
new AzurermProvider(platform, "azurerm", {
  features: [{ storage: [{ dataPlaneAvailable: false }] }],
  // The artifacts account allows Entra ID only (shared keys off): the construct checks this at synth.
  storageUseAzuread: true,
});
new AzureadProvider(platform, "azuread", {});
new RandomProvider(platform, "random", {});
new AzurermBackend(platform, {
  resourceGroupName: "rg-platform-tfstate",
  storageAccountName: "stplatformtfstate",
  containerName: "tfstate",
  key: "ml-platform.tfstate",
  useAzureadAuth: true,
});
// It will hold MLflow's data: the rule pack added below refuses a data resource without prevent_destroy.
const resourceGroup = new ResourceGroup(platform, "ml", {
  name: "rg-ml-platform",
  location: "westeurope",
  lifecycle: { preventDestroy: true },
});
const mlflow = new MlflowTrackingServer(platform, "mlflow", {
  environmentName: "platform",
  authMode: AuthMode.APP_PROXY,
  location: "westeurope",
  addressSpace: "10.60.0.0/24",
  resourceGroup,
  signInGroupObjectIds: ["00000000-0000-0000-0000-00000000a11c"],
});
new TerraformOutput(platform, "mlflow_tracking_uri", { value: mlflow.trackingUri });
new TerraformOutput(platform, "mlflow_token_scope", { value: mlflow.tokenScope });
MlflowTrackingServer.addSecurityRulePack(platform);

app.synth();
