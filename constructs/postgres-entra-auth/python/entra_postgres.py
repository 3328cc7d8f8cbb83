"""Microsoft Entra sign-in to Azure Database for PostgreSQL, for the MLflow server on either host.

The server accepts Entra access tokens only (password authentication is off), so nothing here holds a password.
Two jobs, both done with the host's user-assigned managed identities:

* "install()", run by sitecustomize.py in every Python process the start script launches (the schema probe,
  "mlflow db upgrade", "mlflow server" and its workers), registers a SQLAlchemy "do_connect" listener on the
  Engine class. For each new connection to an Azure PostgreSQL server whose URL has no password, it asks the MLflow
  identity ("AZURE_CLIENT_ID") for an access token and hands it to the driver as the password. azure-identity returns
  its cached token while that is valid and fetches a new one otherwise, so every new connection signs in with a valid
  token, however long the server runs. Any database on the server works the same way: only the URL changes.
* "python -m entra_postgres bootstrap ...", run by the start script before anything else connects, signs in as the
  server's Entra administrator (a dedicated identity) and makes the MLflow identity a database principal that may
  create its tables; it hands over what the former password administrator owned.

This file travels inside single quotes in the start script (see mlflow-server.ts), so it holds no dollar sign and no
backtick: shellcheck would take them for expansions.

Sources:
* Token as password, resource "https://ossrdbms-aad.database.windows.net":
  https://learn.microsoft.com/azure/postgresql/security/security-entra-configure
* "pgaadauth_create_principal_with_oid", "pgaadauth_list_principals" and the "pgaadauth" security label:
  https://learn.microsoft.com/azure/postgresql/security/security-manage-entra-users
* "do_connect" ("the event can manipulate the cargs and/or cparams collections"), and a listener on the Engine class
  applying to every engine ("DialectEvents._accept_with", sqlalchemy lib/sqlalchemy/engine/events.py):
  https://docs.sqlalchemy.org/en/20/core/engines.html#generating-dynamic-authentication-tokens
* In-memory token caching of ManagedIdentityCredential: Azure/azure-sdk-for-python
  sdk/identity/azure-identity/TOKEN_CACHING.md
"""

import argparse
import os
import re
import sys
import time
from urllib.parse import unquote, urlsplit

#: Scope of an Entra access token for Azure Database for PostgreSQL (the resource Learn names, plus /.default).
SCOPE = "https://ossrdbms-aad.database.windows.net/.default"
#: Host names of Azure Database for PostgreSQL flexible servers; tokens are never sent anywhere else.
AZURE_POSTGRES_DOMAIN = ".postgres.database.azure.com"
#: The variable naming the managed identity (client id) the MLflow process signs in as, for Blob storage too.
CLIENT_ID_VARIABLE = "AZURE_CLIENT_ID"
#: How long the bootstrap keeps trying (a new Entra administrator or role can take minutes to be honoured).
RETRY = {"deadline_seconds": 900, "first_delay_seconds": 5, "max_delay_seconds": 60}

_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_credentials = {}


def access_token(client_id):
    """A valid Entra access token for PostgreSQL, as the user-assigned managed identity "client_id".

    One credential per identity and process: azure-identity answers from its in-memory cache while the token there is
    valid, and fetches a new one otherwise (IMDS on a VM, IDENTITY_ENDPOINT on App Service).
    """
    credential = _credentials.get(client_id)
    if credential is None:
        from azure.identity import ManagedIdentityCredential

        credential = ManagedIdentityCredential(client_id=client_id)
        _credentials[client_id] = credential
    return credential.get_token(SCOPE).token


def is_azure_postgres_host(host):
    return isinstance(host, str) and host.lower().endswith(AZURE_POSTGRES_DOMAIN)


def supply_token(dialect, conn_rec, cargs, cparams):
    """SQLAlchemy "do_connect" listener: an access token as the password of a passwordless Azure PostgreSQL URL."""
    if getattr(dialect, "name", None) != "postgresql" or cparams.get("password"):
        return None
    if not is_azure_postgres_host(cparams.get("host")):
        return None
    client_id = os.environ.get(CLIENT_ID_VARIABLE)
    if not client_id:
        raise RuntimeError(
            f"entra_postgres: {CLIENT_ID_VARIABLE} is not set; it must name the managed identity "
            "that signs in to PostgreSQL"
        )
    cparams["password"] = access_token(client_id)
    # None: SQLAlchemy connects with the amended parameters.
    return None


def install(event=None, engine_class=None):
    """Registers supply_token for every SQLAlchemy engine of this process. False when SQLAlchemy is not there."""
    if event is None or engine_class is None:
        try:
            from sqlalchemy import event
            from sqlalchemy.engine import Engine as engine_class
        except ImportError:
            return False
    if not event.contains(engine_class, "do_connect", supply_token):
        event.listen(engine_class, "do_connect", supply_token)
    return True


def quote_identifier(name):
    """A PostgreSQL identifier, double-quoted (role names like "id-mlflow-dev" need it)."""
    return '"' + name.replace('"', '""') + '"'


class Setup:
    """What the bootstrap needs, from its command line."""

    def __init__(self, host, port, role, principal_object_id, admin_role, admin_client_id, databases, legacy_owners):
        self.host = host
        self.port = port
        self.role = role
        self.principal_object_id = principal_object_id
        self.admin_role = admin_role
        self.admin_client_id = admin_client_id
        self.databases = tuple(databases)
        self.legacy_owners = tuple(legacy_owners)


class UsageError(Exception):
    pass


def parse_setup(argv):
    """"--uri" (the backend-store URI: host, role and first database), the administrator and the principal."""
    parser = argparse.ArgumentParser(prog="python -m entra_postgres bootstrap", add_help=False)
    parser.add_argument("--uri", required=True)
    parser.add_argument("--admin-role", required=True)
    parser.add_argument("--admin-client-id", required=True)
    parser.add_argument("--principal-object-id", required=True)
    parser.add_argument("--database", action="append", default=[])
    parser.add_argument("--legacy-owner", action="append", default=[])
    try:
        args = parser.parse_args(argv)
    except SystemExit as error:
        raise UsageError("entra_postgres bootstrap: invalid arguments") from error
    url = urlsplit(args.uri)
    if url.password is not None:
        raise UsageError("entra_postgres bootstrap: the URI carries a password; Entra sign-in needs none")
    if not url.username or not is_azure_postgres_host(url.hostname):
        raise UsageError(
            "entra_postgres bootstrap: --uri must be postgresql+psycopg2://<role>@<server>"
            f"{AZURE_POSTGRES_DOMAIN}:5432/<database>"
        )
    if not _GUID.fullmatch(args.principal_object_id):
        raise UsageError("entra_postgres bootstrap: --principal-object-id must be the identity's object id (a GUID)")
    first = url.path.lstrip("/")
    databases = [first] if first else []
    databases += [name for name in args.database if name not in databases]
    return Setup(
        host=url.hostname,
        port=url.port or 5432,
        role=unquote(url.username),
        principal_object_id=args.principal_object_id.lower(),
        admin_role=args.admin_role,
        admin_client_id=args.admin_client_id,
        databases=databases,
        legacy_owners=args.legacy_owner,
    )


def connect_as_administrator(setup):
    """A function that opens an autocommit connection to one database, signed in as the Entra administrator."""

    def connect(database):
        import psycopg2

        parameters = {
            "host": setup.host,
            "port": setup.port,
            "dbname": database,
            "user": setup.admin_role,
            "password": access_token(setup.admin_client_id),
            "sslmode": "require",
            "connect_timeout": 20,
            "application_name": "mlflow-database-bootstrap",
        }
        connection = psycopg2.connect(**parameters)
        connection.autocommit = True
        return connection

    return connect


def prepare(setup, connect, log):
    """Makes the MLflow identity a database principal that may create its tables in each database. Idempotent."""
    role = quote_identifier(setup.role)
    connection = connect("postgres")
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = %s", (setup.role,))
        if cursor.fetchone() is None:
            # A regular principal (not admin, no MFA claim required), linked to the identity by object id: no lookup
            # of a display name that other identities in the tenant may share.
            cursor.execute(
                "SELECT * FROM pg_catalog.pgaadauth_create_principal_with_oid(%s, %s, %s, false, false)",
                (setup.role, setup.principal_object_id, "service"),
            )
            log(f"mlflow-start: created the database principal {setup.role} for object id {setup.principal_object_id}")
        else:
            cursor.execute("SELECT * FROM pg_catalog.pgaadauth_list_principals(false)")
            # Columns: rolename, principalType, objectId, tenantId, isMfa, isAdmin.
            linked = {row[0]: str(row[2]).lower() for row in cursor.fetchall()}
            if linked.get(setup.role) != setup.principal_object_id:
                # The role exists but belongs to another object (an identity deleted and created again under the
                # same name): link it to the current one.
                cursor.execute(
                    f'SECURITY LABEL FOR "pgaadauth" ON ROLE {role} IS %s',
                    (f"aadauth,oid={setup.principal_object_id},type=service",),
                )
                log(f"mlflow-start: linked the database principal {setup.role} to object id {setup.principal_object_id}")
        cursor.execute(
            "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY(%s)", (list(setup.legacy_owners),)
        )
        legacy = [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()

    for database in setup.databases:
        connection = connect(database)
        try:
            cursor = connection.cursor()
            # The public schema belongs to azure_pg_admin on Azure (not pg_database_owner as in PostgreSQL 15+), and
            # PostgreSQL 15+ lets only its owner create there by default: MLflow creates and migrates its tables.
            cursor.execute(f"GRANT USAGE, CREATE ON SCHEMA public TO {role}")
            for owner in legacy:
                # Tables created before Entra sign-in belong to the former password administrator; migrations need
                # their owner. Nothing is left to move after the first run.
                cursor.execute(f"REASSIGN OWNED BY {quote_identifier(owner)} TO {role}")
                log(f"mlflow-start: {database}: objects of {owner} now belong to {setup.role}")
        finally:
            connection.close()
    log(f"mlflow-start: database principal {setup.role} ready in {', '.join(setup.databases)}")


def one_line(error):
    return f"{type(error).__name__}: {' '.join(str(error).split())}"


def with_retry(action, log, sleep=time.sleep, retry=None):
    """Runs action until it succeeds, with backoff, for RETRY's deadline; then one line and exit status 1."""
    retry = retry or RETRY
    delay, waited, attempt = retry["first_delay_seconds"], 0, 1
    while True:
        try:
            return action()
        except Exception as error:  # every failure is retried: the cause is logged each time
            if waited >= retry["deadline_seconds"]:
                log(
                    f"mlflow-start: gave up preparing the database after {attempt} attempts in {waited} s "
                    f"({one_line(error)}); check the server's Entra administrator and its outbound access to "
                    "the AzureActiveDirectory service tag",
                    error=True,
                )
                raise SystemExit(1) from error
            log(
                f"mlflow-start: could not prepare the database (attempt {attempt}: {one_line(error)}); "
                f"retrying in {delay} s",
                error=True,
            )
            sleep(delay)
            waited += delay
            attempt += 1
            delay = min(delay * 2, retry["max_delay_seconds"])


def _log(message, error=False):
    print(message, file=sys.stderr if error else sys.stdout, flush=True)


def main(argv=None, connect_factory=connect_as_administrator, sleep=time.sleep, log=_log):
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "bootstrap":
        log(
            "usage: python -m entra_postgres bootstrap --uri URI --admin-role ROLE --admin-client-id ID "
            "--principal-object-id ID [--database NAME]... [--legacy-owner ROLE]...",
            error=True,
        )
        return 2
    try:
        setup = parse_setup(args[1:])
    except UsageError as error:
        log(str(error), error=True)
        return 2
    log(f"mlflow-start: preparing the database as its Entra administrator {setup.admin_role}")
    with_retry(lambda: prepare(setup, connect_factory(setup), log), log, sleep=sleep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
