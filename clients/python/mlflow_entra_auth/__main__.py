"""``python3 -m mlflow_entra_auth token``: one MLflow access token on stdout, for
``export MLFLOW_TRACKING_TOKEN=$(python3 -m mlflow_entra_auth token ...)`` (the App Proxy stack's ``token_command``).

It reads the plugin's settings (README.md), each of which an option overrides, and gets the token the plugin would:
in App Proxy mode a device-code sign-in as the stack's public client, then silently from the token cache on disk.
stdout carries the token and nothing else; a sign-in prompt or an error goes to stderr (an error is one line, exit 1).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Callable, List, Mapping, Optional

from .credentials import build_credential
from .errors import EntraAuthError
from .settings import CREDENTIAL_VARIABLE, DEVICE_CODE_CLIENT_ID_VARIABLE, SCOPE_VARIABLE, TENANT_VARIABLE, read_settings
from .token_source import EntraTokenSource

PROG = "python3 -m mlflow_entra_auth"
# option -> the setting it overrides
OPTIONS = {
    "scope": SCOPE_VARIABLE,
    "client_id": DEVICE_CODE_CLIENT_ID_VARIABLE,
    "tenant": TENANT_VARIABLE,
    "credential": CREDENTIAL_VARIABLE,
}


def main(
    argv: Optional[List[str]] = None,
    environ: Optional[Mapping[str, str]] = None,
    credential_factory: Optional[Callable[[Any], Any]] = None,
) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description="Microsoft Entra tokens for MLflow (mlflow-entra-auth).")
    commands = parser.add_subparsers(dest="command", required=True)
    token = commands.add_parser("token", help="print an access token for MLflow on stdout")
    token.add_argument("--scope", help=f"{SCOPE_VARIABLE}: the stack output mlflow_entra_scope")
    token.add_argument("--client-id", help=f"{DEVICE_CODE_CLIENT_ID_VARIABLE}: the public client (native_client_id)")
    token.add_argument("--tenant", help=f"{TENANT_VARIABLE}: the tenant of the MLflow deployment (tenant_id)")
    token.add_argument("--credential", help=f"{CREDENTIAL_VARIABLE}: auto (default), device-code, azure-cli, ...")
    args = parser.parse_args(argv)

    env = dict(os.environ if environ is None else environ)
    for option, variable in OPTIONS.items():
        value = getattr(args, option)
        if value is not None:
            env[variable] = value
    try:
        settings = read_settings(env)
        tokens = EntraTokenSource(settings, credential_factory or build_credential)
        access_token = tokens.token()
    except EntraAuthError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    print(access_token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
