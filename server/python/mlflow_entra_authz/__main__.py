"""``python -m mlflow_entra_authz write-config <path>``: the start script's one call before ``mlflow server``.

Exit status 0 with one line on stdout, or 2 with one line on stderr naming the setting to fix.
"""

from __future__ import annotations

import sys
from typing import List, Optional

from . import auth_config
from .settings import SettingsError, read_settings

USAGE = "usage: python -m mlflow_entra_authz write-config <path of the auth config file>"


def main(argv: Optional[List[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "write-config":
        print(USAGE, file=sys.stderr)
        return 2
    try:
        auth_config.write(args[1])
        settings = read_settings()
    except (SettingsError, OSError) as error:
        print(f"mlflow-entra-authz: {error}", file=sys.stderr)
        return 2
    print(
        f"mlflow-entra-authz: wrote {args[1]} (tenant {settings.tenant_id}, audience {settings.client_id}, "
        f"admin role {settings.admin_role})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
