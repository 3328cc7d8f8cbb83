import os
import sys

import pytest

HERE = os.path.dirname(__file__)
# The module under test, then fakes of azure-identity, SQLAlchemy and psycopg2 (none is installable here).
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "fakes"))

import entra_postgres  # noqa: E402
from azure import identity  # noqa: E402
import psycopg2  # noqa: E402
from sqlalchemy import event  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    monkeypatch.delenv("AZURE_CLIENT_ID", raising=False)
    entra_postgres._credentials.clear()
    identity.created.clear()
    event.listeners.clear()
    psycopg2.connections.clear()
