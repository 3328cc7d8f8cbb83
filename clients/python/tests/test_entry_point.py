"""The plugin as MLflow finds it: the entry point declared in pyproject.toml, installed as a distribution,
loaded and selected the way mlflow/tracking/request_auth/registry.py does (see fake_mlflow.RegistryMirror)."""

import pathlib

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+; pyproject.toml is TOML

try:
    import requests  # noqa: F401
except ImportError:
    pytest.skip("python3-requests is not installed (sudo apt-get install python3-requests)", allow_module_level=True)

from conftest import SCOPE
from fake_mlflow import REQUEST_AUTH_PROVIDER_ENTRYPOINT, RegistryMirror

from mlflow_entra_auth import provider as provider_module
from mlflow_entra_auth.auth import EntraBearerAuth

PYPROJECT = pathlib.Path(__file__).parent.parent / "pyproject.toml"


def declared_entry_points():
    return tomllib.loads(PYPROJECT.read_text())["project"]["entry-points"]


def test_pyproject_declares_the_provider_in_mlflows_request_auth_group():
    assert REQUEST_AUTH_PROVIDER_ENTRYPOINT == "mlflow.request_auth_provider"
    assert declared_entry_points() == {
        "mlflow.request_auth_provider": {"entra": "mlflow_entra_auth.provider:EntraRequestAuthProvider"}
    }


def test_mlflow_tracking_auth_entra_selects_the_installed_plugin(tmp_path, monkeypatch):
    # What `pip install ./clients/python` leaves for importlib.metadata: a dist-info with entry_points.txt.
    dist_info = tmp_path / "mlflow_entra_auth-0.1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: mlflow-entra-auth\nVersion: 0.1.0\n")
    lines = [f"[{group}]" + "".join(f"\n{name} = {target}" for name, target in entries.items())
             for group, entries in declared_entry_points().items()]
    (dist_info / "entry_points.txt").write_text("\n\n".join(lines) + "\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("MLFLOW_TRACKING_AUTH", "entra")
    monkeypatch.setenv("MLFLOW_ENTRA_SCOPE", SCOPE)
    provider_module._reset_for_tests()

    registry = RegistryMirror()
    registry.register_entrypoints()
    auth = registry.fetch_auth("entra")

    assert isinstance(auth, EntraBearerAuth)
    assert auth.tokens.settings.scope == SCOPE
    assert registry.fetch_auth("kubernetes") is None
