"""A stand-in for azure.identity: credentials that record how they were built and hand out tokens
whose expiry the test controls. AccessToken mirrors azure.core.credentials.AccessToken(token, expires_on)."""

from __future__ import annotations

import threading
import time
import types
from typing import Callable, List, NamedTuple, Optional


class AccessToken(NamedTuple):
    token: str
    expires_on: int


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeCredential:
    """Issues token-1, token-2, ... each valid ``lifetime`` seconds from the clock's now."""

    def __init__(self, clock: Clock, lifetime: float = 3600, delay: float = 0.0, error: Optional[Exception] = None):
        self.clock = clock
        self.lifetime = lifetime
        self.delay = delay
        self.error = error
        self.scopes: List[str] = []
        self._lock = threading.Lock()

    def get_token(self, *scopes: str) -> AccessToken:
        if self.delay:
            time.sleep(self.delay)
        if self.error is not None:
            raise self.error
        with self._lock:
            self.scopes.extend(scopes)
            return AccessToken(f"token-{len(self.scopes)}", int(self.clock() + self.lifetime))


def identity_module() -> types.ModuleType:
    """A module with the four credential classes the plugin uses; each instance keeps its kwargs."""
    module = types.ModuleType("azure.identity")
    module.built = []

    def make(name: str) -> type:
        def __init__(self, **kwargs):
            self.kwargs = kwargs
            module.built.append((name, kwargs))

        def get_token(self, *scopes):
            return AccessToken(f"{name}-token", 4_000_000_000)

        return type(name, (), {"__init__": __init__, "get_token": get_token})

    for name in ("AzureCliCredential", "ManagedIdentityCredential", "WorkloadIdentityCredential", "DeviceCodeCredential"):
        setattr(module, name, make(name))
    return module


def factory_for(credential: FakeCredential) -> Callable:
    return lambda settings: credential
