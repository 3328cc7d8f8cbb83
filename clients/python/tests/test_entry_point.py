"""The plugin as MLflow finds it: the entry points declared in pyproject.toml, installed as a distribution,
loaded and selected the way mlflow/tracking/request_auth/registry.py does (see fake_mlflow.RegistryMirror)."""

import pathlib
import warnings

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+; pyproject.toml is TOML

try:
    import requests  # noqa: F401
except ImportError:
    pytest.skip("python3-requests is not installed (sudo apt-get install python3-requests)", allow_module_level=True)

from conftest import SCOPE, TRACKING_URI
from fake_mlflow import REQUEST_AUTH_PROVIDER_ENTRYPOINT, RegistryMirror, RequestAuthProvider

import mlflow_entra_auth
from mlflow_entra_auth import provider as provider_module
from mlflow_entra_auth.auth import EntraBearerAuth

PYPROJECT = pathlib.Path(__file__).parent.parent / "pyproject.toml"


def declared_entry_points():
    return tomllib.loads(PYPROJECT.read_text())["project"]["entry-points"]


@pytest.fixture
def installed_plugin(tmp_path, monkeypatch):
    """What `pip install ./clients/python` leaves for importlib.metadata: a dist-info with entry_points.txt."""
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    dist_info = tmp_path / f"mlflow_entra_auth-{project['version']}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n")
    lines = [f"[{group}]" + "".join(f"\n{name} = {target}" for name, target in entries.items())
             for group, entries in declared_entry_points().items()]
    (dist_info / "entry_points.txt").write_text("\n\n".join(lines) + "\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("MLFLOW_ENTRA_SCOPE", SCOPE)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", TRACKING_URI)
    provider_module._reset_for_tests()
    yield
    provider_module._reset_for_tests()


class BuiltInEntraProvider(RequestAuthProvider):
    """Stands for the built-in provider mlflow#24363 proposes (get_name() "entra", MLFLOW_ENTRA_ID_SCOPE)."""

    def get_name(self):
        return "entra"

    def get_auth(self):
        return "mlflow's built-in entra auth"


def test_pyproject_declares_only_the_azure_entra_provider_in_mlflows_request_auth_group():
    assert REQUEST_AUTH_PROVIDER_ENTRYPOINT == "mlflow.request_auth_provider"
    assert declared_entry_points() == {
        "mlflow.request_auth_provider": {"azure-entra": "mlflow_entra_auth.provider:EntraRequestAuthProvider"}
    }


def test_the_package_reports_the_version_pyproject_declares():
    assert mlflow_entra_auth.__version__ == tomllib.loads(PYPROJECT.read_text())["project"]["version"]


def test_mlflow_tracking_auth_azure_entra_selects_the_installed_plugin_without_a_warning(installed_plugin):
    registry = RegistryMirror()
    registry.register_entrypoints()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        auth = registry.fetch_auth("azure-entra")

    assert isinstance(auth, EntraBearerAuth)
    assert auth.tokens.settings.scope == SCOPE
    assert registry.fetch_auth("kubernetes") is None


def test_the_old_name_entra_removed_in_0_3_0_no_longer_reaches_the_plugin(installed_plugin):
    # Without a built-in "entra", MLflow's fetch_auth finds no provider of that name, warns "Could not find any
    # registered plugin for entra" and returns None (mlflow/tracking/request_auth/registry.py@0b0ea38): the request
    # goes without this plugin's token.
    registry = RegistryMirror()
    registry.register_entrypoints()

    assert isinstance(registry.fetch_auth("azure-entra"), EntraBearerAuth)
    assert registry.fetch_auth("entra") is None


def test_a_built_in_entra_provider_registered_first_cannot_shadow_the_azure_entra_name(installed_plugin):
    # MLflow's registry answers with the first provider of a name. A built-in "entra" registered before the
    # plugins (mlflow#24363's design) takes the old name; the documented name still reaches this plugin.
    registry = RegistryMirror()
    registry.register(BuiltInEntraProvider)
    registry.register_entrypoints()

    assert registry.fetch_auth("entra") == "mlflow's built-in entra auth"
    assert isinstance(registry.fetch_auth("azure-entra"), EntraBearerAuth)
