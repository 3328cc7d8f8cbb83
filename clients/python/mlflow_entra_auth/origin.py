"""The tracking server's origin (scheme, host, port): the only place the plugin's token may go.

An origin is compared after normalising what URLs may spell differently for the same server: the scheme and host
name are lower-cased and a missing port is the scheme's default (RFC 6454 section 4, "Origin of a URI"). Anything
else, another port included, is another origin, as it is for `requests`, which strips the Authorization header on
redirects that change the host, or the port or scheme other than http to https on default ports (requests 2.28.1,
Debian bookworm's python3-requests, requests/sessions.py ``SessionRedirectMixin.should_strip_auth`` and
``rebuild_auth``).

Plain http is refused except to loopback (127.0.0.0/8, ::1, localhost), where a local MLflow is tested: anywhere
else a bearer token in clear can be read and replayed by whoever sees the traffic (RFC 6750 section 5.3, "Always use
TLS (https)"). App Service would redirect http to https, but only after the token has been sent.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlsplit

from .errors import EntraConfigError

TRACKING_URI_VARIABLE = "MLFLOW_TRACKING_URI"
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Origin:
    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = "" if DEFAULT_PORTS[self.scheme] == self.port else f":{self.port}"
        return f"{self.scheme}://{host}{port}"


def origin_of(url: Optional[str]) -> Optional[Origin]:
    """The origin of an http(s) URL; None for anything else (another scheme, no host, a port that is not a number)."""
    parts = urlsplit(url or "")
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    return Origin(scheme, parts.hostname.lower(), DEFAULT_PORTS[scheme] if port is None else port)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def tracking_origin(uri: Optional[str]) -> Origin:
    """The origin of the tracking URI, refused (one line: the value and the fix) unless https, or http to loopback."""
    if not uri or not uri.strip():
        raise EntraConfigError(
            f"{TRACKING_URI_VARIABLE} is not set: the plugin sends its token only to the tracking server, so export "
            f"{TRACKING_URI_VARIABLE}=<the stack's tracking_uri output>, e.g. https://mlflow.contoso.com/"
        )
    uri = uri.strip()
    origin = origin_of(uri)
    if origin is None:
        raise EntraConfigError(
            f"{TRACKING_URI_VARIABLE}: got '{uri}'; the plugin sends its token only to an https tracking server: "
            f"export {TRACKING_URI_VARIABLE}=<the stack's tracking_uri output>, e.g. https://mlflow.contoso.com/"
        )
    if origin.scheme == "http" and not is_loopback(origin.host):
        https = f"{Origin('https', origin.host, 443 if origin.port == 80 else origin.port)}{urlsplit(uri).path or '/'}"
        raise EntraConfigError(
            f"{TRACKING_URI_VARIABLE}: got '{uri}'; the Entra token is never sent over plain http (only to loopback, "
            f"for local tests): use the https tracking URI, e.g. {TRACKING_URI_VARIABLE}={https}"
        )
    return origin
