"""Which credential each setting builds (azure-identity's, or MSAL's public client), with which arguments;
azure-identity and msal are optional until a token is needed."""

import sys
import types

import pytest
from conftest import SCOPE, TENANT
from fake_identity import identity_module

from mlflow_entra_auth.credentials import build_credential
from mlflow_entra_auth.errors import EntraConfigError
from mlflow_entra_auth.public_client import PublicClientCredential, prompt_on_stderr
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


class RecordingMsal(types.ModuleType):
    """Records how the plugin builds MSAL's application; the sign-in itself is tested with the real MSAL
    (test_public_client.py)."""

    def __init__(self):
        super().__init__("msal")
        self.applications = []
        recorder = self

        class PublicClientApplication:
            def __init__(self, client_id, **kwargs):
                recorder.applications.append((client_id, kwargs))

        class SerializableTokenCache:
            has_state_changed = False

            def deserialize(self, state):
                pass

        self.PublicClientApplication = PublicClientApplication
        self.SerializableTokenCache = SerializableTokenCache


def build_public_client(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("HOME", str(tmp_path))
    msal = RecordingMsal()
    credential = build_credential(read_settings({"MLFLOW_ENTRA_SCOPE": SCOPE, **env}), identity=None, msal=msal)
    [(client_id, options)] = msal.applications
    return credential, client_id, options


def test_device_code_signs_in_with_msal_as_the_azure_cli_client_in_the_mlflow_tenant(monkeypatch, tmp_path):
    credential, client_id, options = build_public_client(
        monkeypatch, tmp_path, MLFLOW_ENTRA_CREDENTIAL="device-code", AZURE_TENANT_ID=TENANT
    )
    assert isinstance(credential, PublicClientCredential)
    assert client_id == AZURE_CLI_CLIENT_ID
    assert options["authority"] == f"https://login.microsoftonline.com/{TENANT}"
    assert "token_cache" in options and "http_client" not in options


def test_app_proxy_signs_in_with_msal_as_the_stacks_native_client_by_default(monkeypatch, tmp_path):
    native = "99999999-8888-7777-6666-555555555555"
    credential, client_id, options = build_public_client(
        monkeypatch,
        tmp_path,
        MLFLOW_ENTRA_SCOPE="https://mlflow-prod-contoso.msappproxy.net/.default",
        MLFLOW_ENTRA_CLIENT_ID=native,
        AZURE_TENANT_ID=TENANT,
    )
    assert isinstance(credential, PublicClientCredential)
    assert (client_id, options["authority"]) == (native, f"https://login.microsoftonline.com/{TENANT}")


def test_the_device_code_prompt_goes_to_stderr_only(capsys):
    prompt_on_stderr("https://microsoft.com/devicelogin", "ABCD-EFGH", "10:15:00 UTC")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "To sign in to MLflow, open https://microsoft.com/devicelogin and enter the code ABCD-EFGH "
        "(expires 10:15:00 UTC).\n"
    )


def test_missing_msal_is_a_config_error_with_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "msal", None)
    settings = read_settings({"MLFLOW_ENTRA_SCOPE": SCOPE, "MLFLOW_ENTRA_CREDENTIAL": "device-code", "AZURE_TENANT_ID": TENANT})
    with pytest.raises(EntraConfigError, match=r"needs the msal package.*pip install ./clients/python"):
        build_credential(settings)


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
