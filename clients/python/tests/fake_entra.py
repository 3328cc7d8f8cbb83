"""A stand-in for Microsoft Entra's v2.0 endpoints of one tenant, as a `requests` transport, so the real MSAL runs
against it with no network: OpenID discovery, instance discovery (the authority's aliases, which MSAL asks for when
it looks for cached accounts), the device authorization endpoint and the token endpoint (device code and refresh
token grants).

Response shapes are Entra's documented ones: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code
(device authorization response: device_code, user_code, verification_uri, expires_in, interval, message; token
response: token_type, scope, expires_in, access_token, refresh_token, id_token) and
https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc (discovery document). ``client_info`` is what
Entra returns when the client sends ``client_info=1``, as MSAL does: base64url JSON with ``uid`` and ``utid``.
"""

from __future__ import annotations

import base64
import io
import json
import time
from typing import Dict, List, Optional
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter

HOST = "https://login.microsoftonline.com"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class FakeEntra(BaseAdapter):
    def __init__(self, tenant: str, lifetime: int = 3600, device_code_error: Optional[str] = None) -> None:
        super().__init__()
        self.tenant = tenant
        self.lifetime = lifetime
        self.device_code_error = device_code_error
        self.token_requests: List[Dict[str, str]] = []
        self.device_code_requests: List[Dict[str, str]] = []
        self.issued = 0
        self.revoked_refresh_tokens: set = set()
        self.device_code_scope = ""

    def session(self) -> requests.Session:
        """A session MSAL can use as its http_client; anything not Entra's fails the test."""
        session = requests.Session()
        session.mount("https://", self)
        session.mount("http://", self)
        return session

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        base = f"/{self.tenant}"
        body = request.body.decode() if isinstance(request.body, bytes) else (request.body or "")
        form = {key: values[0] for key, values in parse_qs(body).items()}
        if (url.scheme, url.hostname, url.port or 443) != ("https", urlsplit(HOST).hostname, 443):
            raise AssertionError(f"MSAL called a host other than Entra's: {request.url}")
        if url.path == f"{base}/v2.0/.well-known/openid-configuration":
            return self._json(request, 200, self._discovery())
        if url.path == "/common/discovery/instance":  # MSAL looks up the authority's aliases for its cache
            return self._json(request, 200, self._instance_metadata())
        if url.path == f"{base}/oauth2/v2.0/devicecode":
            self.device_code_requests.append(form)
            self.device_code_scope = form.get("scope", "")
            if self.device_code_error:
                return self._json(request, 400, {"error": "invalid_client", "error_description": self.device_code_error})
            return self._json(
                request,
                200,
                {
                    "device_code": "device-code-1",
                    "user_code": "ABCD-EFGH",
                    "verification_uri": "https://microsoft.com/devicelogin",
                    "expires_in": 900,
                    "interval": 5,
                    "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin",
                },
            )
        if url.path == f"{base}/oauth2/v2.0/token":
            self.token_requests.append(form)
            if form.get("grant_type") == "refresh_token" and form.get("refresh_token") in self.revoked_refresh_tokens:
                return self._json(request, 400, {"error": "invalid_grant", "error_description": "AADSTS70008: expired"})
            return self._json(request, 200, self._tokens(form))
        raise AssertionError(f"unexpected call to Entra: {request.method} {request.url}")

    def close(self) -> None:
        pass

    def _discovery(self) -> dict:
        root = f"{HOST}/{self.tenant}"
        return {
            "issuer": f"{root}/v2.0",
            "authorization_endpoint": f"{root}/oauth2/v2.0/authorize",
            "token_endpoint": f"{root}/oauth2/v2.0/token",
            "device_authorization_endpoint": f"{root}/oauth2/v2.0/devicecode",
        }

    def _instance_metadata(self) -> dict:
        host = urlsplit(HOST).hostname
        return {
            "tenant_discovery_endpoint": f"{HOST}/{self.tenant}/v2.0/.well-known/openid-configuration",
            "api-version": "1.1",
            "metadata": [
                {
                    "preferred_network": host,
                    "preferred_cache": "login.windows.net",
                    "aliases": [host, "login.windows.net", "login.microsoft.com", "sts.windows.net"],
                }
            ],
        }

    def _tokens(self, form: Dict[str, str]) -> dict:
        self.issued += 1
        now = int(time.time())
        # The device code grant names no scope: the tokens are for what the device authorization asked.
        requested = form.get("scope", self.device_code_scope)
        claims = {
            "iss": f"{HOST}/{self.tenant}/v2.0",
            "aud": form.get("client_id"),
            "tid": self.tenant,
            "oid": "user-object-id",
            "sub": "subject",
            "preferred_username": "ada@contoso.example",
            "iat": now,
            "exp": now + 3600,
        }
        id_token = ".".join([_b64url(b'{"alg":"none"}'), _b64url(json.dumps(claims).encode()), ""])
        return {
            "token_type": "Bearer",
            "scope": " ".join(s for s in requested.split() if s not in ("openid", "profile", "offline_access")),
            "expires_in": self.lifetime,
            "access_token": f"access-token-{self.issued}",
            "refresh_token": f"refresh-token-{self.issued}",
            "id_token": id_token,
            "client_info": _b64url(json.dumps({"uid": "user-object-id", "utid": self.tenant}).encode()),
        }

    @staticmethod
    def _json(request, status: int, body: dict) -> requests.Response:
        response = requests.Response()
        response.status_code = status
        response.headers["Content-Type"] = "application/json"
        response.raw = io.BytesIO(json.dumps(body).encode())
        response.request = request
        response.url = request.url
        return response
