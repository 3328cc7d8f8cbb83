"""``authorize``: the ``authorization_function`` MLflow's auth app calls (``mlflow_entra_authz:authorize``).

MLflow's contract, read at mlflow/mlflow@000d336a1aa8c48094d37b6e6a6a7f9447b8538d (master after 3.16.1;
server/python/SOURCES.md lists the evidence and how to re-check it at the pinned tag), mlflow/server/auth/__init__.py:
- ``get_auth_func`` imports ``module:function`` from the config's ``authorization_function`` once
  (``functools.lru_cache``); ``authenticate_request()`` calls it with no arguments, inside a Flask request
  context, and returns what it returns.
- ``_before_request``: a ``flask.Response`` is sent to the caller as is; anything other than a
  ``werkzeug.datastructures.Authorization`` is a 500 ("Unsupported result type"); otherwise only
  ``.username`` is read, and ``sender_is_admin()`` is ``store.get_user(username).is_admin``.
- The function runs many times per request: ``_before_request``, ``sender_is_admin()``, most validators and
  after-request handlers each call ``authenticate_request()`` again. Hence the ``flask.g`` memo below.
- Routes FastAPI serves natively (artifact download/upload, gateway, OTLP, jobs) call it through
  ``_authenticate_custom_for_fastapi``, which builds a fresh Flask request context from the request's headers
  (``dict(request.headers)``, so a repeated header arrives once) and then needs ``store.get_user(username)`` to
  succeed, or answers 401 with a Basic challenge. Hence the user is created before returning, and the
  cross-request cache below serves those calls too.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from typing import Callable, Mapping, Optional, Union

from flask import Response, g, has_request_context, request
from werkzeug.datastructures import Authorization

from .cache import VerifiedHeaders
from .identity import identify
from .principal import HEADER, ClientPrincipal, Refusal, decode, read_header
from .responses import refusal_response
from .settings import Settings, read_settings
from .users import sync_user

_logger = logging.getLogger(__name__)

# Where one request keeps its answer (flask.g lives as long as the request's app context).
G_ATTRIBUTE = "mlflow_entra_authz_result"
# The Authorization's scheme is not read by MLflow (only .username); "bearer" says where the identity came from.
AUTHORIZATION_TYPE = "bearer"

Result = Union[Authorization, Response]


class EntraAuthorizer:
    """Header in, MLflow user out; one per process, shared by all of MLflow's threads."""

    def __init__(self, settings: Settings, store: Callable[[], object], clock: Callable[[], float] = time.monotonic):
        self.settings = settings
        self._store = store
        self.verified = VerifiedHeaders(settings.cache_seconds, settings.cache_entries, clock)

    def authorize_headers(self, headers: Mapping[str, str]) -> Result:
        principal: Optional[ClientPrincipal] = None
        try:
            raw = read_header(headers)
            key = VerifiedHeaders.key(raw)
            username = self.verified.get(key)
            if username is None:
                principal = decode(raw)
                identity = identify(principal, self.settings)
                sync_user(self._store(), identity)
                self.verified.put(key, identity.username)
                username = identity.username
            return Authorization(AUTHORIZATION_TYPE, {"username": username})
        except Refusal as refusal:
            _logger.warning(
                "mlflow-entra-authz: refused %s with %d: %s%s",
                f"{request.method} {request.path}" if has_request_context() else "a request",
                refusal.status,
                refusal.detail or refusal.reason,
                f" (claim types present: {', '.join(principal.claim_types())})" if principal is not None else "",
            )
            return refusal_response(refusal)


_lock = threading.Lock()
_default: Optional[EntraAuthorizer] = None


def default_authorizer() -> EntraAuthorizer:
    """The process-wide authorizer, built on first use from the environment (see settings.py)."""
    global _default
    with _lock:
        if _default is None:
            _default = EntraAuthorizer(read_settings(), _mlflow_auth_store)
        return _default


def _mlflow_auth_store():
    # MLflow's own store object; create_app() initialised it (store.init_db) before serving any request.
    return importlib.import_module("mlflow.server.auth").store


def authorize() -> Result:
    """MLflow's ``authorization_function``: the verified caller as an ``Authorization``, or a refusal."""
    result = getattr(g, G_ATTRIBUTE, None)
    if result is None:
        result = default_authorizer().authorize_headers(request.headers)
        setattr(g, G_ATTRIBUTE, result)
    return result


__all__ = ["HEADER", "EntraAuthorizer", "authorize", "default_authorizer"]
