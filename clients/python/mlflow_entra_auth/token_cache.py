"""A thread-safe cache for one access token, refreshed before it expires.

Why the plugin caches at all: AzureCliCredential caches nothing and runs `az` on every call
("Applications calling this method directly must also handle token caching", azure-identity
azure/identity/_credentials/azure_cli.py), and MLflow asks for auth on every HTTP request.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Optional, Tuple

# A token is replaced this long before it expires, so no request leaves with a token that could expire
# in flight or be rejected for clock skew (Entra access tokens live 60-90 minutes).
REFRESH_MARGIN_SECONDS = 5 * 60

Fetch = Callable[[], Tuple[str, float]]
"""Returns (token, expires_on), expires_on in seconds since the epoch, as azure-identity's AccessToken."""


class TokenCache:
    def __init__(
        self,
        fetch: Fetch,
        clock: Callable[[], float] = time.time,
        refresh_margin: float = REFRESH_MARGIN_SECONDS,
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        self._margin = refresh_margin
        # One lock for reading and fetching: when many threads find the token stale at once, one fetches
        # and the others wait for its result instead of each starting a sign-in.
        self._lock = threading.Lock()
        self._token: Optional[str] = None
        self._refresh_at = 0.0

    def get(self) -> str:
        with self._lock:
            now = self._clock()
            if self._token is None or now >= self._refresh_at:
                token, expires_on = self._fetch()
                self._token = token
                self._refresh_at = refresh_time(now, float(expires_on), self._margin)
            return self._token

    def invalidate(self, token: Optional[str] = None) -> None:
        """Drops the cached token (only if it is still ``token``, when given): the next get() fetches."""
        with self._lock:
            if token is None or token == self._token:
                self._token = None


def refresh_time(now: float, expires_on: float, margin: float) -> float:
    """``margin`` before expiry; for a token that arrives with less than ``margin`` left, halfway to
    its expiry instead, so such a token is still reused for a while rather than refetched per request."""
    return max(expires_on - margin, now + (expires_on - now) / 2)
