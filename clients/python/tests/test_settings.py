"""Settings: which scope, tenant and credential the plugin uses, and the one-line errors for bad values."""

import pytest
from conftest import SCOPE, TENANT

from mlflow_entra_auth.errors import EntraConfigError
from mlflow_entra_auth.settings import AZURE_CLI_CLIENT_ID, read_settings


def settings(**env):
    return read_settings({"MLFLOW_ENTRA_SCOPE": SCOPE, **env})


def test_missing_scope_names_the_variable_and_the_stack_output_to_copy():
    with pytest.raises(EntraConfigError) as error:
        read_settings({})
    message = str(error.value)
    assert message.startswith("MLFLOW_ENTRA_SCOPE is not set")
    assert "mlflow_entra_scope" in message
    assert "api://<client-id>/.default" in message and "https://<external host>/.default" in message
    assert "\n" not in message


def test_blank_scope_counts_as_missing():
    with pytest.raises(EntraConfigError, match="MLFLOW_ENTRA_SCOPE is not set"):
        read_settings({"MLFLOW_ENTRA_SCOPE": "   "})


@pytest.mark.parametrize(
    ("scope", "suggestion"),
    [
        ("api://1111", "api://1111/.default"),
        ("https://mlflow-prod-contoso.msappproxy.net/", "https://mlflow-prod-contoso.msappproxy.net/.default"),
        ("api://1111/user_impersonation", "api://1111/.default"),
    ],
)
def test_scope_without_dot_default_is_refused_with_the_value_and_a_fix(scope, suggestion):
    with pytest.raises(EntraConfigError) as error:
        read_settings({"MLFLOW_ENTRA_SCOPE": scope})
    assert f"got '{scope}'" in str(error.value)
    assert f"did you mean '{suggestion}'" in str(error.value)


def test_people_get_the_azure_cli_by_default():
    chosen = settings()
    assert chosen.credential == "azure-cli"
    assert chosen.reason.startswith("auto: neither AZURE_FEDERATED_TOKEN_FILE nor IDENTITY_ENDPOINT")


def test_auto_picks_workload_identity_when_the_federated_token_file_is_set():
    chosen = settings(AZURE_FEDERATED_TOKEN_FILE="/var/run/secrets/azure/tokens/azure-identity-token",
                      AZURE_CLIENT_ID="c", AZURE_TENANT_ID=TENANT, IDENTITY_ENDPOINT="http://localhost:42356/msi/token")
    assert (chosen.credential, chosen.reason) == ("workload-identity", "auto: AZURE_FEDERATED_TOKEN_FILE is set")


def test_auto_picks_managed_identity_when_identity_endpoint_is_set():
    chosen = settings(IDENTITY_ENDPOINT="http://localhost:42356/msi/token")
    assert (chosen.credential, chosen.reason) == ("managed-identity", "auto: IDENTITY_ENDPOINT is set")


def test_an_explicit_choice_wins_over_what_auto_would_detect():
    chosen = settings(MLFLOW_ENTRA_CREDENTIAL="azure-cli", IDENTITY_ENDPOINT="http://localhost:42356/msi/token")
    assert (chosen.credential, chosen.reason) == ("azure-cli", "MLFLOW_ENTRA_CREDENTIAL=azure-cli")


def test_credential_names_are_case_insensitive():
    assert settings(MLFLOW_ENTRA_CREDENTIAL="Managed-Identity").credential == "managed-identity"


def test_unknown_credential_lists_the_accepted_values_and_the_closest():
    with pytest.raises(EntraConfigError) as error:
        settings(MLFLOW_ENTRA_CREDENTIAL="azurecli")
    assert str(error.value) == (
        "MLFLOW_ENTRA_CREDENTIAL: got 'azurecli'; expected one of auto, azure-cli, managed-identity, "
        "workload-identity, device-code (did you mean 'azure-cli'?)"
    )


def test_workload_identity_names_every_missing_variable():
    with pytest.raises(EntraConfigError) as error:
        settings(MLFLOW_ENTRA_CREDENTIAL="workload-identity", AZURE_CLIENT_ID="c")
    assert "needs AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE" in str(error.value)


def test_device_code_needs_the_tenant_because_mlflow_is_single_tenant():
    with pytest.raises(EntraConfigError, match="device-code needs AZURE_TENANT_ID"):
        settings(MLFLOW_ENTRA_CREDENTIAL="device-code")


def test_device_code_uses_the_azure_cli_client_unless_mlflow_entra_client_id_is_set():
    assert settings(MLFLOW_ENTRA_CREDENTIAL="device-code", AZURE_TENANT_ID=TENANT).device_code_client_id == (
        AZURE_CLI_CLIENT_ID
    )
    native = "99999999-8888-7777-6666-555555555555"
    chosen = settings(MLFLOW_ENTRA_CREDENTIAL="device-code", AZURE_TENANT_ID=TENANT, MLFLOW_ENTRA_CLIENT_ID=native)
    assert chosen.device_code_client_id == native


def test_describe_names_scope_tenant_and_credential():
    assert settings(AZURE_TENANT_ID=TENANT).describe() == (
        f"scope '{SCOPE}', tenant '{TENANT}', credential 'azure-cli' "
        "(auto: neither AZURE_FEDERATED_TOKEN_FILE nor IDENTITY_ENDPOINT is set)"
    )
    assert "tenant 'the credential's default'" in settings().describe()


def test_equal_environments_give_equal_settings():
    assert settings(AZURE_TENANT_ID=TENANT) == settings(AZURE_TENANT_ID=TENANT)
    assert settings(AZURE_TENANT_ID=TENANT) != settings()


APP_PROXY_SCOPE = "https://mlflow-prod-contoso.msappproxy.net/.default"
NATIVE_CLIENT = "99999999-8888-7777-6666-555555555555"


def test_app_proxy_signs_in_as_the_stacks_native_client_by_default_whatever_the_machine_offers():
    # App Proxy takes user tokens only, documented from a registered public client with MSAL: a managed identity
    # (IDENTITY_ENDPOINT) or the Azure CLI is not what auto picks there.
    chosen = read_settings(
        {
            "MLFLOW_ENTRA_SCOPE": APP_PROXY_SCOPE,
            "MLFLOW_ENTRA_CLIENT_ID": NATIVE_CLIENT,
            "AZURE_TENANT_ID": TENANT,
            "IDENTITY_ENDPOINT": "http://localhost:42356/msi/token",
        }
    )
    assert (chosen.credential, chosen.device_code_client_id) == ("device-code", NATIVE_CLIENT)
    assert chosen.reason == "auto: MLFLOW_ENTRA_SCOPE is an App Proxy scope"
    assert chosen.describe() == (
        f"scope '{APP_PROXY_SCOPE}', tenant '{TENANT}', credential 'device-code', client '{NATIVE_CLIENT}' "
        "(auto: MLFLOW_ENTRA_SCOPE is an App Proxy scope)"
    )


def test_app_proxy_without_the_native_client_and_tenant_names_both_outputs_and_the_azure_cli_opt_in():
    with pytest.raises(EntraConfigError) as error:
        read_settings({"MLFLOW_ENTRA_SCOPE": APP_PROXY_SCOPE})
    assert str(error.value) == (
        "MLFLOW_ENTRA_SCOPE is an App Proxy scope, whose sign-in is as the stack's public client "
        "(auto: MLFLOW_ENTRA_SCOPE is an App Proxy scope): set MLFLOW_ENTRA_CLIENT_ID=<the stack output "
        "native_client_id> and AZURE_TENANT_ID=<the stack output tenant_id> (or MLFLOW_ENTRA_CREDENTIAL=azure-cli "
        "to use the Azure CLI, unverified for App Proxy)"
    )


def test_app_proxy_never_falls_back_to_the_azure_cli_client_for_device_code():
    with pytest.raises(EntraConfigError, match=r"set MLFLOW_ENTRA_CLIENT_ID=<the stack output native_client_id> \(or"):
        read_settings({"MLFLOW_ENTRA_SCOPE": APP_PROXY_SCOPE, "MLFLOW_ENTRA_CREDENTIAL": "device-code", "AZURE_TENANT_ID": TENANT})


def test_the_azure_cli_in_app_proxy_mode_is_an_explicit_opt_in():
    chosen = read_settings({"MLFLOW_ENTRA_SCOPE": APP_PROXY_SCOPE, "MLFLOW_ENTRA_CREDENTIAL": "azure-cli"})
    assert (chosen.credential, chosen.reason) == ("azure-cli", "MLFLOW_ENTRA_CREDENTIAL=azure-cli")


def test_easyauth_keeps_the_azure_cli_by_default_even_with_a_native_client_id_set():
    chosen = settings(MLFLOW_ENTRA_CLIENT_ID=NATIVE_CLIENT, AZURE_TENANT_ID=TENANT)
    assert chosen.credential == "azure-cli"
