"""Writes the auth app's configuration file (``MLFLOW_AUTH_CONFIG_PATH``) at container start.

MLflow reads it with ``configparser.ConfigParser()`` (so ``%`` must be written as ``%%``), section ``[mlflow]``,
keys ``default_permission``, ``database_uri``, ``admin_username``, ``admin_password``, ``authorization_function``
(mlflow/server/auth/config.py; shipped defaults in mlflow/server/auth/basic_auth.ini).

The bootstrap admin. MLflow creates ``admin_username`` with ``admin_password`` as an admin on first start, and
from 3.16.1 refuses to start without a password of at least 12 characters that is not the old shipped one
(``create_admin_user`` in mlflow/server/auth/__init__.py, mlflow#25751). It never changes the password of an
admin that already exists. So the file gets a fresh random password on every start: it only ever matters on the
very first start, is known to nobody, lives in a 0600 file on the container's disk, and is never in Terraform
state. It is also useless: ``authorization_function`` ignores Basic credentials, so no password logs anyone in.
The name cannot belong to an Entra identity (people are UPNs with an '@', applications ``app:<id>``).
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from typing import Mapping, Optional

from .settings import SettingsError, read_settings

DATABASE_URI_VARIABLE = "MLFLOW_ENTRA_AUTHZ_DATABASE_URI"
DEFAULT_PERMISSION_VARIABLE = "MLFLOW_ENTRA_AUTHZ_DEFAULT_PERMISSION"

AUTHORIZATION_FUNCTION = "mlflow_entra_authz:authorize"
BOOTSTRAP_ADMIN_USERNAME = "mlflow-bootstrap-admin"
DEFAULT_PERMISSION = "READ"
# mlflow/server/auth/permissions.py ALL_PERMISSIONS (the names get_permission accepts for default_permission).
PERMISSIONS = ("READ", "USE", "EDIT", "MANAGE", "NO_PERMISSIONS")

# user:password@ in a URL's authority. This deployment connects to PostgreSQL with Entra tokens, never a password.
_PASSWORD_IN_URI = re.compile(r"^[A-Za-z0-9+.-]+://[^/@]*:[^/@]*@")


def render(environ: Optional[Mapping[str, str]] = None) -> str:
    """The file's text. Validates every setting the server will need, so a mistake stops the start script."""
    env = os.environ if environ is None else environ
    read_settings(env)
    database_uri = (env.get(DATABASE_URI_VARIABLE) or "").strip()
    if not database_uri:
        raise SettingsError(
            f"{DATABASE_URI_VARIABLE}: not set; set it to the auth database's SQLAlchemy URL, "
            "e.g. 'postgresql+psycopg2://<identity>@<server>.postgres.database.azure.com:5432/mlflow_auth'"
        )
    if any(character in database_uri for character in "\r\n"):
        raise SettingsError(f"{DATABASE_URI_VARIABLE}: contains a line break; give the URL on one line")
    if _PASSWORD_IN_URI.match(database_uri):
        raise SettingsError(
            f"{DATABASE_URI_VARIABLE}: carries a password (user:password@); remove it, the server signs in to "
            "PostgreSQL with its managed identity"
        )
    permission = (env.get(DEFAULT_PERMISSION_VARIABLE) or DEFAULT_PERMISSION).strip()
    if permission not in PERMISSIONS:
        raise SettingsError(
            f"{DEFAULT_PERMISSION_VARIABLE}: got {permission!r}; expected one of {', '.join(PERMISSIONS)}"
        )
    values = {
        "default_permission": permission,
        "database_uri": database_uri,
        "admin_username": BOOTSTRAP_ADMIN_USERNAME,
        "admin_password": secrets.token_urlsafe(48),
        "authorization_function": AUTHORIZATION_FUNCTION,
    }
    lines = ["# Written by mlflow_entra_authz at container start; regenerated on every start.", "[mlflow]"]
    # ConfigParser's default BasicInterpolation reads '%%' as '%'.
    lines += [f"{key} = {value.replace('%', '%%')}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def write(path: str, environ: Optional[Mapping[str, str]] = None) -> None:
    """Writes ``render()`` to ``path``, readable by its owner only, replacing any previous file atomically."""
    text = render(environ)
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".mlflow-auth-", suffix=".ini")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
