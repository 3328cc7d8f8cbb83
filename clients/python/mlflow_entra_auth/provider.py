"""The MLflow request-auth provider: ``MLFLOW_TRACKING_AUTH=azure-entra`` selects it.

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

The tracking URI, whose origin alone gets the token, is MLflow's own: ``mlflow.get_tracking_uri()`` answers with
what ``mlflow.set_tracking_uri()`` set, else ``MLFLOW_TRACKING_URI`` (mlflow/tracking/_tracking_service/utils.py
``get_tracking_uri``), so a script that sets it in code is covered; without MLflow (tests), the variable.

Why ``azure-entra`` and not ``entra`` (the name until 0.2.0): ``fetch_auth`` picks the *first* registered
provider with the name (registry.py, unchanged at mlflow/mlflow@0b0ea3866fefebe71eea3dbd0840f1b4cba1d390), and
MLflow registers built-in providers in the same registry as plugins (the ``kubernetes`` one, mlflow#21176).
mlflow#24363 (open, not in 3.15.2) adds a built-in ``entra`` provider that reads ``MLFLOW_ENTRA_ID_SCOPE`` and none
of this plugin's settings: with the same name, which one a user gets would depend on MLflow's registration order.
The old name, a deprecated alias in 0.2.x, was removed in 0.3.0. With ``MLFLOW_TRACKING_AUTH=entra`` MLflow finds no
plugin of that name (``fetch_auth`` warns "Could not find any registered plugin for entra" and the request goes
without this plugin's token), or, on an MLflow that ships one, its own built-in ``entra`` provider.
"""

from __future__ import annotations

import os
import threading
from typing import Optional, Tuple

from mlflow.tracking.request_auth.abstract_request_auth_provider import RequestAuthProvider

from .auth import EntraBearerAuth
from .origin import TRACKING_URI_VARIABLE, Origin, tracking_origin
from .settings import EntraSettings, read_settings
from .token_source import EntraTokenSource

PROVIDER_NAME = "azure-entra"

_lock = threading.Lock()
_shared: Optional[Tuple[EntraSettings, Origin, EntraBearerAuth]] = None


class EntraRequestAuthProvider(RequestAuthProvider):
    """Instantiated by MLflow's registry at ``import mlflow``: reads nothing and imports nothing heavy."""

    def get_name(self) -> str:
        return PROVIDER_NAME

    def get_auth(self) -> EntraBearerAuth:
        return shared_auth(read_settings(), tracking_origin(_tracking_uri()))


def shared_auth(settings: EntraSettings, tracking: Origin) -> EntraBearerAuth:
    """The auth object for ``settings`` and the tracking server; a new one (new credential, empty cache) only when
    either changes."""
    global _shared
    with _lock:
        if _shared is None or _shared[:2] != (settings, tracking):
            _shared = (settings, tracking, EntraBearerAuth(EntraTokenSource(settings), tracking))
        return _shared[2]


def _tracking_uri() -> Optional[str]:
    try:
        from mlflow import get_tracking_uri  # noqa: PLC0415 - MLflow is loaded already: it is calling us
    except ImportError:
        return os.environ.get(TRACKING_URI_VARIABLE)
    return str(get_tracking_uri())


def _reset_for_tests() -> None:
    global _shared
    with _lock:
        _shared = None
