"""Builds the credential that the settings chose: an azure-identity one, or MSAL's public client (device code).

azure-identity and msal are imported here, lazily: importing the plugin (which MLflow does for every registered
entry point when it loads its request-auth registry) must work and stay cheap without them.
Constructor arguments are those of azure-identity's public classes (Azure/azure-sdk-for-python,
sdk/identity/azure-identity/azure/identity/_credentials/{azure_cli,managed_identity,workload_identity}.py).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, Optional

from .errors import EntraConfigError
from .public_client import PublicClientCredential, prompt_on_stderr
from .settings import AZURE_CLI, DEVICE_CODE, MANAGED_IDENTITY, WORKLOAD_IDENTITY, EntraSettings

_CLASS_NAMES = {
    AZURE_CLI: "AzureCliCredential",
    MANAGED_IDENTITY: "ManagedIdentityCredential",
    WORKLOAD_IDENTITY: "WorkloadIdentityCredential",
}


def build_credential(
    settings: EntraSettings,
    identity: Optional[ModuleType] = None,
    msal: Optional[ModuleType] = None,
    http_client: Any = None,
) -> Any:
    """Returns an object with ``get_token(scope) -> AccessToken(token, expires_on)``.

    ``identity`` replaces the ``azure.identity`` module; ``msal`` and ``http_client`` are handed to MSAL (tests).
    """
    if settings.credential == DEVICE_CODE:
        # MSAL directly, not azure-identity's DeviceCodeCredential, whose token cache stays in memory unless given
        # cache_persistence_options: that needs msal-extensions and the platform's encryption (libsecret on Linux),
        # else raises unless allow_unencrypted_storage (azure/identity/_persistent_cache.py
        # TokenCachePersistenceOptions). The refresh token must outlive the process: public_client.py.
        return PublicClientCredential(
            client_id=settings.device_code_client_id,
            tenant_id=settings.tenant_id or "",
            prompt=prompt_on_stderr,
            msal=msal,
            http_client=http_client,
        )
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
    return cls(
        tenant_id=settings.tenant_id,
        client_id=settings.client_id,
        token_file_path=settings.federated_token_file,
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
