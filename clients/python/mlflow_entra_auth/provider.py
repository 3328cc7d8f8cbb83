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
MLflow registers built-in providers in the same registry as plugins (the ``kubernetes`` one, mlflow#21176). mlflow#24363 (open, not in 3.15.2) adds a built-in ``entra`` provider that reads ``MLFLOW_ENTRA_ID_SCOPE``
and none of this plugin's settings: with the same name, which one a user gets would depend on MLflow's
registration order. ``entra`` stays as a deprecated alias until 0.3.0 and warns when it is used.
"""

from __future__ import annotations

import os
import threading
import warnings
from typing import Optional, Tuple

from mlflow.tracking.request_auth.abstract_request_auth_provider import RequestAuthProvider

from .auth import EntraBearerAuth
from .origin import TRACKING_URI_VARIABLE, Origin, tracking_origin
from .settings import EntraSettings, read_settings
from .token_source import EntraTokenSource

PROVIDER_NAME = "azure-entra"
DEPRECATED_PROVIDER_NAME = "entra"
DEPRECATION_MESSAGE = (
    f"MLFLOW_TRACKING_AUTH={DEPRECATED_PROVIDER_NAME} is deprecated for mlflow-entra-auth and stops working in 0.3.0: "
    f"set MLFLOW_TRACKING_AUTH={PROVIDER_NAME} (MLflow may ship its own '{DEPRECATED_PROVIDER_NAME}' provider, "
    "mlflow#24363, which ignores this plugin's settings)"
)

_lock = threading.Lock()
_shared: Optional[Tuple[EntraSettings, Origin, EntraBearerAuth]] = None
_warned_deprecated_name = False


class EntraRequestAuthProvider(RequestAuthProvider):
    """Instantiated by MLflow's registry at ``import mlflow``: reads nothing and imports nothing heavy."""

    def get_name(self) -> str:
        return PROVIDER_NAME

    def get_auth(self) -> EntraBearerAuth:
        return shared_auth(read_settings(), tracking_origin(_tracking_uri()))


class DeprecatedEntraNameProvider(EntraRequestAuthProvider):
    """The name before 0.2.0, ``MLFLOW_TRACKING_AUTH=entra``: the same auth, with one FutureWarning per process.

    FutureWarning, not DeprecationWarning: Python shows it to the people running the job by default
    (https://docs.python.org/3/library/warnings.html#warning-categories). If MLflow registers a built-in
    ``entra`` provider before this one, MLflow's wins and this alias is never reached: hence the rename.
    """

    def get_name(self) -> str:
        return DEPRECATED_PROVIDER_NAME

    def get_auth(self) -> EntraBearerAuth:
        global _warned_deprecated_name
        with _lock:
            warn, _warned_deprecated_name = not _warned_deprecated_name, True
        if warn:
            warnings.warn(DEPRECATION_MESSAGE, FutureWarning, stacklevel=2)
        return super().get_auth()


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
    global _shared, _warned_deprecated_name
    with _lock:
        _shared = None
        _warned_deprecated_name = False
