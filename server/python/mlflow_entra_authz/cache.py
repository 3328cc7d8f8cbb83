"""A small, bounded, thread-safe cache of identity headers already verified and synced to MLflow's user table.

MLflow's server serves Flask requests from a thread pool (starlette's WSGI bridge runs each one with
``anyio.to_thread.run_sync``, mlflow/server/fastapi_app.py), so every access holds the lock. Keys are SHA-256
digests of the header, so memory stays bounded however large the headers are; values are the username only.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from typing import Callable, Optional, Tuple


class VerifiedHeaders:
    def __init__(self, ttl_seconds: float, max_entries: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: "OrderedDict[bytes, Tuple[float, str]]" = OrderedDict()

    @staticmethod
    def key(header: str) -> bytes:
        return hashlib.sha256(header.encode("utf-8")).digest()

    def get(self, key: bytes) -> Optional[str]:
        """The username verified for this header, unless it expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, username = entry
            if self._clock() >= expires:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return username

    def put(self, key: bytes, username: str) -> None:
        if self._ttl <= 0:
            return
        with self._lock:
            self._entries[key] = (self._clock() + self._ttl, username)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
