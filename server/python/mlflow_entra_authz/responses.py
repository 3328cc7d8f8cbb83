"""The refusal a caller receives: 401 or 403 with one line of text, and never a Basic challenge.

MLflow's own refusal (``make_basic_auth_response`` in mlflow/server/auth/__init__.py) sends
``WWW-Authenticate: Basic realm="mlflow"``, which makes a browser open a password dialog: useless here, where
the front door signs people in with Entra ID. A 401 still names a scheme (RFC 9110 section 11.6.1 requires a
challenge on 401), but Bearer, which browsers do not prompt for and which is what scripts send
(RFC 6750 section 3).
"""

from __future__ import annotations

from flask import Response

from .principal import Refusal

BEARER_CHALLENGE = 'Bearer realm="MLflow"'


def refusal_response(refusal: Refusal) -> Response:
    response = Response(refusal.reason + "\n", status=refusal.status, mimetype="text/plain")
    if refusal.status == 401:
        response.headers["WWW-Authenticate"] = BEARER_CHALLENGE
    # A refusal depends on who asks: no cache in between may keep it.
    response.headers["Cache-Control"] = "no-store"
    return response
