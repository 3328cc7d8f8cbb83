"""The identity App Service Authentication (EasyAuth) hands the container: the ``X-MS-CLIENT-PRINCIPAL`` header.

Format (https://learn.microsoft.com/azure/app-service/configure-authentication-user-identities, "Decode the
client principal header"): Base64-encoded JSON ``{"auth_typ", "claims": [{"typ", "val"}], "name_typ",
"role_typ"}``. The claims are those of the incoming token, "whether from an authenticated end user or a
client application", after a default claims mapping (so ``tid`` may arrive as
``http://schemas.microsoft.com/identity/claims/tenantid``: see identity.py). "External requests aren't allowed
to set these headers, so they're present only if set by App Service."

This module only parses. Whether the principal may use MLflow is identity.py's decision.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional, Tuple

HEADER = "X-MS-CLIENT-PRINCIPAL"

# A header larger than this is not one App Service wrote; refuse it before decoding anything.
MAX_HEADER_CHARACTERS = 64 * 1024
# Base64 (standard or URL-safe alphabet) with optional padding. A comma is how a WSGI server joins a header
# that arrived more than once (starlette/middleware/wsgi.py build_environ, used by MLflow's FastAPI app;
# werkzeug's test client joins with ", "), so it is detected separately as "duplicated".
_BASE64 = re.compile(r"^[A-Za-z0-9+/_-]+={0,2}$")


class Refusal(Exception):
    """The request carries no usable identity. ``status`` is 401 or 403; ``reason`` is one line that is safe to
    send to the caller (it never echoes header content); ``detail`` is for the server log only."""

    def __init__(self, status: int, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ClientPrincipal:
    auth_typ: str
    name_typ: str
    role_typ: str
    claims: Tuple[Tuple[str, str], ...]
    """(typ, val) pairs in header order; a multi-valued claim (``roles``) appears once per value."""

    def values(self, types: Iterable[str]) -> Tuple[str, ...]:
        """Every value of any of ``types`` (compared case-insensitively), in header order."""
        wanted = {claim_type.lower() for claim_type in types if claim_type}
        return tuple(value for claim_type, value in self.claims if claim_type.lower() in wanted)

    def claim_types(self) -> Tuple[str, ...]:
        """The distinct claim types present, for log lines (never the values)."""
        return tuple(sorted({claim_type for claim_type, _ in self.claims}))


def read_header(headers: Mapping[str, str]) -> str:
    """The one ``X-MS-CLIENT-PRINCIPAL`` value; refuses a missing, duplicated or oversized header.

    ``headers`` is Flask's ``request.headers`` (case-insensitive). ``getlist`` sees repeats that a server kept
    apart; a server that joined them leaves a comma, which Base64 never contains.
    """
    getlist = getattr(headers, "getlist", None)
    values = list(getlist(HEADER)) if getlist is not None else [v for v in [headers.get(HEADER)] if v is not None]
    values = [value.strip() for value in values]
    if not values or not any(values):
        raise Refusal(401, "No signed-in identity reached MLflow: sign in through the MLflow URL.")
    if len(values) > 1 or "," in values[0]:
        raise Refusal(403, "The identity header arrived more than once; the request was refused.", "duplicated header")
    if len(values[0]) > MAX_HEADER_CHARACTERS:
        raise Refusal(403, "The identity header is malformed; the request was refused.", "oversized header")
    return values[0]


def decode(raw: str) -> ClientPrincipal:
    """Parses one header value; a value App Service could not have written is refused with 403."""
    if not _BASE64.match(raw):
        raise _malformed("not Base64")
    try:
        padded = raw + "=" * (-len(raw) % 4)
        data = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
        document = json.loads(data.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise _malformed(f"not Base64-encoded UTF-8 JSON ({type(error).__name__})") from None
    if not isinstance(document, dict):
        raise _malformed("not a JSON object")
    claims = document.get("claims")
    if not isinstance(claims, list):
        raise _malformed("no 'claims' array")
    pairs = []
    for claim in claims:
        claim_type = claim.get("typ") if isinstance(claim, dict) else None
        claim_value = claim.get("val") if isinstance(claim, dict) else None
        if not isinstance(claim_type, str) or not isinstance(claim_value, str):
            raise _malformed("a claim without string 'typ' and 'val'")
        pairs.append((claim_type, claim_value))
    return ClientPrincipal(
        auth_typ=_text(document, "auth_typ"),
        name_typ=_text(document, "name_typ"),
        role_typ=_text(document, "role_typ"),
        claims=tuple(pairs),
    )


def _text(document: dict, key: str) -> str:
    value: Optional[object] = document.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _malformed(f"'{key}' is not a string")
    return value


def _malformed(detail: str) -> Refusal:
    return Refusal(403, "The identity header is malformed; the request was refused.", detail)
