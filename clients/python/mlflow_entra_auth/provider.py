"""The MLflow request-auth provider: ``MLFLOW_TRACKING_AUTH=entra`` selects it.

Interface implemented, as read at mlflow/mlflow@046e211690919a4969ac4cf4f2d70c6ce6c65870
(MLflow 3.6.1.dev0; mlflow/tracking/request_auth/ is unchanged there since #12964, August 2024):

- mlflow/tracking/request_auth/abstract_request_auth_provider.py: ``RequestAuthProvider`` (an ABC) with
  abstract ``get_name()`` (the name matched against MLFLOW_TRACKING_AUTH) and ``get_auth()`` (a
  ``requests`` auth object).
- mlflow/tracking/request_auth/registry.py: at import, MLflow loads every entry point of the group
  ``mlflow.request_auth_provider`` and instantiates the class with no arguments (a failed load is
  only a warning, for AttributeError/ImportError); the entry point's own name is not used.
  ``fetch_auth(name)`` returns ``get_auth()`` of the first provider whose ``get_name()`` equals it.
- mlflow/utils/rest_utils.py ``http_request``: calls ``fetch_auth(MLFLOW_TRACKING_AUTH)`` for every
  request and passes the result as ``requests``' ``auth``.

So ``get_auth()`` runs per request and must be cheap: it reads the settings from the environment and
returns the one shared auth object for them (one credential and one token cache per process).
"""

from __future__ import annotations

import threading
from typing import Optional, Tuple

from mlflow.tracking.request_auth.abstract_request_auth_provider import RequestAuthProvider

from .auth import EntraBearerAuth
from .settings import EntraSettings, read_settings
from .token_source import EntraTokenSource

PROVIDER_NAME = "entra"

_lock = threading.Lock()
_shared: Optional[Tuple[EntraSettings, EntraBearerAuth]] = None


class EntraRequestAuthProvider(RequestAuthProvider):
    """Instantiated by MLflow's registry at ``import mlflow``: reads nothing and imports nothing heavy."""

    def get_name(self) -> str:
        return PROVIDER_NAME

    def get_auth(self) -> EntraBearerAuth:
        return shared_auth(read_settings())


def shared_auth(settings: EntraSettings) -> EntraBearerAuth:
    """The auth object for ``settings``; a new one (new credential, empty cache) only when they change."""
    global _shared
    with _lock:
        if _shared is None or _shared[0] != settings:
            _shared = (settings, EntraBearerAuth(EntraTokenSource(settings)))
        return _shared[1]


def _reset_for_tests() -> None:
    global _shared
    with _lock:
        _shared = None
