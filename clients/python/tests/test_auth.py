"""The auth object on real `requests` sessions (a scripted transport, no network): the header it sends,
token rotation when MLflow keeps one auth object, and what a refused token (401, sign-in redirect) does."""

import io

import pytest

try:
    import requests
    from requests.adapters import BaseAdapter
except ImportError:
    pytest.skip("python3-requests is not installed (sudo apt-get install python3-requests)", allow_module_level=True)

from conftest import SCOPE, TENANT, TRACKING_URI
from fake_identity import Clock, FakeCredential, factory_for

from mlflow_entra_auth.auth import EntraBearerAuth
from mlflow_entra_auth.errors import EntraTokenError
from mlflow_entra_auth.origin import tracking_origin
from mlflow_entra_auth.settings import read_settings
from mlflow_entra_auth.token_source import EntraTokenSource

URL = f"{TRACKING_URI}api/2.0/mlflow/experiments/search"


class ScriptedAdapter(BaseAdapter):
    """Answers each request with the next (status, headers) of the script; records what was sent."""

    def __init__(self, script):
        super().__init__()
        self.script = list(script)
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append(request.headers.get("Authorization"))
        status, headers = self.script.pop(0) if self.script else (200, {})
        response = requests.Response()
        response.status_code = status
        response.headers.update(headers)
        response.raw = io.BytesIO(b"{}")
        response.request = request
        response.url = request.url
        response.connection = self
        return response

    def close(self):
        pass


def session_with(script):
    adapter = ScriptedAdapter(script)
    session = requests.Session()
    session.mount("https://", adapter)
    return session, adapter


def auth_with(credential, **env):
    settings = read_settings({"MLFLOW_ENTRA_SCOPE": SCOPE, "AZURE_TENANT_ID": TENANT, **env})
    tokens = EntraTokenSource(settings, credential_factory=factory_for(credential), clock=credential.clock)
    return EntraBearerAuth(tokens, tracking_origin(TRACKING_URI))


def test_every_request_carries_the_cached_token_as_a_bearer_header():
    credential = FakeCredential(Clock())
    session, adapter = session_with([])
    auth = auth_with(credential)
    for _ in range(3):
        assert session.get(URL, auth=auth).status_code == 200
    assert adapter.sent == ["Bearer token-1"] * 3


def test_the_plugin_overwrites_a_stale_exported_mlflow_tracking_token():
    # mlflow/utils/rest_utils.py sets headers["Authorization"] from MLFLOW_TRACKING_TOKEN, then passes auth=.
    session, adapter = session_with([])
    session.get(URL, headers={"Authorization": "Bearer expired-exported-token"}, auth=auth_with(FakeCredential(Clock())))
    assert adapter.sent == ["Bearer token-1"]


def test_one_auth_object_kept_for_hours_always_sends_a_token_with_five_minutes_left():
    clock = Clock()
    credential = FakeCredential(clock, lifetime=3600)
    session, adapter = session_with([])
    auth = auth_with(credential)  # as if MLflow called get_auth() once and kept the result
    issued = {}
    for _ in range(4 * 60):  # a request a minute for four hours
        session.get(URL, auth=auth)
        token = adapter.sent[-1]
        issued.setdefault(token, clock())
        assert clock() - issued[token] <= 3600 - 300
        clock.advance(60)
    assert len(issued) == 5


def test_a_401_drops_the_token_and_retries_once_with_a_fresh_one():
    credential = FakeCredential(Clock())
    session, adapter = session_with([(401, {}), (200, {})])
    auth = auth_with(credential)
    response = session.get(URL, auth=auth)
    assert response.status_code == 200
    assert adapter.sent == ["Bearer token-1", "Bearer token-2"]
    assert [r.status_code for r in response.history] == [401]
    session.get(URL, auth=auth)
    assert adapter.sent[-1] == "Bearer token-2"


def test_a_second_401_raises_one_error_naming_server_scope_tenant_and_credential():
    session, adapter = session_with([(401, {"WWW-Authenticate": 'Bearer realm="app"'}), (401, {})])
    with pytest.raises(EntraTokenError) as error:
        session.get(URL, auth=auth_with(FakeCredential(Clock())))
    message = str(error.value)
    assert message.startswith(
        "MLflow at https://app-mlflow-dev-abc123.azurewebsites.net refused the Entra token (HTTP 401): "
        f"scope '{SCOPE}', tenant '{TENANT}', credential 'azure-cli'"
    )
    assert "mlflow_entra_scope output" in message
    assert len(adapter.sent) == 2


def test_the_first_401_names_the_servers_challenge_when_it_cannot_be_retried():
    # A streamed body (an artifact upload) cannot be sent twice: no retry, the error at once.
    session, adapter = session_with([(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'})])
    with pytest.raises(EntraTokenError, match=r'HTTP 401\), WWW-Authenticate: Bearer error="invalid_token"'):
        session.put(URL, data=io.BytesIO(b"artifact bytes"), auth=auth_with(FakeCredential(Clock())))
    assert len(adapter.sent) == 1


def test_a_401_from_a_transport_that_cannot_resend_raises_at_once():
    class OneShotAdapter(ScriptedAdapter):
        def send(self, request, **kwargs):
            response = super().send(request, **kwargs)
            response.connection = None
            return response

    adapter = OneShotAdapter([(401, {})])
    session = requests.Session()
    session.mount("https://", adapter)
    with pytest.raises(EntraTokenError, match=r"refused the Entra token \(HTTP 401\)"):
        session.get(URL, auth=auth_with(FakeCredential(Clock())))
    assert len(adapter.sent) == 1


@pytest.mark.parametrize(
    "location",
    [
        "https://login.microsoftonline.com/aaaa/oauth2/v2.0/authorize?client_id=x",
        "/.auth/login/aad?post_login_redirect_uri=%2Fapi",
    ],
)
def test_a_redirect_to_sign_in_is_a_refused_token_too(location):
    session, adapter = session_with([(302, {"Location": location}), (302, {"Location": location})])
    with pytest.raises(EntraTokenError, match=r"redirected to sign-in \(HTTP 302\) instead of accepting the Entra token"):
        session.get(URL, auth=auth_with(FakeCredential(Clock())))
    assert len(adapter.sent) == 2


def test_an_ordinary_redirect_is_followed_with_a_token():
    session, adapter = session_with([(307, {"Location": URL + "?page=2"}), (200, {})])
    assert session.get(URL, auth=auth_with(FakeCredential(Clock()))).status_code == 200
    assert len(adapter.sent) == 2


def test_a_failed_token_request_surfaces_from_the_request_as_the_clear_error():
    session, adapter = session_with([])
    with pytest.raises(EntraTokenError, match=r"^Could not get a Microsoft Entra token for MLflow \(AADSTS50105"):
        session.get(URL, auth=auth_with(FakeCredential(Clock(), error=RuntimeError("AADSTS50105: not assigned"))))
    assert adapter.sent == []
