"""Settings: the two ids are required GUIDs; everything else has a default; errors are one line."""

import os
import subprocess
import sys

import pytest

import principals
from mlflow_entra_authz.settings import SettingsError, read_settings

REQUIRED = {"MLFLOW_ENTRA_AUTHZ_TENANT_ID": principals.TENANT, "MLFLOW_ENTRA_AUTHZ_CLIENT_ID": principals.CLIENT_ID}


def test_defaults():
    settings = read_settings(REQUIRED)
    assert settings.admin_role == "MLflow.Admin"
    assert settings.identifier_uri == f"api://{principals.CLIENT_ID}"
    assert settings.audiences == {principals.CLIENT_ID, f"api://{principals.CLIENT_ID}"}
    assert (settings.cache_seconds, settings.cache_entries) == (300, 1024)


def test_ids_are_compared_lowercase():
    settings = read_settings({k: v.upper() for k, v in REQUIRED.items()})
    assert (settings.tenant_id, settings.client_id) == (principals.TENANT, principals.CLIENT_ID)


@pytest.mark.parametrize(
    "changes, starts_with",
    [
        ({"MLFLOW_ENTRA_AUTHZ_TENANT_ID": None}, "MLFLOW_ENTRA_AUTHZ_TENANT_ID: not set"),
        ({"MLFLOW_ENTRA_AUTHZ_CLIENT_ID": "mlflow"}, "MLFLOW_ENTRA_AUTHZ_CLIENT_ID: got 'mlflow'; expected a GUID"),
        ({"MLFLOW_ENTRA_AUTHZ_ADMIN_ROLE": "MLflow Admin"}, "MLFLOW_ENTRA_AUTHZ_ADMIN_ROLE: got 'MLflow Admin'"),
        ({"MLFLOW_ENTRA_AUTHZ_IDENTIFIER_URI": "api://x/"}, "MLFLOW_ENTRA_AUTHZ_IDENTIFIER_URI: got 'api://x/'"),
        ({"MLFLOW_ENTRA_AUTHZ_CACHE_SECONDS": "soon"}, "MLFLOW_ENTRA_AUTHZ_CACHE_SECONDS: got 'soon'"),
        ({"MLFLOW_ENTRA_AUTHZ_CACHE_ENTRIES": "0"}, "MLFLOW_ENTRA_AUTHZ_CACHE_ENTRIES: got '0'"),
    ],
)
def test_bad_values_name_the_variable_the_value_and_the_fix(changes, starts_with):
    environ = {k: v for k, v in {**REQUIRED, **changes}.items() if v is not None}
    with pytest.raises(SettingsError) as error:
        read_settings(environ)
    assert str(error.value).startswith(starts_with)
    assert "\n" not in str(error.value)


def test_importing_the_package_does_not_import_mlflow():
    # MLflow imports the function by name; the package must not need MLflow until a request comes in.
    code = "import sys, mlflow_entra_authz; print(sorted(m for m in sys.modules if m.split('.')[0] == 'mlflow'))"
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    environ = {**os.environ, "PYTHONPATH": package_root}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environ)
    assert result.stdout.strip() == "[]"
