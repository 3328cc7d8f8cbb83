"""From the principal App Service verified to the MLflow user it acts as.

Claims read (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference):
- ``tid``: the tenant; must be ours. ``aud``: the MLflow app (v2 tokens: its client id; v1: the identifier URI).
- ``idtyp``: ``app`` for app-only tokens, ``user`` otherwise; an optional claim, so it may be absent.
- ``upn`` / ``preferred_username``: the person's sign-in name. ``azp`` (v2) / ``appid`` (v1): the client app.
- ``scp``: delegated scopes, only in tokens issued for a user. ``roles``: app roles of the user or application.

App Service maps some claim types to long URIs before it writes the header ("default claims mapping", Learn
page above); the mapping it follows is .NET's JwtSecurityTokenHandler inbound map
(AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet,
src/System.IdentityModel.Tokens.Jwt/ClaimTypeMapping.cs): ``tid``, ``oid``, ``scp``, ``upn`` and ``roles`` have
long forms; ``aud``, ``azp``, ``appid``, ``idtyp`` and ``preferred_username`` do not. Both forms are accepted,
and so is the principal's own ``role_typ``. Which forms a real tenant sends is for the deployment test in
docs/permissions.md to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

from .principal import ClientPrincipal, Refusal
from .settings import GUID_PATTERN, Settings

TENANT_CLAIMS = ("tid", "http://schemas.microsoft.com/identity/claims/tenantid")
OBJECT_ID_CLAIMS = ("oid", "http://schemas.microsoft.com/identity/claims/objectidentifier")
SCOPE_CLAIMS = ("scp", "http://schemas.microsoft.com/identity/claims/scope")
UPN_CLAIMS = ("upn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn")
PREFERRED_USERNAME_CLAIMS = ("preferred_username",)
AUDIENCE_CLAIMS = ("aud",)
CLIENT_APP_CLAIMS = ("azp", "appid")
TOKEN_KIND_CLAIMS = ("idtyp",)
ROLE_CLAIMS = ("roles", "role", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role")

# App Service's name for the Microsoft Entra provider (auth_typ, and X-MS-CLIENT-PRINCIPAL-IDP).
ENTRA_PROVIDER = "aad"
# App-only callers become "app:<application id>": no UPN can look like that (a UPN has an '@'), so a person
# and an application never share an MLflow user. See docs/permissions.md, "Who is who in MLflow".
APPLICATION_USERNAME_PREFIX = "app:"
# MLflow's users.username column (mlflow/server/auth/db/models.py: String(255)).
MAX_USERNAME_LENGTH = 255

PERSON = "person"
APPLICATION = "application"


@dataclass(frozen=True)
class Identity:
    username: str
    """The MLflow user name: the lowercase UPN (or preferred_username) for people, ``app:<client id>`` for apps."""
    is_admin: bool
    """Whether the caller holds the admin app role in this token."""
    kind: str
    """``person`` or ``application``."""


def identify(principal: ClientPrincipal, settings: Settings) -> Identity:
    """The MLflow user this principal acts as; refuses (403) anything that is not our tenant's caller of MLflow."""
    if principal.auth_typ.lower() != ENTRA_PROVIDER:
        raise _forbidden("The identity was not issued by Microsoft Entra ID.", f"auth_typ {principal.auth_typ!r}")
    tenants = {value.lower() for value in principal.values(TENANT_CLAIMS)}
    if tenants != {settings.tenant_id}:
        raise _forbidden("The identity belongs to another directory (tenant).", f"tid {sorted(tenants)}")
    audiences = {value.lower() for value in principal.values(AUDIENCE_CLAIMS)}
    if not audiences or not audiences <= settings.audiences:
        raise _forbidden("The identity was issued for another application.", f"aud {sorted(audiences)}")

    roles = _roles(principal)
    is_admin = settings.admin_role in roles
    kind = _kind(principal)
    if kind == APPLICATION:
        client_ids = {value.lower() for value in principal.values(CLIENT_APP_CLAIMS)}
        if len(client_ids) != 1 or not GUID_PATTERN.match(next(iter(client_ids))):
            raise _forbidden("The application's identity carries no single application id.", "azp/appid")
        return Identity(f"{APPLICATION_USERNAME_PREFIX}{next(iter(client_ids))}", is_admin, APPLICATION)
    return Identity(_person_username(principal), is_admin, PERSON)


def _kind(principal: ClientPrincipal) -> str:
    token_kinds = {value.lower() for value in principal.values(TOKEN_KIND_CLAIMS)}
    if token_kinds == {"app"}:
        return APPLICATION
    if token_kinds == {"user"}:
        return PERSON
    if token_kinds:
        raise _forbidden("The identity's token type is not recognized.", f"idtyp {sorted(token_kinds)}")
    # Without idtyp (an optional claim): a person's token names them, and a delegated token has scopes.
    if principal.values(UPN_CLAIMS + PREFERRED_USERNAME_CLAIMS):
        return PERSON
    if not principal.values(SCOPE_CLAIMS) and principal.values(CLIENT_APP_CLAIMS):
        return APPLICATION
    raise _forbidden("The identity names neither a person nor an application.", "no upn, preferred_username or azp")


def _person_username(principal: ClientPrincipal) -> str:
    # Entra compares UPNs case-insensitively; MLflow compares usernames exactly. Lowercase, so one person is one user.
    for claim_types in (UPN_CLAIMS, PREFERRED_USERNAME_CLAIMS):
        names = {value.strip().lower() for value in principal.values(claim_types) if value.strip()}
        if len(names) > 1:
            raise _forbidden("The identity carries more than one user name.", f"{claim_types[0]} repeated")
        if names:
            name = next(iter(names))
            if "@" not in name or len(name) > MAX_USERNAME_LENGTH or any(_unsafe(c) for c in name):
                raise _forbidden("The identity's user name is not a sign-in name.", f"{claim_types[0]} rejected")
            return name
    raise _forbidden("The identity carries no user name (upn or preferred_username).", "no user name")


def _roles(principal: ClientPrincipal) -> Tuple[str, ...]:
    role_types = ROLE_CLAIMS + ((principal.role_typ,) if principal.role_typ else ())
    return tuple(value.strip() for value in principal.values(role_types))


def _unsafe(character: str) -> bool:
    return character.isspace() or not character.isprintable()


def _forbidden(reason: str, detail: str) -> Refusal:
    return Refusal(403, reason, detail)
