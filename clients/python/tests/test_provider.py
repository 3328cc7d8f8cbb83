"""The provider against MLflow's RequestAuthProvider interface (the real one when MLflow is installed)."""

import os
import subprocess
import sys
import warnings

import pytest

try:
    import requests  # noqa: F401 - the provider's auth object is a requests AuthBase
except ImportError:
    pytest.skip("python3-requests is not installed (sudo apt-get install python3-requests)", allow_module_level=True)

from conftest import SCOPE, TRACKING_URI
from mlflow.tracking.request_auth.abstract_request_auth_provider import RequestAuthProvider

from mlflow_entra_auth import provider as provider_module
from mlflow_entra_auth.auth import EntraBearerAuth
from mlflow_entra_auth.errors import EntraConfigError
from mlflow_entra_auth.provider import EntraRequestAuthProvider

HERE = os.path.dirname(__file__)


@pytest.fixture(autouse=True)
def fresh_provider_state(monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", TRACKING_URI)
    provider_module._reset_for_tests()
    yield
    provider_module._reset_for_tests()


def test_it_is_a_request_auth_provider_that_mlflow_can_instantiate_without_arguments():
    assert issubclass(EntraRequestAuthProvider, RequestAuthProvider)
    assert EntraRequestAuthProvider().get_name() == "azure-entra"


def test_the_current_name_never_warns(monkeypatch):
    monkeypatch.setenv("MLFLOW_ENTRA_SCOPE", SCOPE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        EntraRequestAuthProvider().get_auth()


def test_get_auth_without_a_scope_raises_the_clear_configuration_error():
    with pytest.raises(EntraConfigError, match="MLFLOW_ENTRA_SCOPE is not set"):
        EntraRequestAuthProvider().get_auth()


def test_get_auth_per_request_shares_one_auth_object_while_the_settings_stay_the_same(monkeypatch):
    monkeypatch.setenv("MLFLOW_ENTRA_SCOPE", SCOPE)
    provider = EntraRequestAuthProvider()
    first = provider.get_auth()
    assert isinstance(first, EntraBearerAuth)
    assert provider.get_auth() is first
    monkeypatch.setenv("AZURE_TENANT_ID", "another-tenant")
    second = provider.get_auth()
    assert second is not first
    assert second.tokens.settings.tenant_id == "another-tenant"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "https://mlflow-prod-contoso.msappproxy.net/")
    third = provider.get_auth()
    assert third is not second
    assert str(third.tracking) == "https://mlflow-prod-contoso.msappproxy.net"


def test_importing_the_provider_and_selecting_it_loads_neither_azure_identity_nor_msal():
    # MLflow imports every registered provider at `import mlflow`; that must stay cheap and work without
    # azure-identity. Run in a fresh interpreter so other tests' imports don't count.
    script = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "import fake_mlflow; fake_mlflow.install()\n"
        "from mlflow_entra_auth.provider import EntraRequestAuthProvider\n"
        "EntraRequestAuthProvider().get_auth()\n"
        "print('azure.identity' in sys.modules, 'msal' in sys.modules)\n"
    )
    env = {**os.environ, "MLFLOW_ENTRA_SCOPE": SCOPE, "MLFLOW_TRACKING_URI": TRACKING_URI}
    result = subprocess.run(
        [sys.executable, "-c", script, HERE, os.path.dirname(HERE)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False"
