"""The ``requests`` auth object MLflow attaches to each HTTP request.

How MLflow uses it (mlflow/mlflow@046e211690919a4969ac4cf4f2d70c6ce6c65870, MLflow 3.6.1.dev0,
mlflow/utils/rest_utils.py ``http_request``): it first sets ``headers["Authorization"] =
"Bearer <MLFLOW_TRACKING_TOKEN>"`` when that variable is set, then passes ``auth=fetch_auth(...)`` to
``requests``, which calls the auth object last, on the fully prepared request (requests/models.py
``PreparedRequest.prepare``: "prepare_auth must be last"). So this object always overwrites the
header, as MLflow documents for MLFLOW_TRACKING_AUTH ("When set, it will overwrite the
'Authorization' HTTP header", mlflow/environment_variables.py): a stale exported token cannot win.

The token is read from the cache on every call, so a fresh token goes out even if MLflow kept one
auth object for the whole process.

The token goes to the tracking server's origin only (origin.py). MLflow itself sends requests elsewhere with this
auth object when an artifact URI names another host (``mlflow-artifacts://<host>:<port>/...``,
mlflow/store/artifact/mlflow_artifacts_repo.py ``resolve_uri``), and an experiment's artifact location is chosen by
whoever creates the experiment: such a request is refused before it is sent. On redirects, `requests` copies the
request with its hooks (requests/models.py ``PreparedRequest.copy``: ``p.hooks = self.hooks``) and runs them on every
hop's response (requests/sessions.py ``Session.send``), after stripping the header from a request that leaves the
origin (``rebuild_auth``; requests 2.28.1, Debian bookworm's python3-requests): so the response hook acts only on
responses from the tracking server, and its retry goes back to the tracking server only.
"""

from __future__ import annotations

from typing import Any, Optional
from urllib.parse import urlsplit

import requests
from requests.auth import AuthBase

from .errors import EntraConfigError
from .origin import TRACKING_URI_VARIABLE, Origin, origin_of
from .token_source import EntraTokenSource

AUTHORIZATION = "Authorization"
_REDIRECTS = (301, 302, 303, 307, 308)
# Where Entra sends a request it wants signed in: its authority hosts, or EasyAuth's own login path.
_SIGN_IN_HOSTS = ("login.microsoftonline.com", "login.microsoft.com", "login.windows.net")
_EASYAUTH_LOGIN_PATH = "/.auth/login/"


class EntraBearerAuth(AuthBase):
    def __init__(self, tokens: EntraTokenSource, tracking: Origin) -> None:
        self.tokens = tokens
        self.tracking = tracking
        """The tracking server's origin: the only one that gets the token."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        target = origin_of(request.url)
        if target != self.tracking:
            raise EntraConfigError(
                f"Refused to send the Entra token to {target or request.url}: it goes only to the tracking server "
                f"{self.tracking} ({TRACKING_URI_VARIABLE}); a request for another server (an artifact location or "
                "registry URI naming it) needs that server's own credentials"
            )
        request.headers[AUTHORIZATION] = f"Bearer {self.tokens.token()}"
        request.register_hook("response", self._on_response)
        return request

    def _on_response(self, response: requests.Response, **send_kwargs: Any) -> requests.Response:
        """A refused token is dropped and the request sent once more with a fresh one; a second refusal
        raises EntraTokenError. The retry covers a token revoked or expired early (clock skew); the
        second refusal means the token is for the wrong scope or identity, and retrying cannot help.
        A response from any other origin (the end of a redirect that left the tracking server) is not about this
        token, which was never sent there: it is returned as it is."""
        if origin_of(response.request.url) != self.tracking or not _refused(response):
            return response
        request = response.request
        self.tokens.invalidate(_bearer(request.headers.get(AUTHORIZATION)))
        if not _replayable(request.body) or getattr(response, "connection", None) is None:
            raise self._refused_error(response)

        # As requests' own HTTPDigestAuth.handle_401 does: release the connection, then resend a copy
        # through the same adapter (which dispatches no hooks, so this cannot loop).
        response.content  # noqa: B018 - reading it releases the connection
        response.close()
        retry = request.copy()
        retry.headers[AUTHORIZATION] = f"Bearer {self.tokens.token()}"
        second = response.connection.send(retry, **send_kwargs)
        second.history.append(response)
        second.request = retry
        if _refused(second):
            self.tokens.invalidate(_bearer(retry.headers.get(AUTHORIZATION)))
            raise self._refused_error(second)
        return second

    def _refused_error(self, response: requests.Response):
        url = urlsplit(response.request.url or "")
        if response.status_code == 401:
            what = f"MLflow at {url.scheme}://{url.netloc} refused the Entra token (HTTP 401)"
            challenge = response.headers.get("WWW-Authenticate")
            if challenge:
                what += f", WWW-Authenticate: {' '.join(challenge.split())}"
        else:
            what = (
                f"MLflow at {url.scheme}://{url.netloc} redirected to sign-in (HTTP {response.status_code}) "
                "instead of accepting the Entra token"
            )
        return self.tokens.failure(
            what,
            "Check that MLFLOW_ENTRA_SCOPE is the mlflow_entra_scope output of the stack that printed this "
            "tracking URI, and that the identity is assigned to MLflow (user or group; App Proxy takes user tokens only)",
        )


def _refused(response: requests.Response) -> bool:
    if response.status_code == 401:
        return True
    if response.status_code not in _REDIRECTS:
        return False
    location = urlsplit(response.headers.get("Location", ""))
    return (location.hostname or "").lower() in _SIGN_IN_HOSTS or location.path.startswith(_EASYAUTH_LOGIN_PATH)


def _replayable(body: Any) -> bool:
    # A streamed body (an artifact upload from a file) is consumed by the first send.
    return body is None or isinstance(body, (bytes, str))


def _bearer(header: Optional[str]) -> Optional[str]:
    if header and header.startswith("Bearer "):
        return header[len("Bearer ") :]
    return None
