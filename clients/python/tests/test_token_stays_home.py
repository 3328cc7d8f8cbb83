"""The token goes to the tracking server's own origin (scheme, host, port) and nowhere else, never over plain http
except to loopback. Proven end to end: the auth object MLflow gets from the provider (MLFLOW_TRACKING_AUTH), on a real
`requests` session, against real HTTP servers on loopback (two ports of 127.0.0.1, or 127.0.0.1 and 127.0.0.2)."""

import sys
import types

import pytest

try:
    import requests
    from requests.adapters import BaseAdapter
except ImportError:
    pytest.skip("python3-requests is not installed (sudo apt-get install python3-requests)", allow_module_level=True)

from conftest import SCOPE
from fake_identity import identity_module
from local_servers import LocalServer

from mlflow_entra_auth import provider as provider_module
from mlflow_entra_auth.errors import EntraConfigError
from mlflow_entra_auth.provider import EntraRequestAuthProvider

API = "/api/2.0/mlflow/experiments/search"
TOKEN = "Bearer AzureCliCredential-token"  # what fake_identity's Azure CLI credential issues


@pytest.fixture(autouse=True)
def azure_identity(monkeypatch):
    """The plugin's default credential (Azure CLI) from a fake azure.identity, and a fresh provider state."""
    identity = identity_module()
    azure = types.ModuleType("azure")
    azure.__path__ = []
    azure.identity = identity
    monkeypatch.setitem(sys.modules, "azure", azure)
    monkeypatch.setitem(sys.modules, "azure.identity", identity)
    monkeypatch.setenv("MLFLOW_ENTRA_SCOPE", SCOPE)
    provider_module._reset_for_tests()
    yield identity
    provider_module._reset_for_tests()


def mlflow_request(url, **kwargs):
    """What mlflow/utils/rest_utils.py http_request does with MLFLOW_TRACKING_AUTH: get_auth() from the provider,
    then one `requests` call with it, redirects followed."""
    with requests.Session() as session:
        return session.get(url, auth=EntraRequestAuthProvider().get_auth(), timeout=5, **kwargs)


def outcome(call):
    """The response, or the exception raised: a test asserts on what the servers saw first, whatever happened."""
    try:
        return call()
    except Exception as error:  # noqa: BLE001 - returned for the test to assert on
        return error


@pytest.fixture
def servers(request, monkeypatch):
    """Starts servers on demand: serve(host, route); all stop when the test ends."""
    started = []

    def serve(host, route):
        try:
            server = LocalServer(host, route)
        except OSError as error:  # 127.0.0.2 exists on Linux, not on every system
            pytest.skip(f"cannot listen on {host}: {error}")
        started.append(server)
        return server

    yield serve
    for server in started:
        server.stop()


# The other server: another port of the same address, or another loopback address (Linux routes 127.0.0.0/8 to lo).
OTHER_HOSTS = ["127.0.0.1", "127.0.0.2"]


def tracking_server(serve, monkeypatch, other):
    """MLflow at http://127.0.0.1:<port> (MLFLOW_TRACKING_URI): /api redirects once to itself, then to `other`."""

    def route(path, server):
        if path == API:
            return 302, {"Location": f"{server.url}{API}?page=2"}
        return 302, {"Location": f"{other.url}/elsewhere"}

    tracking = serve("127.0.0.1", route)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", tracking.url + "/")
    return tracking


@pytest.mark.parametrize("other_host", OTHER_HOSTS)
def test_a_redirect_to_another_host_that_answers_401_is_not_retried_with_a_token(servers, monkeypatch, other_host):
    other = servers(other_host, lambda path, server: (401, {"WWW-Authenticate": 'Bearer realm="other"'}))
    tracking = tracking_server(servers, monkeypatch, other)

    response = outcome(lambda: mlflow_request(tracking.url + API))

    assert tracking.authorizations == [TOKEN, TOKEN]  # a redirect within the tracking server keeps the token
    assert other.authorizations == [None]  # requests strips it across origins; the plugin must not add it back
    assert response.status_code == 401  # the other host's answer, as it is: not an Entra error about MLflow


@pytest.mark.parametrize("other_host", OTHER_HOSTS)
def test_a_redirect_to_another_host_that_redirects_to_sign_in_is_not_retried_with_a_token(servers, monkeypatch, other_host):
    def sign_in_elsewhere(path, server):
        if path.startswith("/.auth/login/"):
            return 200, {}
        return 302, {"Location": "/.auth/login/aad?post_login_redirect_uri=%2Felsewhere"}

    other = servers(other_host, sign_in_elsewhere)
    tracking = tracking_server(servers, monkeypatch, other)

    response = outcome(lambda: mlflow_request(tracking.url + API))

    assert other.authorizations == [None, None]
    assert [path for path, _ in other.requests] == ["/elsewhere", "/.auth/login/aad?post_login_redirect_uri=%2Felsewhere"]
    assert response.status_code == 200


@pytest.mark.parametrize("other_host", OTHER_HOSTS)
def test_a_request_for_another_origin_is_refused_before_anything_is_sent(servers, monkeypatch, other_host):
    # MLflow sends requests to hosts other than the tracking server's when an artifact URI names one
    # (mlflow-artifacts://<host>:<port>/...: mlflow/store/artifact/mlflow_artifacts_repo.py resolve_uri), and an
    # experiment's artifact location is chosen by whoever creates the experiment.
    tracking = servers("127.0.0.1", lambda path, server: (200, {}))
    other = servers(other_host, lambda path, server: (200, {}))
    monkeypatch.setenv("MLFLOW_TRACKING_URI", tracking.url)

    with pytest.raises(EntraConfigError) as error:
        mlflow_request(f"{other.url}/api/2.0/mlflow-artifacts/artifacts/model.pkl")

    assert other.requests == [] and tracking.requests == []
    message = str(error.value)
    assert f"to {other.url}" in message and f"only to the tracking server {tracking.url}" in message
    assert "\n" not in message


class RecordingAdapter(BaseAdapter):
    """A transport that records what would have been sent and sends nothing."""

    def __init__(self):
        super().__init__()
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append((request.url, request.headers.get("Authorization")))
        response = requests.Response()
        response.status_code = 200
        response.request = request
        return response

    def close(self):
        pass


@pytest.mark.parametrize(
    "tracking_uri",
    [
        "http://mlflow.contoso.example/",
        "http://10.0.0.5:5000/",  # the App Proxy VM's internal URL shape: private, but not loopback
        "http://127.0.0.1.nip.io/",  # a name that may resolve to loopback is still a name
    ],
)
def test_an_http_tracking_uri_to_a_host_other_than_loopback_is_refused_before_sending(monkeypatch, tracking_uri):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", tracking_uri)
    adapter = RecordingAdapter()
    session = requests.Session()
    session.mount("http://", adapter)

    with pytest.raises(EntraConfigError) as error:
        session.get(f"{tracking_uri}api/2.0/mlflow/experiments/search", auth=EntraRequestAuthProvider().get_auth())

    assert adapter.sent == []
    message = str(error.value)
    assert message.startswith(f"MLFLOW_TRACKING_URI: got '{tracking_uri}'")
    assert f"use the https tracking URI, e.g. MLFLOW_TRACKING_URI=https://{tracking_uri[len('http://'):]}" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("tracking_uri", "url"),
    [
        ("https://MLflow.Contoso.example:443/", "https://mlflow.contoso.example/api/2.0/mlflow/runs/get"),
        ("https://mlflow.contoso.example", "https://MLFLOW.contoso.example:443/api/2.0/mlflow/runs/get"),
        ("http://localhost:5000", "http://LOCALHOST:5000/api/2.0/mlflow/runs/get"),
        ("http://[::1]:5000/", "http://[::1]:5000/api/2.0/mlflow/runs/get"),
        ("http://127.10.0.1/", "http://127.10.0.1:80/api/2.0/mlflow/runs/get"),
    ],
)
def test_the_same_origin_is_recognised_whatever_the_host_case_and_default_port(monkeypatch, tracking_uri, url):
    # Passes before and after the fix: it guards against refusing the tracking server itself.
    monkeypatch.setenv("MLFLOW_TRACKING_URI", tracking_uri)
    adapter = RecordingAdapter()
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.get(url, auth=EntraRequestAuthProvider().get_auth())
    assert [authorization for _, authorization in adapter.sent] == [TOKEN]


@pytest.mark.parametrize(
    ("tracking_uri", "url"),
    [
        ("https://mlflow.contoso.example/", "https://mlflow.contoso.example:8443/api/2.0/mlflow/runs/get"),
        ("https://mlflow.contoso.example/", "http://mlflow.contoso.example/api/2.0/mlflow/runs/get"),
        ("https://mlflow.contoso.example/", "https://mlflow.contoso.example.evil.example/api/2.0/mlflow/runs/get"),
        ("http://127.0.0.1:5000/", "http://127.0.0.1:5001/api/2.0/mlflow/runs/get"),
    ],
)
def test_another_port_scheme_or_host_is_another_origin(monkeypatch, tracking_uri, url):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", tracking_uri)
    adapter = RecordingAdapter()
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    with pytest.raises(EntraConfigError, match="only to the tracking server"):
        session.get(url, auth=EntraRequestAuthProvider().get_auth())
    assert adapter.sent == []


def test_without_a_tracking_uri_there_is_nowhere_the_token_may_go(monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    with pytest.raises(EntraConfigError) as error:
        EntraRequestAuthProvider().get_auth()
    assert str(error.value).startswith("MLFLOW_TRACKING_URI is not set")
    assert "tracking_uri output" in str(error.value)
