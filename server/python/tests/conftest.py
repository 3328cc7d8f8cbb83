import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import principals  # noqa: E402

# Every variable the package reads: tests start from none of them, whatever the machine has set.
VARIABLES = (
    "MLFLOW_ENTRA_AUTHZ_TENANT_ID",
    "MLFLOW_ENTRA_AUTHZ_CLIENT_ID",
    "MLFLOW_ENTRA_AUTHZ_IDENTIFIER_URI",
    "MLFLOW_ENTRA_AUTHZ_ADMIN_ROLE",
    "MLFLOW_ENTRA_AUTHZ_CACHE_SECONDS",
    "MLFLOW_ENTRA_AUTHZ_CACHE_ENTRIES",
    "MLFLOW_ENTRA_AUTHZ_DATABASE_URI",
    "MLFLOW_ENTRA_AUTHZ_DEFAULT_PERMISSION",
)

ENVIRONMENT = {
    "MLFLOW_ENTRA_AUTHZ_TENANT_ID": principals.TENANT,
    "MLFLOW_ENTRA_AUTHZ_CLIENT_ID": principals.CLIENT_ID,
}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def environment(monkeypatch):
    """The two settings every deployment sets; tests add the rest."""
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    return dict(ENVIRONMENT)
