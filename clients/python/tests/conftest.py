import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import fake_mlflow  # noqa: E402

MLFLOW_FAKED = fake_mlflow.install()

# Every variable the plugin reads: tests start from none of them, whatever the machine has set.
PLUGIN_VARIABLES = (
    "MLFLOW_ENTRA_SCOPE",
    "MLFLOW_ENTRA_CREDENTIAL",
    "MLFLOW_ENTRA_CLIENT_ID",
    "AZURE_TENANT_ID",
    "AZURE_CLIENT_ID",
    "AZURE_FEDERATED_TOKEN_FILE",
    "IDENTITY_ENDPOINT",
    "MLFLOW_TRACKING_TOKEN",
    "MLFLOW_TRACKING_AUTH",
    "MLFLOW_TRACKING_URI",
)

SCOPE = "api://11111111-2222-3333-4444-555555555555/.default"
TENANT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
TRACKING_URI = "https://app-mlflow-dev-abc123.azurewebsites.net/"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in PLUGIN_VARIABLES:
        monkeypatch.delenv(name, raising=False)
