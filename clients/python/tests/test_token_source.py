"""A failed token request becomes one clear error naming scope, tenant and credential."""

import pytest
from conftest import SCOPE, TENANT
from fake_identity import Clock, FakeCredential, factory_for

from mlflow_entra_auth.errors import EntraConfigError, EntraTokenError
from mlflow_entra_auth.settings import read_settings
from mlflow_entra_auth.token_source import EntraTokenSource


class CredentialUnavailableError(Exception):
    """Same name as azure-identity's; the plugin must not depend on the type."""


def source(credential, **env):
    settings = read_settings({"MLFLOW_ENTRA_SCOPE": SCOPE, **env})
    return EntraTokenSource(settings, credential_factory=factory_for(credential), clock=credential.clock)


def test_a_failed_token_request_names_scope_tenant_credential_cause_and_next_step():
    failure = CredentialUnavailableError("Please run 'az login' to set up an account\n(second line)")
    tokens = source(FakeCredential(Clock(), error=failure), AZURE_TENANT_ID=TENANT)
    with pytest.raises(EntraTokenError) as error:
        tokens.token()
    message = str(error.value)
    assert message == (
        "Could not get a Microsoft Entra token for MLflow (Please run 'az login' to set up an account (second line)): "
        f"scope '{SCOPE}', tenant '{TENANT}', credential 'azure-cli' "
        "(auto: neither AZURE_FEDERATED_TOKEN_FILE nor IDENTITY_ENDPOINT is set). "
        f"Sign in with 'az login --tenant {TENANT}' as a user assigned to MLflow, then check that "
        "'az account get-access-token --resource api://11111111-2222-3333-4444-555555555555' prints a token."
    )
    assert error.value.__cause__ is failure


@pytest.mark.parametrize(
    ("env", "credential", "next_step"),
    [
        ({"MLFLOW_ENTRA_CREDENTIAL": "managed-identity"}, "managed-identity", "has a managed identity"),
        (
            {"AZURE_FEDERATED_TOKEN_FILE": "/t", "AZURE_CLIENT_ID": "c", "AZURE_TENANT_ID": TENANT},
            "workload-identity",
            "federated identity credential",
        ),
        ({"MLFLOW_ENTRA_CREDENTIAL": "device-code", "AZURE_TENANT_ID": TENANT}, "device-code", "before the code"),
    ],
)
def test_each_credential_gets_its_own_next_step(env, credential, next_step):
    tokens = source(FakeCredential(Clock(), error=RuntimeError("boom")), **env)
    with pytest.raises(EntraTokenError) as error:
        tokens.token()
    assert f"credential '{credential}'" in str(error.value)
    assert next_step in str(error.value)


def test_the_credential_is_built_once_and_asked_for_the_configured_scope():
    clock = Clock()
    credential = FakeCredential(clock, lifetime=3600)
    built = []

    def factory(settings):
        built.append(settings)
        return credential

    tokens = EntraTokenSource(read_settings({"MLFLOW_ENTRA_SCOPE": SCOPE}), credential_factory=factory, clock=clock)
    for _ in range(3):
        tokens.token()
        clock.advance(3600)
    assert len(built) == 1
    assert credential.scopes == [SCOPE] * 3


def test_a_configuration_error_is_not_disguised_as_a_token_error():
    def factory(settings):
        raise EntraConfigError("MLFLOW_TRACKING_AUTH=azure-entra needs the azure-identity package")

    tokens = EntraTokenSource(read_settings({"MLFLOW_ENTRA_SCOPE": SCOPE}), credential_factory=factory)
    with pytest.raises(EntraConfigError):
        tokens.token()


def test_a_refused_token_is_reported_to_a_credential_that_caches_tokens_itself():
    class CachingCredential(FakeCredential):
        refused = None

        def invalidate(self, token):
            self.refused = token

    clock = Clock()
    credential = CachingCredential(clock)
    tokens = source(credential)
    token = tokens.token()
    tokens.invalidate(token)
    assert credential.refused == token
    assert tokens.token() == "token-2"
