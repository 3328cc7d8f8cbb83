"""Keeps MLflow's user table in step with the verified identity: create on first sight, ``is_admin`` = app role.

The store is MLflow's ``mlflow.server.auth.store``, a ``SqlAlchemyStore``
(mlflow/server/auth/sqlalchemy_store.py, read at mlflow/mlflow@0026b08dc1b90b63efce78302b7d6df63f1eac63):
- ``get_user(username) -> User`` raises ``MlflowException`` with ``error_code == "RESOURCE_DOES_NOT_EXIST"``;
- ``create_user(username, password, is_admin=False) -> User`` validates the password (at least 12 characters
  since mlflow#15287) and raises ``error_code == "RESOURCE_ALREADY_EXISTS"`` when the name is taken (another
  worker created it first);
- ``update_user(username, password=None, is_admin=None) -> User`` changes only what is given.
``MlflowException.error_code`` is the error's name (``ErrorCode.Name(...)``), which is what is compared here,
so this module never imports MLflow.

Passwords: MLflow stores a hash of one for every user, but this deployment never checks one (the authorization
function ignores Basic credentials). Each user gets a random password that is never stored anywhere else.
"""

from __future__ import annotations

import logging
import secrets

from .identity import Identity

_logger = logging.getLogger(__name__)

RESOURCE_DOES_NOT_EXIST = "RESOURCE_DOES_NOT_EXIST"
RESOURCE_ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS"


def sync_user(store, identity: Identity) -> None:
    """Creates the user if it does not exist, and sets ``is_admin`` to what the token says, both directions."""
    try:
        user = store.get_user(identity.username)
    except Exception as error:
        if _error_code(error) != RESOURCE_DOES_NOT_EXIST:
            raise
        try:
            store.create_user(identity.username, unusable_password(), is_admin=identity.is_admin)
            _logger.info(
                "mlflow-entra-authz: created MLflow user %s (%s, admin=%s)",
                identity.username,
                identity.kind,
                identity.is_admin,
            )
            return
        except Exception as create_error:
            if _error_code(create_error) != RESOURCE_ALREADY_EXISTS:
                raise
        user = store.get_user(identity.username)
    if bool(user.is_admin) != identity.is_admin:
        store.update_user(identity.username, is_admin=identity.is_admin)
        _logger.info(
            "mlflow-entra-authz: %s admin for %s (app role in the token)",
            "granted" if identity.is_admin else "revoked",
            identity.username,
        )


def unusable_password() -> str:
    """64 random URL-safe characters: over MLflow's 12-character minimum, and known to nobody."""
    return secrets.token_urlsafe(48)


def _error_code(error: Exception) -> object:
    return getattr(error, "error_code", None)
