import pytest

import entra_postgres
import psycopg2
from azure import identity
from sqlalchemy import event
from sqlalchemy.engine import Engine

MLFLOW_CLIENT_ID = "11111111-1111-1111-1111-111111111111"
ADMIN_CLIENT_ID = "22222222-2222-2222-2222-222222222222"
OBJECT_ID = "33333333-3333-3333-3333-333333333333"
HOST = "psql-mlflow-dev-abc123.postgres.database.azure.com"
URI = f"postgresql+psycopg2://id-mlflow-dev@{HOST}:5432/mlflow?sslmode=require"


class Dialect:
    def __init__(self, name):
        self.name = name


def connection_parameters(host=HOST, **extra):
    return {"host": host, "port": 5432, "dbname": "mlflow", "user": "id-mlflow-dev", **extra}


# --- every new connection gets a token -------------------------------------------------------------------------------


def test_install_registers_one_do_connect_listener_on_every_engine():
    assert entra_postgres.install() is True
    assert entra_postgres.install() is True
    assert event.listeners == [(Engine, "do_connect", entra_postgres.supply_token)]


def test_a_passwordless_azure_connection_gets_a_token_of_the_mlflow_identity(monkeypatch):
    monkeypatch.setenv("AZURE_CLIENT_ID", MLFLOW_CLIENT_ID)
    parameters = connection_parameters()
    assert entra_postgres.supply_token(Dialect("postgresql"), None, [], parameters) is None
    assert parameters["password"] == f"token-1-for-{MLFLOW_CLIENT_ID}"
    [credential] = identity.created
    assert credential.client_id == MLFLOW_CLIENT_ID
    assert credential.scopes == [("https://ossrdbms-aad.database.windows.net/.default",)]


def test_each_new_connection_asks_the_credential_again_so_a_long_running_server_never_reuses_an_old_token(
    monkeypatch,
):
    monkeypatch.setenv("AZURE_CLIENT_ID", MLFLOW_CLIENT_ID)
    passwords = []
    for _ in range(3):
        parameters = connection_parameters()
        entra_postgres.supply_token(Dialect("postgresql"), None, [], parameters)
        passwords.append(parameters["password"])
    # One credential per process (it caches and renews tokens itself), asked once per connection.
    assert len(identity.created) == 1
    assert passwords == [f"token-{n}-for-{MLFLOW_CLIENT_ID}" for n in (1, 2, 3)]


def test_the_auth_stores_own_engine_on_the_same_server_signs_in_through_the_same_listener(monkeypatch):
    # MLflow's auth app opens its own engine on the auth database (its database_uri), separate from the tracking
    # store's. The one listener sits on the Engine class, so it serves both: what decides is the host, not the URL.
    monkeypatch.setenv("AZURE_CLIENT_ID", MLFLOW_CLIENT_ID)
    entra_postgres.install()
    [(target, name, listener)] = event.listeners
    assert (target, name) == (Engine, "do_connect")
    tracking = connection_parameters(sslmode="require")
    auth = connection_parameters(dbname="mlflow_auth", sslmode="require")
    for parameters in (tracking, auth):
        assert listener(Dialect("postgresql"), None, [], parameters) is None
    assert (tracking["password"], auth["password"]) == (
        f"token-1-for-{MLFLOW_CLIENT_ID}",
        f"token-2-for-{MLFLOW_CLIENT_ID}",
    )
    assert auth["dbname"] == "mlflow_auth" and auth["user"] == "id-mlflow-dev"
    assert len(identity.created) == 1


@pytest.mark.parametrize(
    ("dialect", "parameters"),
    [
        ("sqlite", {"database": "/tmp/mlflow.db"}),
        ("postgresql", connection_parameters(password="given")),
        ("postgresql", connection_parameters(host="db.example.com")),
        ("postgresql", connection_parameters(host="psql.postgres.database.azure.com.evil.example")),
    ],
)
def test_other_databases_explicit_passwords_and_other_hosts_are_left_alone(monkeypatch, dialect, parameters):
    monkeypatch.setenv("AZURE_CLIENT_ID", MLFLOW_CLIENT_ID)
    before = dict(parameters)
    entra_postgres.supply_token(Dialect(dialect), None, [], parameters)
    assert parameters == before
    assert identity.created == []


def test_without_azure_client_id_the_connection_fails_with_one_clear_line():
    with pytest.raises(RuntimeError, match=r"AZURE_CLIENT_ID is not set; it must name the managed identity"):
        entra_postgres.supply_token(Dialect("postgresql"), None, [], connection_parameters())


def test_sitecustomize_installs_the_listener_when_python_starts(monkeypatch):
    import importlib
    import sys

    monkeypatch.delitem(sys.modules, "sitecustomize", raising=False)
    importlib.import_module("sitecustomize")
    assert (Engine, "do_connect", entra_postgres.supply_token) in event.listeners


# --- the bootstrap: arguments ----------------------------------------------------------------------------------------


def bootstrap_args(*extra, uri=URI):
    return [
        "--uri",
        uri,
        "--admin-role",
        "id-mlflow-dev-dbadmin",
        "--admin-client-id",
        ADMIN_CLIENT_ID,
        "--principal-object-id",
        OBJECT_ID,
        *extra,
    ]


def test_the_setup_comes_from_the_backend_store_uri_and_the_administrator():
    setup = entra_postgres.parse_setup(bootstrap_args("--database", "mlflow_auth", "--legacy-owner", "mlflowadmin"))
    assert (setup.host, setup.port, setup.role) == (HOST, 5432, "id-mlflow-dev")
    assert setup.databases == ("mlflow", "mlflow_auth")
    assert (setup.admin_role, setup.admin_client_id) == ("id-mlflow-dev-dbadmin", ADMIN_CLIENT_ID)
    assert setup.legacy_owners == ("mlflowadmin",)


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        (f"postgresql+psycopg2://id-mlflow-dev:secret@{HOST}:5432/mlflow", "carries a password"),
        ("postgresql+psycopg2://id-mlflow-dev@db.example.com:5432/mlflow", "--uri must be"),
        (f"postgresql+psycopg2://{HOST}:5432/mlflow", "--uri must be"),
    ],
)
def test_a_uri_with_a_password_or_for_another_server_is_refused(uri, message):
    with pytest.raises(entra_postgres.UsageError, match=message):
        entra_postgres.parse_setup(bootstrap_args(uri=uri))


def test_main_without_the_bootstrap_command_prints_usage_and_exits_2():
    lines = []
    assert entra_postgres.main([], log=lambda message, error=False: lines.append(message)) == 2
    assert lines[0].startswith("usage: python -m entra_postgres bootstrap")


# --- the bootstrap: SQL ----------------------------------------------------------------------------------------------


class Server:
    """The catalog a bootstrap sees: which roles exist and which object id each Entra principal is linked to."""

    def __init__(self, roles=(), principals=None):
        self.roles = set(roles)
        self.principals = dict(principals or {})
        self.statements = []

    def connect(self, database):
        return FakeConnection(self, database)


class FakeConnection:
    def __init__(self, server, database):
        self.server = server
        self.database = database
        self.closed = False

    def cursor(self):
        return FakeCursor(self)

    def close(self):
        self.closed = True


class FakeCursor:
    def __init__(self, connection):
        self.connection = connection
        self.rows = []

    def execute(self, statement, parameters=None):
        server = self.connection.server
        server.statements.append((self.connection.database, statement, parameters))
        if statement.startswith("SELECT 1 FROM pg_catalog.pg_roles"):
            self.rows = [(1,)] if parameters[0] in server.roles else []
        elif statement.startswith("SELECT * FROM pg_catalog.pgaadauth_list_principals"):
            self.rows = [(name, "service", oid, "tenant", 0, 0) for name, oid in server.principals.items()]
        elif statement.startswith("SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY"):
            self.rows = [(name,) for name in parameters[0] if name in server.roles]
        else:
            self.rows = []

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return list(self.rows)


def run_prepare(server, *extra):
    setup = entra_postgres.parse_setup(bootstrap_args(*extra))
    lines = []
    entra_postgres.prepare(setup, server.connect, lines.append)
    return [(database, statement, parameters) for database, statement, parameters in server.statements], lines


def test_a_new_server_gets_the_principal_by_object_id_and_create_rights_in_public():
    statements, lines = run_prepare(Server(), "--legacy-owner", "mlflowadmin")
    assert statements == [
        ("postgres", "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = %s", ("id-mlflow-dev",)),
        (
            "postgres",
            "SELECT * FROM pg_catalog.pgaadauth_create_principal_with_oid(%s, %s, %s, false, false)",
            ("id-mlflow-dev", OBJECT_ID, "service"),
        ),
        ("postgres", "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY(%s)", (["mlflowadmin"],)),
        ("mlflow", 'GRANT USAGE, CREATE ON SCHEMA public TO "id-mlflow-dev"', None),
    ]
    assert lines[-1] == "mlflow-start: database principal id-mlflow-dev ready in mlflow"


def test_the_principal_is_never_an_administrator_and_needs_no_mfa_claim():
    statements, _ = run_prepare(Server())
    create = [s for _, s, _ in statements if "pgaadauth_create_principal_with_oid" in s]
    assert create == ["SELECT * FROM pg_catalog.pgaadauth_create_principal_with_oid(%s, %s, %s, false, false)"]


def test_a_second_run_changes_nothing_but_the_idempotent_grant():
    server = Server(roles={"id-mlflow-dev"}, principals={"id-mlflow-dev": OBJECT_ID.upper()})
    statements, _ = run_prepare(server)
    assert not any("create_principal" in s or "SECURITY LABEL" in s for _, s, _ in statements)
    assert ("mlflow", 'GRANT USAGE, CREATE ON SCHEMA public TO "id-mlflow-dev"', None) in statements


def test_a_role_linked_to_another_object_is_linked_to_the_current_identity():
    server = Server(roles={"id-mlflow-dev"}, principals={"id-mlflow-dev": "99999999-9999-9999-9999-999999999999"})
    statements, lines = run_prepare(server)
    assert (
        "postgres",
        'SECURITY LABEL FOR "pgaadauth" ON ROLE "id-mlflow-dev" IS %s',
        (f"aadauth,oid={OBJECT_ID},type=service",),
    ) in statements
    assert f"mlflow-start: linked the database principal id-mlflow-dev to object id {OBJECT_ID}" in lines


def test_an_upgraded_server_hands_the_former_administrators_objects_to_mlflow_in_every_database():
    server = Server(roles={"mlflowadmin"})
    statements, lines = run_prepare(server, "--database", "mlflow_auth", "--legacy-owner", "mlflowadmin")
    per_database = [(d, s) for d, s, _ in statements if d != "postgres"]
    assert per_database == [
        ("mlflow", 'GRANT USAGE, CREATE ON SCHEMA public TO "id-mlflow-dev"'),
        ("mlflow", 'REASSIGN OWNED BY "mlflowadmin" TO "id-mlflow-dev"'),
        ("mlflow_auth", 'GRANT USAGE, CREATE ON SCHEMA public TO "id-mlflow-dev"'),
        ("mlflow_auth", 'REASSIGN OWNED BY "mlflowadmin" TO "id-mlflow-dev"'),
    ]
    assert "mlflow-start: mlflow: objects of mlflowadmin now belong to id-mlflow-dev" in lines


def test_every_connection_is_closed():
    opened = []
    server = Server()

    def connect(database):
        connection = server.connect(database)
        opened.append(connection)
        return connection

    setup = entra_postgres.parse_setup(bootstrap_args("--database", "mlflow_auth"))
    entra_postgres.prepare(setup, connect, lambda line: None)
    assert [c.database for c in opened] == ["postgres", "mlflow", "mlflow_auth"]
    assert all(c.closed for c in opened)


def test_identifiers_are_quoted_so_a_name_cannot_break_out_of_the_statement():
    assert entra_postgres.quote_identifier('a"; DROP ROLE x; --') == '"a""; DROP ROLE x; --"'


def test_the_administrator_connects_with_its_own_token_over_tls():
    setup = entra_postgres.parse_setup(bootstrap_args())
    connection = entra_postgres.connect_as_administrator(setup)("postgres")
    assert connection.autocommit is True
    assert connection.parameters == {
        "host": HOST,
        "port": 5432,
        "dbname": "postgres",
        "user": "id-mlflow-dev-dbadmin",
        "password": f"token-1-for-{ADMIN_CLIENT_ID}",
        "sslmode": "require",
        "connect_timeout": 20,
        "application_name": "mlflow-database-bootstrap",
    }
    assert [c.client_id for c in identity.created] == [ADMIN_CLIENT_ID]


# --- the bootstrap: retries ------------------------------------------------------------------------------------------


def test_failures_are_retried_with_backoff_and_logged_one_line_each():
    attempts = []
    lines = []
    slept = []

    def action():
        attempts.append(1)
        if len(attempts) < 4:
            raise psycopg2_error('FATAL:  role "id-mlflow-dev-dbadmin"\n does not exist')
        return "done"

    result = entra_postgres.with_retry(action, lambda m, error=False: lines.append(m), sleep=slept.append)
    assert result == "done"
    assert slept == [5, 10, 20]
    assert lines == [
        f"mlflow-start: could not prepare the database (attempt {n}: OperationalError: FATAL: role "
        f'"id-mlflow-dev-dbadmin" does not exist); retrying in {delay} s'
        for n, delay in ((1, 5), (2, 10), (3, 20))
    ]


def test_it_keeps_trying_for_fifteen_minutes_then_exits_1_with_one_line():
    lines = []
    slept = []

    def action():
        raise RuntimeError("no route to host")

    with pytest.raises(SystemExit) as exit_info:
        entra_postgres.with_retry(action, lambda m, error=False: lines.append(m), sleep=slept.append)
    assert exit_info.value.code == 1
    assert slept[:5] == [5, 10, 20, 40, 60]
    assert sum(slept) >= 900
    assert lines[-1].startswith("mlflow-start: gave up preparing the database after ")
    assert "AzureActiveDirectory" in lines[-1]


def test_main_prepares_the_database_through_the_administrator_connection():
    server = Server()
    lines = []
    status = entra_postgres.main(
        ["bootstrap", *bootstrap_args()],
        connect_factory=lambda setup: server.connect,
        sleep=lambda seconds: None,
        log=lambda message, error=False: lines.append(message),
    )
    assert status == 0
    assert lines[0] == "mlflow-start: preparing the database as its Entra administrator id-mlflow-dev-dbadmin"
    assert any("pgaadauth_create_principal_with_oid" in s for _, s, _ in server.statements)


def psycopg2_error(message):
    return type("OperationalError", (Exception,), {})(message)


def test_fake_psycopg2_is_the_one_imported():
    # The administrator connection imports psycopg2 lazily; the tests must see the fake, never a real driver.
    assert psycopg2.connect.__module__ == "psycopg2"
    assert psycopg2.__file__.endswith("fakes/psycopg2/__init__.py")
