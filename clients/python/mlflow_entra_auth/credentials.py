"""Builds the azure-identity credential that the settings chose.

azure-identity is imported here, lazily: importing the plugin (which MLflow does for every registered
entry point when it loads its request-auth registry) must work and stay cheap without it.
Constructor arguments are those of azure-identity's public classes (Azure/azure-sdk-for-python,
sdk/identity/azure-identity/azure/identity/_credentials/{azure_cli,managed_identity,workload_identity,
device_code}.py).
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any, Optional

from .errors import EntraConfigError
from .settings import AZURE_CLI, DEVICE_CODE, MANAGED_IDENTITY, WORKLOAD_IDENTITY, EntraSettings

_CLASS_NAMES = {
    AZURE_CLI: "AzureCliCredential",
    MANAGED_IDENTITY: "ManagedIdentityCredential",
    WORKLOAD_IDENTITY: "WorkloadIdentityCredential",
    DEVICE_CODE: "DeviceCodeCredential",
}


def build_credential(settings: EntraSettings, identity: Optional[ModuleType] = None) -> Any:
    """Returns an object with ``get_token(scope) -> AccessToken(token, expires_on)``.

    ``identity`` replaces the ``azure.identity`` module (tests pass a fake).
    """
    identity = identity or _import_azure_identity()
    name = _CLASS_NAMES[settings.credential]
    cls = getattr(identity, name, None)
    if cls is None:
        raise EntraConfigError(
            f"credential '{settings.credential}' needs azure.identity.{name}, which the installed azure-identity "
            "lacks: pip install --upgrade azure-identity"
        )

    if settings.credential == AZURE_CLI:
        # Runs `az account get-access-token --resource <scope without /.default> [--tenant <id>]` per call
        # and caches nothing ("Applications calling this method directly must also handle token caching"):
        # the plugin's TokenCache does that.
        return cls(tenant_id=settings.tenant_id) if settings.tenant_id else cls()
    if settings.credential == MANAGED_IDENTITY:
        # Without client_id: the system-assigned identity; with it: that user-assigned identity.
        return cls(client_id=settings.client_id) if settings.client_id else cls()
    if settings.credential == WORKLOAD_IDENTITY:
        return cls(
            tenant_id=settings.tenant_id,
            client_id=settings.client_id,
            token_file_path=settings.federated_token_file,
        )
    # Device code: prints a URL and a code once; later tokens are refreshed silently from the credential's
    # in-memory MSAL cache (InteractiveCredential.get_token tries silent acquisition first).
    return cls(
        client_id=settings.device_code_client_id,
        tenant_id=settings.tenant_id,
        prompt_callback=_prompt_on_stderr,
    )


def _prompt_on_stderr(verification_uri: str, user_code: str, expires_on: Any) -> None:
    # stderr, not stdout: a job's stdout is often its data; the prompt must reach a person.
    print(
        f"To sign in to MLflow, open {verification_uri} and enter the code {user_code} (expires {expires_on} UTC).",
        file=sys.stderr,
        flush=True,
    )


def _import_azure_identity() -> ModuleType:
    try:
        import azure.identity as identity  # noqa: PLC0415 - lazy on purpose
    except ImportError as error:
        raise EntraConfigError(
            "MLFLOW_TRACKING_AUTH=azure-entra needs the azure-identity package, which is not installed: "
            "pip install ./clients/python (it depends on azure-identity)"
        ) from error
    return identity
