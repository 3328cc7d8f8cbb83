"""A stand-in for the part of MLflow the plugin touches, for machines without MLflow.

Mirrors mlflow/mlflow@046e211690919a4969ac4cf4f2d70c6ce6c65870 (MLflow 3.6.1.dev0):
- mlflow/tracking/request_auth/abstract_request_auth_provider.py: RequestAuthProvider is an ABC whose
  get_name() and get_auth() are abstract (a subclass missing one cannot be instantiated);
- mlflow/tracking/request_auth/registry.py: RequestAuthProviderRegistry.register_entrypoints() loads each
  entry point of "mlflow.request_auth_provider" via importlib.metadata (mlflow/utils/plugins.py) and
  instantiates it; fetch_auth(name) returns get_auth() of the first provider whose get_name() == name
  (unchanged at mlflow/mlflow@0b0ea3866fefebe71eea3dbd0840f1b4cba1d390). register(cls) appends one more
  provider: built-ins such as ``kubernetes`` (mlflow#21176) share the registry with plugins.
When the real MLflow is importable, the real abstract class is used instead.
"""

from __future__ import annotations

import importlib.metadata
import sys
import types
from abc import ABC, abstractmethod

REQUEST_AUTH_PROVIDER_ENTRYPOINT = "mlflow.request_auth_provider"
ABSTRACT_MODULE = "mlflow.tracking.request_auth.abstract_request_auth_provider"


class RequestAuthProvider(ABC):
    @abstractmethod
    def get_name(self):
        """Name matched against MLFLOW_TRACKING_AUTH."""

    @abstractmethod
    def get_auth(self):
        """A requests auth object."""


def install() -> bool:
    """Puts the fake abstract-provider module in sys.modules unless MLflow is installed. True if faked."""
    try:
        __import__(ABSTRACT_MODULE)
        return False
    except ImportError:
        pass
    parents = ["mlflow", "mlflow.tracking", "mlflow.tracking.request_auth"]
    for name in parents:
        module = sys.modules.setdefault(name, types.ModuleType(name))
        module.__path__ = []  # a package, so the submodule import below resolves from sys.modules
    abstract = types.ModuleType(ABSTRACT_MODULE)
    abstract.RequestAuthProvider = RequestAuthProvider
    sys.modules[ABSTRACT_MODULE] = abstract
    return True


class RegistryMirror:
    """What MLflow's registry does with installed providers, step for step."""

    def __init__(self) -> None:
        self.providers = []

    def register(self, provider_class) -> None:
        self.providers.append(provider_class())

    def register_entrypoints(self) -> None:
        for entrypoint in importlib.metadata.entry_points(group=REQUEST_AUTH_PROVIDER_ENTRYPOINT):
            self.register(entrypoint.load())

    def fetch_auth(self, request_auth: str):
        for provider in self.providers:
            if provider.get_name() == request_auth:
                return provider.get_auth()
        return None
