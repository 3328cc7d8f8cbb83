"""Settings of the authorization function, read from environment variables.

Each bad value raises :class:`SettingsError` with one line: the variable, the value received and the fix.
``python -m mlflow_entra_authz write-config`` reads them before the server starts, so a mistake stops the
start script with that line instead of failing every request later.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Mapping, Optional

TENANT_VARIABLE = "MLFLOW_ENTRA_AUTHZ_TENANT_ID"
CLIENT_ID_VARIABLE = "MLFLOW_ENTRA_AUTHZ_CLIENT_ID"
IDENTIFIER_URI_VARIABLE = "MLFLOW_ENTRA_AUTHZ_IDENTIFIER_URI"
ADMIN_ROLE_VARIABLE = "MLFLOW_ENTRA_AUTHZ_ADMIN_ROLE"
CACHE_SECONDS_VARIABLE = "MLFLOW_ENTRA_AUTHZ_CACHE_SECONDS"
CACHE_ENTRIES_VARIABLE = "MLFLOW_ENTRA_AUTHZ_CACHE_ENTRIES"

# The app role that makes a caller an MLflow admin; the stack declares it on the MLflow app registration.
DEFAULT_ADMIN_ROLE = "MLflow.Admin"
# How long a verified identity header is trusted without looking at MLflow's user table again. The header
# changes whenever the token does (new token, new role set), so a longer value only delays nothing that matters.
DEFAULT_CACHE_SECONDS = 300
DEFAULT_CACHE_ENTRIES = 1024

GUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# An app role value: https://learn.microsoft.com/graph/api/resources/approle (no spaces; letters, digits and
# the punctuation listed there). A stricter subset is enough here.
ROLE_VALUE_PATTERN = re.compile(r"^[A-Za-z0-9._:\-]{1,120}$")


class SettingsError(ValueError):
    """A setting is missing or invalid; the message is one line naming the variable and the fix."""


@dataclass(frozen=True)
class Settings:
    tenant_id: str
    """The directory (tenant) id every caller's token must come from (``tid``), lowercase."""
    client_id: str
    """The MLflow app registration's application (client) id, lowercase."""
    identifier_uri: str
    """The app's identifier URI (``api://<client id>`` unless the stack set another)."""
    admin_role: str
    """App role value that makes a caller an MLflow admin (``is_admin``)."""
    cache_seconds: float
    cache_entries: int

    @property
    def audiences(self) -> frozenset:
        """Accepted ``aud`` values: v2 tokens carry the client id; v1 tokens the URI the client asked for
        (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference, ``aud``)."""
        return frozenset({self.client_id, self.identifier_uri.lower()})


def read_settings(environ: Optional[Mapping[str, str]] = None) -> Settings:
    """Builds :class:`Settings` from ``environ`` (default: ``os.environ``)."""
    env = os.environ if environ is None else environ

    def value(name: str) -> Optional[str]:
        raw = env.get(name)
        return raw.strip() if raw is not None and raw.strip() else None

    tenant_id = _guid(
        TENANT_VARIABLE,
        value(TENANT_VARIABLE),
        "the directory (tenant) id, e.g. from `az account show --query tenantId -o tsv`",
    )
    client_id = _guid(
        CLIENT_ID_VARIABLE,
        value(CLIENT_ID_VARIABLE),
        "the MLflow app registration's application (client) id, e.g. the stack output entra_client_id",
    )
    identifier_uri = value(IDENTIFIER_URI_VARIABLE) or f"api://{client_id}"
    if any(character.isspace() for character in identifier_uri) or identifier_uri.endswith("/"):
        raise SettingsError(
            f"{IDENTIFIER_URI_VARIABLE}: got {identifier_uri!r}; expected the app's identifier URI without spaces or a "
            f"trailing slash, e.g. 'api://{client_id}', or leave it unset for that default"
        )
    admin_role = value(ADMIN_ROLE_VARIABLE) or DEFAULT_ADMIN_ROLE
    if not ROLE_VALUE_PATTERN.match(admin_role):
        raise SettingsError(
            f"{ADMIN_ROLE_VARIABLE}: got {admin_role!r}; expected an app role value such as '{DEFAULT_ADMIN_ROLE}' "
            "(letters, digits, '.', '_', ':' or '-'; no spaces)"
        )
    cache_seconds = _number(CACHE_SECONDS_VARIABLE, value(CACHE_SECONDS_VARIABLE), DEFAULT_CACHE_SECONDS, 0, 3600)
    cache_entries = int(
        _number(CACHE_ENTRIES_VARIABLE, value(CACHE_ENTRIES_VARIABLE), DEFAULT_CACHE_ENTRIES, 1, 100_000)
    )
    return Settings(
        tenant_id=tenant_id,
        client_id=client_id,
        identifier_uri=identifier_uri,
        admin_role=admin_role,
        cache_seconds=cache_seconds,
        cache_entries=cache_entries,
    )


def _guid(name: str, raw: Optional[str], what: str) -> str:
    if raw is None:
        raise SettingsError(f"{name}: not set; set it to {what}")
    if not GUID_PATTERN.match(raw):
        raise SettingsError(f"{name}: got {raw!r}; expected a GUID, {what}")
    return raw.lower()


def _number(name: str, raw: Optional[str], default: float, low: float, high: float) -> float:
    if raw is None:
        return default
    try:
        number = float(raw)
    except ValueError:
        number = float("nan")
    if not low <= number <= high:
        raise SettingsError(
            f"{name}: got {raw!r}; expected a number from {low:g} to {high:g}, or unset for {default:g}"
        )
    return number
