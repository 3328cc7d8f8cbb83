"""A stand-in for the part of MLflow's auth app the authorization function touches, for machines without MLflow.

Mirrors, as read at the commits named in server/python/SOURCES.md:
- mlflow/server/auth/sqlalchemy_store.py (mlflow/mlflow@0026b08dc1b90b63efce78302b7d6df63f1eac63):
  ``get_user`` raises ``MlflowException(..., RESOURCE_DOES_NOT_EXIST)``; ``create_user(username, password,
  is_admin=False)`` validates the username (not empty) and the password (``_validate_password``: at least 12
  characters, mlflow#15287) and raises ``RESOURCE_ALREADY_EXISTS`` for a taken name; ``update_user(username,
  password=None, is_admin=None)`` changes only what is given and raises for an unknown user.
- mlflow/exceptions.py: ``MlflowException.error_code`` holds the error's *name* (``ErrorCode.Name(code)``).
- mlflow/server/auth/__init__.py (mlflow/mlflow@000d336a1aa8c48094d37b6e6a6a7f9447b8538d): ``authenticate_request``
  calls the configured function with no arguments; ``_before_request`` returns a ``Response`` result as is, raises
  for anything that is not an ``Authorization``, then decides admin with ``store.get_user(username).is_admin``;
  ``_authenticate_custom_for_fastapi`` calls it again inside ``app.test_request_context(headers=dict(headers))``
  and needs ``store.get_user(username)`` to succeed. ``before_request`` and ``fastapi_bridge`` below replay these.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field
from typing import Callable, Dict, List

from flask import Flask, Response
from werkzeug.datastructures import Authorization

MIN_PASSWORD_LENGTH = 12


class MlflowException(Exception):
    def __init__(self, message: str, error_code: str = "INTERNAL_ERROR") -> None:
        super().__init__(message)
        self.message = message
        self.error_code = error_code


@dataclass
class User:
    id: int
    username: str
    password_hash: str
    is_admin: bool


@dataclass
class FakeAuthStore:
    users: Dict[str, User] = field(default_factory=dict)
    calls: List[str] = field(default_factory=list)

    def get_user(self, username: str) -> User:
        self.calls.append(f"get_user {username}")
        if username not in self.users:
            raise MlflowException(f"User with username={username} not found", "RESOURCE_DOES_NOT_EXIST")
        user = self.users[username]
        return User(user.id, user.username, user.password_hash, user.is_admin)

    def has_user(self, username: str) -> bool:
        self.calls.append(f"has_user {username}")
        return username in self.users

    def create_user(self, username: str, password: str, is_admin: bool = False) -> User:
        self.calls.append(f"create_user {username} admin={is_admin}")
        if not username:
            raise MlflowException("Username cannot be empty.", "INVALID_PARAMETER_VALUE")
        if password is None or len(password) < MIN_PASSWORD_LENGTH:
            raise MlflowException("Password must be a string longer than 12 characters.", "INVALID_PARAMETER_VALUE")
        if username in self.users:
            raise MlflowException(f"User (username={username}) already exists.", "RESOURCE_ALREADY_EXISTS")
        self.users[username] = User(len(self.users) + 1, username, f"hash:{password}", is_admin)
        return self.get_user(username)

    def update_user(self, username: str, password: str = None, is_admin: bool = None) -> User:
        self.calls.append(f"update_user {username} admin={is_admin}")
        user = self.get_user(username)
        stored = self.users[username]
        if password is not None:
            stored.password_hash = f"hash:{password}"
        if is_admin is not None:
            stored.is_admin = is_admin
        return user

    def writes(self) -> List[str]:
        return [call for call in self.calls if not call.startswith(("get_user", "has_user"))]


def before_request(app: Flask, store: FakeAuthStore, authenticate: Callable[[], object], **request_kwargs):
    """What MLflow's ``_before_request`` does with the function's result, then an admin check, as a validator
    would: returns ``("refused", Response)`` or ``("user", username, is_admin)``."""
    with app.test_request_context(**request_kwargs):
        result = authenticate()
        if isinstance(result, Response):
            return ("refused", result)
        if not isinstance(result, Authorization):
            raise MlflowException(f"Unsupported result type: '{type(result).__name__}'", "INTERNAL_ERROR")
        # sender_is_admin(), and validators, call authenticate_request() again in the same request.
        again = authenticate()
        assert again is result or getattr(again, "username", None) == result.username
        return ("user", result.username, store.get_user(result.username).is_admin)


def fastapi_bridge(app: Flask, store: FakeAuthStore, authenticate: Callable[[], object], headers: Dict[str, str]):
    """``_authenticate_custom_for_fastapi``: a fresh request context from a plain dict of (lowercase) headers."""
    with app.test_request_context(path="/api/2.0/mlflow-artifacts/artifacts/1/x", headers=dict(headers)):
        result = authenticate()
        if isinstance(result, Response):
            return result
        if not isinstance(result, Authorization):
            raise MlflowException(f"Unsupported result type: '{type(result).__name__}'", "INTERNAL_ERROR")
        return store.get_user(result.username)


def install(store: FakeAuthStore) -> bool:
    """Puts ``mlflow.server.auth`` with this ``store`` into sys.modules unless MLflow is installed. True if faked."""
    try:
        __import__("mlflow.server.auth")
        return False
    except ImportError:
        pass
    for name in ("mlflow", "mlflow.server"):
        module = sys.modules.setdefault(name, types.ModuleType(name))
        module.__path__ = []
    auth = types.ModuleType("mlflow.server.auth")
    auth.store = store
    sys.modules["mlflow.server.auth"] = auth
    return True


def uninstall() -> None:
    for name in ("mlflow.server.auth", "mlflow.server", "mlflow"):
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None) is None:
            del sys.modules[name]
