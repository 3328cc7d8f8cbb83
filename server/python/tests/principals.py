"""Fixture principals: ``X-MS-CLIENT-PRINCIPAL`` values shaped like the ones App Service writes.

Shape from Learn (configure-authentication-user-identities, "Decode the client principal header"); claim types as
a decoded header shows them (MaximRouiller/MaximeRouiller.Azure.AppService.EasyAuth#4: ``aud``, ``iss``,
``preferred_username`` and ``roles`` as is, ``oid`` as ``.../identity/claims/objectidentifier``), long forms per
.NET's inbound claim map (ClaimTypeMapping.cs). Which forms a real tenant sends is for the deployment test in
docs/permissions.md to confirm; identity.py accepts both.
"""

from __future__ import annotations

import base64
import json
from typing import Iterable, List, Optional, Sequence, Tuple

TENANT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
OTHER_TENANT = "99999999-8888-7777-6666-555555555555"
CLIENT_ID = "11111111-2222-3333-4444-555555555555"
OTHER_APP = "22222222-3333-4444-5555-666666666666"
AUTOMATION_APP = "33333333-4444-5555-6666-777777777777"
ADMIN_ROLE = "MLflow.Admin"

NAME_TYP = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"
ROLE_TYP = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"
TENANT_LONG = "http://schemas.microsoft.com/identity/claims/tenantid"
OID_LONG = "http://schemas.microsoft.com/identity/claims/objectidentifier"
UPN_LONG = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"
SCOPE_LONG = "http://schemas.microsoft.com/identity/claims/scope"

Claims = Sequence[Tuple[str, str]]


def encode(claims: Claims, auth_typ: str = "aad", role_typ: str = ROLE_TYP, name_typ: str = NAME_TYP) -> str:
    document = {
        "auth_typ": auth_typ,
        "claims": [{"typ": claim_type, "val": value} for claim_type, value in claims],
        "name_typ": name_typ,
        "role_typ": role_typ,
    }
    return base64.b64encode(json.dumps(document).encode("utf-8")).decode("ascii")


def person(
    name: str = "Alice.Smith@Contoso.com",
    roles: Iterable[str] = ("User",),
    tenant: str = TENANT,
    audience: str = CLIENT_ID,
    issued_at: int = 1_767_000_000,
    extra: Optional[List[Tuple[str, str]]] = None,
) -> List[Tuple[str, str]]:
    """A browser sign-in (v2 ID token): preferred_username, no scp, no idtyp."""
    claims = [
        ("aud", audience),
        ("iss", f"https://login.microsoftonline.com/{tenant}/v2.0"),
        ("iat", str(issued_at)),
        ("exp", str(issued_at + 3600)),
        ("name", "Alice Smith"),
        (OID_LONG, "0c1d2e3f-0000-4000-8000-000000000001"),
        ("preferred_username", name),
        (TENANT_LONG, tenant),
    ]
    claims += [("roles", role) for role in roles]
    return claims + (extra or [])


def person_bearer(name: str = "bob@contoso.com", roles: Iterable[str] = ("User",)) -> List[Tuple[str, str]]:
    """A script's delegated v1-style access token: upn (long form), scp, appid of the Azure CLI, idtyp=user."""
    claims = [
        ("aud", f"api://{CLIENT_ID}"),
        ("appid", "04b07795-8ddb-461a-bbee-02f9e1bf7b46"),
        ("idtyp", "user"),
        (SCOPE_LONG, "user_impersonation"),
        (TENANT_LONG, TENANT),
        (UPN_LONG, name),
        (OID_LONG, "0c1d2e3f-0000-4000-8000-000000000002"),
    ]
    return claims + [(ROLE_TYP, role) for role in roles]


def application(
    client_id: str = AUTOMATION_APP, roles: Iterable[str] = ("Application",), idtyp: Optional[str] = "app"
) -> List[Tuple[str, str]]:
    """An app-only (client credentials / managed identity) v2 access token: azp, roles, no scp, no user name."""
    claims = [
        ("aud", CLIENT_ID),
        ("azp", client_id),
        ("tid", TENANT),
        ("oid", "0c1d2e3f-0000-4000-8000-0000000000aa"),
        ("sub", "0c1d2e3f-0000-4000-8000-0000000000aa"),
    ]
    if idtyp is not None:
        claims.append(("idtyp", idtyp))
    return claims + [("roles", role) for role in roles]


PERSON = encode(person())
ADMIN = encode(person(roles=("User", ADMIN_ROLE)))
# The same person signed in again after the MLflow.Admin assignment (or their group's) was removed.
ADMIN_REMOVED = encode(person(roles=("User",), issued_at=1_767_003_600))
APP_ONLY = encode(application())
FORGED_TENANT = encode(person(tenant=OTHER_TENANT))
FORGED_AUDIENCE = encode(person(audience=OTHER_APP))
