"""A platform team's own cdktf app in Python, using mlflow-azure-entra as a library (pip install mlflow-azure-entra).

The same two stacks as examples/basic/main.ts: EasyAuth with MlflowStack (batteries included), and App Proxy with
MlflowTrackingServer in a stack of the team's own (their providers, backend and resource group).
Run with `cdktf synth` (cdktf.json: "app": "python3 main.py").
"""

from cdktf import App, AzurermBackend, TerraformOutput, TerraformResourceLifecycle, TerraformStack
from cdktf_cdktf_provider_azuread.provider import AzureadProvider
from cdktf_cdktf_provider_azurerm.provider import (
    AzurermProvider,
    AzurermProviderFeatures,
    AzurermProviderFeaturesStorage,
)
from cdktf_cdktf_provider_azurerm.resource_group import ResourceGroup
from cdktf_cdktf_provider_random.provider import RandomProvider

from mlflow_azure_entra import (
    AuthMode,
    EasyAuthConfig,
    MlflowStack,
    MlflowTrackingServer,
    ResourceGroupReference,
)

app = App(stack_traces=False)

# 1. EasyAuth, batteries included: MlflowStack brings the providers, a state backend and the resource group.
MlflowStack(
    app,
    "mlflow-dev",
    auth_mode=AuthMode.EASYAUTH,
    location="westeurope",
    address_space="10.40.0.0/24",
    easy_auth=EasyAuthConfig(sku_name="B1"),
)

# 2. App Proxy, in a stack of the team's own.
platform = TerraformStack(app, "ml-platform")
AzurermProvider(
    platform,
    "azurerm",
    features=[AzurermProviderFeatures(storage=[AzurermProviderFeaturesStorage(data_plane_available=False)])],
    # The artifacts account allows Entra ID only (shared keys off): the construct checks this at synth.
    storage_use_azuread=True,
)
AzureadProvider(platform, "azuread")
RandomProvider(platform, "random")
AzurermBackend(
    platform,
    resource_group_name="rg-platform-tfstate",
    storage_account_name="stplatformtfstate",
    container_name="tfstate",
    key="ml-platform.tfstate",
    use_azuread_auth=True,
)
resource_group = ResourceGroup(
    platform,
    "ml",
    name="rg-ml-platform",
    location="westeurope",
    lifecycle=TerraformResourceLifecycle(prevent_destroy=True),
)
mlflow = MlflowTrackingServer(
    platform,
    "mlflow",
    environment_name="platform",
    auth_mode=AuthMode.APP_PROXY,
    location="westeurope",
    address_space="10.60.0.0/24",
    resource_group=ResourceGroupReference(
        id=resource_group.id, name=resource_group.name, location=resource_group.location
    ),
    sign_in_group_object_ids=["00000000-0000-0000-0000-00000000a11c"],
)
TerraformOutput(platform, "mlflow_tracking_uri", value=mlflow.tracking_uri)
TerraformOutput(platform, "mlflow_token_scope", value=mlflow.token_scope)
MlflowTrackingServer.add_security_rule_pack(platform)

app.synth()
