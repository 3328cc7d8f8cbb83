"""Sign-in as a registered public client with MSAL (device code), its tokens cached on disk.

This is the documented way to call an Application Proxy app with a token: a public (native) client app registration
holding a delegated permission on the proxy app, and MSAL asking for that permission by name, silently from its cache
first, with a user sign-in only when that fails ("How to enable native client applications to interact with proxy
applications", Step 4, https://learn.microsoft.com/entra/identity/app-proxy/application-proxy-configure-native-client-application;
MicrosoftDocs/entra-docs docs/identity/app-proxy/application-proxy-configure-native-client-application.md). The stack
registers that client (output ``native_client_id``, constructs/entra/native-client.ts), pre-authorized on MLflow's
``user_impersonation`` scope (constructs/entra/entra-app.ts ``USER_IMPERSONATION_SCOPE``). Learn's sample signs in
interactively; App Proxy places itself in the "desktop app that calls a web API" scenario, whose flow for command-line
tools without a browser is the device code flow
(https://learn.microsoft.com/entra/identity-platform/scenario-desktop-acquire-token-device-code-flow).

MSAL Python's public API as used here, read at msal 1.21.0 (Debian bookworm's python3-msal; AzureAD/microsoft-
authentication-library-for-python msal/application.py, msal/token_cache.py): ``PublicClientApplication(client_id,
authority=, token_cache=, http_client=)``; ``get_accounts()``; ``acquire_token_silent(scopes, account,
force_refresh=)`` (the cached access token while it has 5 minutes left, else one redeemed with the cached refresh
token; None when neither works); ``initiate_device_flow(scopes=)`` (a dict with ``user_code``, ``verification_uri``,
``expires_at``, or ``error``); ``acquire_token_by_device_flow(flow)`` (polls until the person signs in; a dict with
``access_token`` and ``expires_in``, or ``error``/``error_description``); ``SerializableTokenCache`` (``serialize``,
``deserialize``, ``has_state_changed``). Only these are MSAL's public, stable 1.x API ("Only APIs and their
parameters documented in this section are part of public API", MSAL Python reference).

The cache (access, refresh and ID tokens, as the Azure CLI keeps in ~/.azure/msal_token_cache.json) lives in
``~/.cache/mlflow-entra-auth/msal_token_cache.json``, written 0600 in a 0700 folder, so a long job and later
processes refresh silently: each refresh brings a new refresh token valid 90 days, unless revoked
(https://learn.microsoft.com/entra/identity-platform/refresh-tokens). Delete the file to sign out.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import time
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, List, NamedTuple, Optional

from .errors import EntraConfigError

# https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud (global Azure)
AUTHORITY_HOST = "https://login.microsoftonline.com"
# The delegated permission the stack declares on MLflow's app and pre-authorizes for its clients; Learn's sample
# asks for it by name (<Scope> is "the URL in the edit box" of user_impersonation).
USER_IMPERSONATION = "user_impersonation"
_DEFAULT_SUFFIX = "/.default"

Prompt = Callable[[str, str, str], None]
"""(verification URI, user code, expiry as text): tells a person how to finish the sign-in."""


class AccessToken(NamedTuple):
    """Shaped like azure.core.credentials.AccessToken, which the rest of the plugin reads."""

    token: str
    expires_on: int


class SignInError(Exception):
    """MSAL answered with an error (its ``error_description``, e.g. an AADSTS message), never with a token in it."""


def token_cache_path() -> Path:
    return Path.home() / ".cache" / "mlflow-entra-auth" / "msal_token_cache.json"


def delegated_scope(scope: str) -> str:
    """``<identifier URI>/.default`` (the setting's form, as the stack outputs it) as the named delegated permission."""
    if scope.endswith(_DEFAULT_SUFFIX):
        return f"{scope[: -len(_DEFAULT_SUFFIX)]}/{USER_IMPERSONATION}"
    return scope


class TokenCacheFile:
    """MSAL's serializable cache, loaded from and saved to one file only its owner can read."""

    def __init__(self, path: Path, msal: ModuleType) -> None:
        self.path = path
        self.cache = msal.SerializableTokenCache()
        self._warned = False
        try:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                path.chmod(0o600)  # made readable by others since we wrote it: take that back first
            self.cache.deserialize(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, NotADirectoryError):
            pass  # no cache yet: the first sign-in writes it
        except (OSError, ValueError) as error:  # unreadable or corrupt: start empty, a sign-in rewrites it
            self._warn(f"could not read the token cache {path} ({type(error).__name__}); signing in afresh")

    def save(self) -> None:
        if not self.cache.has_state_changed:
            return
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # mkstemp creates the file "readable and writable only by the creating user ID" (Python docs), and
            # os.replace swaps it in whole, so no reader ever sees a partial file or one with wider permissions.
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".msal_token_cache.", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    file.write(self.cache.serialize())
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError as error:  # a read-only home: the tokens still serve this process from memory
            self._warn(f"could not write the token cache {self.path} ({error.strerror}); the next process signs in again")

    def _warn(self, message: str) -> None:
        if not self._warned:
            self._warned = True
            warnings.warn(f"mlflow-entra-auth: {message}", RuntimeWarning, stacklevel=3)


class PublicClientCredential:
    """``get_token(scope)`` like an azure-identity credential, from MSAL's cache or a device-code sign-in."""

    def __init__(
        self,
        client_id: str,
        tenant_id: str,
        prompt: Prompt,
        cache_path: Optional[Path] = None,
        msal: Optional[ModuleType] = None,
        http_client: Any = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        msal = msal or _import_msal()
        self._cache = TokenCacheFile(cache_path or token_cache_path(), msal)
        options = {"authority": f"{AUTHORITY_HOST}/{tenant_id}", "token_cache": self._cache.cache}
        if http_client is not None:
            options["http_client"] = http_client
        self._app = msal.PublicClientApplication(client_id, **options)
        self._prompt = prompt
        self._clock = clock
        self._refused: Optional[str] = None

    def get_token(self, *scopes: str) -> AccessToken:
        requested = [delegated_scope(scope) for scope in scopes]
        now = self._clock()
        result = self._silent(requested) or self._sign_in(requested)
        if "access_token" not in result:
            raise SignInError(" ".join(str(result.get("error_description") or result.get("error") or result).split()))
        self._cache.save()
        return AccessToken(result["access_token"], int(now + int(result["expires_in"])))

    def invalidate(self, token: Optional[str]) -> None:
        """The server refused ``token``: the next get_token redeems the refresh token instead of returning it again."""
        self._refused = token

    def _silent(self, scopes: List[str]) -> Optional[dict]:
        for account in self._app.get_accounts():
            result = self._app.acquire_token_silent(scopes, account=account)
            if result and self._refused is not None and result.get("access_token") == self._refused:
                result = self._app.acquire_token_silent(scopes, account=account, force_refresh=True)
            if result and "access_token" in result:
                return result
        return None

    def _sign_in(self, scopes: List[str]) -> dict:
        flow = self._app.initiate_device_flow(scopes=scopes)
        if "user_code" not in flow:
            return flow
        expires = time.strftime("%H:%M:%S UTC", time.gmtime(flow["expires_at"])) if "expires_at" in flow else "soon"
        self._prompt(flow["verification_uri"], flow["user_code"], expires)
        return self._app.acquire_token_by_device_flow(flow)


def _import_msal() -> ModuleType:
    try:
        import msal  # noqa: PLC0415 - lazy on purpose, like azure-identity
    except ImportError as error:
        raise EntraConfigError(
            "MLFLOW_ENTRA_CREDENTIAL=device-code needs the msal package, which is not installed: "
            "pip install ./clients/python (it depends on msal), or apt-get install python3-msal"
        ) from error
    return msal


def prompt_on_stderr(verification_uri: str, user_code: str, expires: str) -> None:
    # stderr, not stdout: a job's stdout is often its data, and `token` prints the token there for $(...).
    print(
        f"To sign in to MLflow, open {verification_uri} and enter the code {user_code} (expires {expires}).",
        file=sys.stderr,
        flush=True,
    )
