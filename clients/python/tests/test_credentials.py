"""Which azure-identity credential each setting builds, with which arguments; azure-identity is optional
until a token is needed."""

import sys

import pytest
from conftest import SCOPE, TENANT
from fake_identity import identity_module

from mlflow_entra_auth.credentials import build_credential
from mlflow_entra_auth.errors import EntraConfigError
from mlflow_entra_auth.settings import AZURE_CLI_CLIENT_ID, read_settings

CLIENT = "12345678-0000-0000-0000-000000000000"


def build(**env):
    module = identity_module()
    credential = build_credential(read_settings({"MLFLOW_ENTRA_SCOPE": SCOPE, **env}), identity=module)
    return type(credential).__name__, credential.kwargs


def test_azure_cli_without_a_tenant_uses_the_cli_login_as_is():
    assert build() == ("AzureCliCredential", {})


def test_azure_cli_asks_for_a_token_of_azure_tenant_id_when_set():
    assert build(AZURE_TENANT_ID=TENANT) == ("AzureCliCredential", {"tenant_id": TENANT})


def test_managed_identity_is_system_assigned_unless_azure_client_id_names_one():
    assert build(MLFLOW_ENTRA_CREDENTIAL="managed-identity") == ("ManagedIdentityCredential", {})
    assert build(MLFLOW_ENTRA_CREDENTIAL="managed-identity", AZURE_CLIENT_ID=CLIENT) == (
        "ManagedIdentityCredential",
        {"client_id": CLIENT},
    )


def test_workload_identity_gets_tenant_client_and_token_file():
    assert build(AZURE_FEDERATED_TOKEN_FILE="/t", AZURE_CLIENT_ID=CLIENT, AZURE_TENANT_ID=TENANT) == (
        "WorkloadIdentityCredential",
        {"tenant_id": TENANT, "client_id": CLIENT, "token_file_path": "/t"},
    )


def test_device_code_signs_in_as_the_azure_cli_client_in_the_mlflow_tenant_and_prompts_on_stderr(capsys):
    name, kwargs = build(MLFLOW_ENTRA_CREDENTIAL="device-code", AZURE_TENANT_ID=TENANT)
    assert name == "DeviceCodeCredential"
    assert (kwargs["client_id"], kwargs["tenant_id"]) == (AZURE_CLI_CLIENT_ID, TENANT)
    kwargs["prompt_callback"]("https://microsoft.com/devicelogin", "ABCD-EFGH", "2026-11-30 10:15:00")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "open https://microsoft.com/devicelogin and enter the code ABCD-EFGH" in captured.err


def test_missing_azure_identity_is_a_config_error_with_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "azure", None)
    monkeypatch.setitem(sys.modules, "azure.identity", None)
    with pytest.raises(EntraConfigError, match=r"needs the azure-identity package.*pip install ./clients/python"):
        build_credential(read_settings({"MLFLOW_ENTRA_SCOPE": SCOPE}))


def test_an_azure_identity_without_the_class_asks_for_an_upgrade():
    module = identity_module()
    del module.WorkloadIdentityCredential
    settings = read_settings(
        {"MLFLOW_ENTRA_SCOPE": SCOPE, "AZURE_FEDERATED_TOKEN_FILE": "/t", "AZURE_CLIENT_ID": CLIENT, "AZURE_TENANT_ID": TENANT}
    )
    with pytest.raises(EntraConfigError, match="lacks: pip install --upgrade azure-identity"):
        build_credential(settings, identity=module)
