"""Reads the plugin's settings from environment variables and decides which credential to use.

Every variable is read when MLflow asks for auth (not at import), so a notebook can set them after
``import mlflow``. Invalid values raise :class:`EntraConfigError` with one line naming the variable,
the value received and the fix.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from typing import Mapping, Optional

from .errors import EntraConfigError

SCOPE_VARIABLE = "MLFLOW_ENTRA_SCOPE"
CREDENTIAL_VARIABLE = "MLFLOW_ENTRA_CREDENTIAL"
DEVICE_CODE_CLIENT_ID_VARIABLE = "MLFLOW_ENTRA_CLIENT_ID"
TENANT_VARIABLE = "AZURE_TENANT_ID"
CLIENT_ID_VARIABLE = "AZURE_CLIENT_ID"
# Set in pods by the Azure Workload Identity webhook, with AZURE_CLIENT_ID and AZURE_TENANT_ID:
# https://azure.github.io/azure-workload-identity/docs/installation/mutating-admission-webhook.html
FEDERATED_TOKEN_FILE_VARIABLE = "AZURE_FEDERATED_TOKEN_FILE"
# Set by App Service, Functions, Container Apps, Azure Arc and Service Fabric; azure-identity's
# ManagedIdentityCredential picks its token source from it (azure/identity/_credentials/managed_identity.py).
# Azure VMs have no such variable (IMDS answers at a fixed address), so "auto" cannot detect them.
IDENTITY_ENDPOINT_VARIABLE = "IDENTITY_ENDPOINT"

# Azure CLI's public client id: the stack pre-authorizes it on MLflow's scope, so device-code sign-in
# with it asks for no consent.
AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"

# How the two modes' scopes differ: EasyAuth's identifier URI is api://<client-id> (constructs/entra/entra-app.ts),
# App Proxy's is its https external URL (constructs/app-proxy/index.ts identifierUri).
APP_PROXY_SCOPE_PREFIX = "https://"

AUTO = "auto"
AZURE_CLI = "azure-cli"
MANAGED_IDENTITY = "managed-identity"
WORKLOAD_IDENTITY = "workload-identity"
DEVICE_CODE = "device-code"
CREDENTIAL_KINDS = (AUTO, AZURE_CLI, MANAGED_IDENTITY, WORKLOAD_IDENTITY, DEVICE_CODE)

_SCOPE_SUFFIX = "/.default"


@dataclass(frozen=True)
class EntraSettings:
    """Everything needed to get a token; equal settings share one credential and one token cache."""

    scope: str
    credential: str
    """The credential kind actually used: never ``auto``."""
    reason: str
    """Why this credential was chosen, for error messages (e.g. "AZURE_FEDERATED_TOKEN_FILE is set")."""
    tenant_id: Optional[str] = None
    client_id: Optional[str] = None
    """AZURE_CLIENT_ID: the user-assigned managed identity, or the workload identity's app."""
    federated_token_file: Optional[str] = None
    device_code_client_id: str = AZURE_CLI_CLIENT_ID
    """The public client a device-code sign-in is made as (App Proxy: the stack's native client)."""

    def describe(self) -> str:
        """The three facts every token error names: scope, tenant and credential (and the public client it signs in as)."""
        tenant = self.tenant_id or "the credential's default"
        client = f", client '{self.device_code_client_id}'" if self.credential == DEVICE_CODE else ""
        return f"scope '{self.scope}', tenant '{tenant}', credential '{self.credential}'{client} ({self.reason})"


def is_app_proxy_scope(scope: str) -> bool:
    return scope.lower().startswith(APP_PROXY_SCOPE_PREFIX)


def read_settings(environ: Optional[Mapping[str, str]] = None) -> EntraSettings:
    """Builds :class:`EntraSettings` from ``environ`` (default: ``os.environ``)."""
    env = os.environ if environ is None else environ

    def value(name: str) -> Optional[str]:
        raw = env.get(name)
        return raw.strip() if raw is not None and raw.strip() else None

    scope = _read_scope(value(SCOPE_VARIABLE))
    tenant_id = value(TENANT_VARIABLE)
    client_id = value(CLIENT_ID_VARIABLE)
    token_file = value(FEDERATED_TOKEN_FILE_VARIABLE)
    public_client_id = value(DEVICE_CODE_CLIENT_ID_VARIABLE)
    app_proxy = is_app_proxy_scope(scope)
    credential, reason = _choose_credential(value(CREDENTIAL_VARIABLE), env_has=value, app_proxy=app_proxy)

    if credential == WORKLOAD_IDENTITY:
        missing = [
            name
            for name, present in (
                (TENANT_VARIABLE, tenant_id),
                (CLIENT_ID_VARIABLE, client_id),
                (FEDERATED_TOKEN_FILE_VARIABLE, token_file),
            )
            if not present
        ]
        if missing:
            raise EntraConfigError(
                f"{CREDENTIAL_VARIABLE}=workload-identity needs {', '.join(missing)}: set them as the Azure "
                "Workload Identity webhook does (AKS), or choose another credential"
            )
    if credential == DEVICE_CODE and app_proxy and not (tenant_id and public_client_id):
        # App Proxy documents bearer tokens from a registered public client only: the stack's native client, not
        # the Azure CLI's (public_client.py). MLflow's app is single-tenant, so the sign-in is in its tenant.
        missing = " and ".join(
            f"{name}=<the stack output {output}>"
            for name, output, present in (
                (DEVICE_CODE_CLIENT_ID_VARIABLE, "native_client_id", public_client_id),
                (TENANT_VARIABLE, "tenant_id", tenant_id),
            )
            if not present
        )
        raise EntraConfigError(
            f"{SCOPE_VARIABLE} is an App Proxy scope, whose sign-in is as the stack's public client ({reason}): "
            f"set {missing} (or {CREDENTIAL_VARIABLE}=azure-cli to use the Azure CLI, unverified for App Proxy)"
        )
    if credential == DEVICE_CODE and not tenant_id:
        # MLflow's app registration is single-tenant: a token from another directory (a guest's home
        # tenant, which the default 'organizations' authority would pick) is refused.
        raise EntraConfigError(
            f"{CREDENTIAL_VARIABLE}=device-code needs {TENANT_VARIABLE}: set it to the tenant id of the "
            "MLflow deployment (the stack output tenant_id)"
        )

    return EntraSettings(
        scope=scope,
        credential=credential,
        reason=reason,
        tenant_id=tenant_id,
        client_id=client_id,
        federated_token_file=token_file,
        device_code_client_id=public_client_id or AZURE_CLI_CLIENT_ID,
    )


def _read_scope(scope: Optional[str]) -> str:
    example = "api://<client-id>/.default (EasyAuth) or https://<external host>/.default (App Proxy)"
    if scope is None:
        raise EntraConfigError(
            f"{SCOPE_VARIABLE} is not set: export {SCOPE_VARIABLE}=<the stack output mlflow_entra_scope>, "
            f"e.g. {example}"
        )
    if any(c.isspace() for c in scope) or not scope.endswith(_SCOPE_SUFFIX) or scope == _SCOPE_SUFFIX:
        # Managed and workload identities can only ask for '<resource>/.default'; the Azure CLI turns it
        # into the resource. A bare identifier URI or a named scope would fail later with a vaguer error.
        raise EntraConfigError(
            f"{SCOPE_VARIABLE}: got '{scope}'; expected '<identifier URI>/.default', e.g. {example}"
            f"{_suggest_scope(scope)}"
        )
    return scope


def _suggest_scope(scope: str) -> str:
    if any(c.isspace() for c in scope) or "://" not in scope:
        return ""
    base = scope.rstrip("/")
    for named in ("/user_impersonation", _SCOPE_SUFFIX):
        if base.endswith(named):
            base = base[: -len(named)]
    return f" (did you mean '{base}{_SCOPE_SUFFIX}'?)" if base and "://" in base else ""


def _choose_credential(requested: Optional[str], env_has, app_proxy: bool) -> tuple[str, str]:
    kind = (requested or AUTO).lower()
    if kind not in CREDENTIAL_KINDS:
        close = difflib.get_close_matches(kind, CREDENTIAL_KINDS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise EntraConfigError(
            f"{CREDENTIAL_VARIABLE}: got '{requested}'; expected one of {', '.join(CREDENTIAL_KINDS)}{hint}"
        )
    if kind != AUTO:
        return kind, f"{CREDENTIAL_VARIABLE}={kind}"
    if app_proxy:
        # App Proxy accepts user tokens only ("This solution doesn't use application tokens"), from a registered
        # public client signed in with MSAL: the documented path (public_client.py), whatever the machine offers.
        return DEVICE_CODE, f"auto: {SCOPE_VARIABLE} is an App Proxy scope"
    # auto, EasyAuth: the same signals azure-identity itself keys on, most specific first.
    if env_has(FEDERATED_TOKEN_FILE_VARIABLE):
        return WORKLOAD_IDENTITY, f"auto: {FEDERATED_TOKEN_FILE_VARIABLE} is set"
    if env_has(IDENTITY_ENDPOINT_VARIABLE):
        return MANAGED_IDENTITY, f"auto: {IDENTITY_ENDPOINT_VARIABLE} is set"
    return AZURE_CLI, f"auto: neither {FEDERATED_TOKEN_FILE_VARIABLE} nor {IDENTITY_ENDPOINT_VARIABLE} is set"
