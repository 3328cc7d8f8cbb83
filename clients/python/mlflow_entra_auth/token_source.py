"""Tokens for one set of settings: the credential (built on first use) behind a TokenCache.

Every failure to get a token becomes one EntraTokenError naming the scope, the tenant and the
credential. The message does not interpret AADSTS codes: Microsoft says clients must not depend on
them ("Apps that take a dependency on text or error code numbers will be broken over time",
https://learn.microsoft.com/entra/identity-platform/reference-error-codes); docs/clients.md maps the
common ones to fixes for people instead.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Optional

from .credentials import build_credential
from .errors import EntraConfigError, EntraTokenError
from .settings import AZURE_CLI, MANAGED_IDENTITY, WORKLOAD_IDENTITY, EntraSettings
from .token_cache import TokenCache

def _next_step(settings: EntraSettings) -> str:
    if settings.credential == AZURE_CLI:
        resource = settings.scope[: -len("/.default")]
        tenant = f" --tenant {settings.tenant_id}" if settings.tenant_id else ""
        return (
            f"Sign in with 'az login{tenant}' as a user assigned to MLflow, then check that "
            f"'az account get-access-token --resource {resource}' prints a token"
        )
    if settings.credential == MANAGED_IDENTITY:
        return (
            "Check that this host has a managed identity (AZURE_CLIENT_ID selects a user-assigned one) and that it "
            "holds MLflow's application role (EasyAuth only: App Proxy accepts user tokens only)"
        )
    if settings.credential == WORKLOAD_IDENTITY:
        return (
            "Check the federated identity credential of AZURE_CLIENT_ID (issuer, subject, audience "
            "api://AzureADTokenExchange) and that the identity holds MLflow's application role (EasyAuth only)"
        )
    return (
        "Finish the sign-in at the printed address before the code expires, with an account of that tenant "
        "assigned to MLflow"
    )


class EntraTokenSource:
    def __init__(
        self,
        settings: EntraSettings,
        credential_factory: Callable[[EntraSettings], Any] = build_credential,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self._credential_factory = credential_factory
        self._credential: Optional[Any] = None
        self._cache = TokenCache(self._fetch, clock=clock)

    def token(self) -> str:
        return self._cache.get()

    def invalidate(self, token: Optional[str] = None) -> None:
        self._cache.invalidate(token)
        # A credential with a cache of its own (MSAL's public client) would hand the refused token back: tell it too.
        refuse = getattr(self._credential, "invalidate", None)
        if token is not None and refuse is not None:
            refuse(token)

    def failure(self, what: str, advice: Optional[str] = None) -> EntraTokenError:
        """The error for ``what`` went wrong: names scope, tenant and credential, then the next step."""
        return EntraTokenError(f"{what}: {self.settings.describe()}. {advice or _next_step(self.settings)}.")

    def _fetch(self) -> tuple[str, float]:
        # Runs under the cache's lock, so the credential is also built once.
        try:
            if self._credential is None:
                self._credential = self._credential_factory(self.settings)
            access = self._credential.get_token(self.settings.scope)
        except EntraConfigError:
            raise
        except Exception as error:  # azure-identity raises several types; each becomes one clear error
            cause = " ".join(str(error).split()) or type(error).__name__
            raise self.failure(f"Could not get a Microsoft Entra token for MLflow ({cause})") from error
        return access.token, access.expires_on
