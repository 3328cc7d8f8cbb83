"""The authorization function as MLflow calls it: users created on first sight, admin both ways, refusals
without a Basic challenge, and cheap on repeated calls within a request and across requests."""

import pytest
from flask import Flask, Response
from werkzeug.datastructures import Authorization

import fake_mlflow
import principals
from mlflow_entra_authz import authorization as authorize_module
from mlflow_entra_authz.authorization import G_ATTRIBUTE, EntraAuthorizer, authorize
from mlflow_entra_authz.principal import HEADER
from mlflow_entra_authz.settings import SettingsError, read_settings

app = Flask(__name__)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def store():
    return fake_mlflow.FakeAuthStore()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def authorizer(environment, store, clock):
    return EntraAuthorizer(read_settings(), lambda: store, clock)


def call(authorizer, store, header=None, headers=None):
    """One request through MLflow's _before_request, with the admin check a validator makes."""
    pairs = headers if headers is not None else ([(HEADER, header)] if header is not None else [])

    def authenticate():
        # What authorize() does, with this test's authorizer instead of the process-wide one.
        from flask import g, request

        if getattr(g, G_ATTRIBUTE, None) is None:
            setattr(g, G_ATTRIBUTE, authorizer.authorize_headers(request.headers))
        return getattr(g, G_ATTRIBUTE)

    path = "/api/2.0/mlflow/experiments/search"
    return fake_mlflow.before_request(app, store, authenticate, path=path, headers=pairs)


def test_a_person_is_created_on_first_request_and_not_admin(authorizer, store):
    assert call(authorizer, store, principals.PERSON) == ("user", "alice.smith@contoso.com", False)
    assert store.writes() == ["create_user alice.smith@contoso.com admin=False"]
    assert len(store.users["alice.smith@contoso.com"].password_hash) > len("hash:") + 12


def test_an_app_only_caller_is_created_under_its_app_id(authorizer, store):
    assert call(authorizer, store, principals.APP_ONLY) == ("user", f"app:{principals.AUTOMATION_APP}", False)


def test_an_admin_is_created_admin(authorizer, store):
    assert call(authorizer, store, principals.ADMIN) == ("user", "alice.smith@contoso.com", True)
    assert store.writes() == ["create_user alice.smith@contoso.com admin=True"]


def test_admin_follows_the_role_in_both_directions(authorizer, store):
    call(authorizer, store, principals.PERSON)
    assert call(authorizer, store, principals.ADMIN)[2] is True
    assert call(authorizer, store, principals.ADMIN_REMOVED)[2] is False
    assert store.writes() == [
        "create_user alice.smith@contoso.com admin=False",
        "update_user alice.smith@contoso.com admin=True",
        "update_user alice.smith@contoso.com admin=False",
    ]


def test_an_admin_set_by_hand_in_mlflow_is_reset_to_the_role(authorizer, store):
    store.users["alice.smith@contoso.com"] = fake_mlflow.User(7, "alice.smith@contoso.com", "x", True)
    assert call(authorizer, store, principals.PERSON)[2] is False


def test_a_user_created_by_another_worker_meanwhile_is_used(authorizer, store):
    original = store.create_user

    def racing_create(username, password, is_admin=False):
        original(username, "another worker's password", is_admin=False)
        return original(username, password, is_admin=is_admin)

    store.create_user = racing_create
    assert call(authorizer, store, principals.ADMIN) == ("user", "alice.smith@contoso.com", True)


def test_a_store_failure_is_not_swallowed(authorizer, store):
    def broken(username):
        raise fake_mlflow.MlflowException("database unavailable", "INTERNAL_ERROR")

    store.get_user = broken
    with pytest.raises(fake_mlflow.MlflowException):
        call(authorizer, store, principals.PERSON)


@pytest.mark.parametrize(
    "headers, status",
    [
        ([], 401),
        ([(HEADER, principals.PERSON), (HEADER, principals.ADMIN)], 403),
        ([(HEADER, principals.FORGED_TENANT)], 403),
        ([(HEADER, principals.FORGED_AUDIENCE)], 403),
        ([(HEADER, "bm90IGpzb24=")], 403),
    ],
    ids=["missing", "duplicated", "forged-tenant", "forged-audience", "malformed"],
)
def test_refusals_touch_no_user_and_never_challenge_for_basic(authorizer, store, headers, status):
    outcome, response = call(authorizer, store, headers=headers)
    assert outcome == "refused"
    assert response.status_code == status
    assert "basic" not in response.headers.get("WWW-Authenticate", "").lower()
    assert response.headers["Cache-Control"] == "no-store"
    assert store.calls == []


def test_the_browser_facing_401_challenges_for_bearer_only(authorizer, store):
    _, response = call(authorizer, store, headers=[("Accept", "text/html")])
    assert response.status_code == 401
    assert response.headers.getlist("WWW-Authenticate") == ['Bearer realm="MLflow"']
    assert response.mimetype == "text/plain"


def test_a_basic_authorization_header_is_ignored(authorizer, store):
    # Basic credentials (the bootstrap admin's, anyone's) never log in: only the front door's identity counts.
    basic = [("Authorization", "Basic bWxmbG93LWJvb3RzdHJhcC1hZG1pbjpzZWNyZXQ=")]
    assert call(authorizer, store, headers=basic)[1].status_code == 401
    with_identity = basic + [(HEADER, principals.PERSON)]
    assert call(authorizer, store, headers=with_identity)[1] == "alice.smith@contoso.com"


def test_repeated_calls_in_one_request_decode_once(authorizer, store, monkeypatch):
    decoded = []
    real_decode = authorize_module.decode
    monkeypatch.setattr(authorize_module, "decode", lambda raw: decoded.append(raw) or real_decode(raw))
    monkeypatch.setattr(authorize_module, "default_authorizer", lambda: authorizer)
    with app.test_request_context("/", headers=[(HEADER, principals.PERSON)]):
        results = [authorize() for _ in range(5)]
    assert all(result is results[0] for result in results)
    assert isinstance(results[0], Authorization) and results[0].username == "alice.smith@contoso.com"
    assert len(decoded) == 1


def test_a_repeated_header_across_requests_skips_the_store(authorizer, store):
    call(authorizer, store, principals.PERSON)
    store.calls.clear()
    for _ in range(3):
        response = _bridge(authorizer, store, principals.PERSON)
        assert response.username == "alice.smith@contoso.com"
    # Only the bridge's own get_user after each call (MLflow's, not ours): no sync, no writes.
    assert store.calls == ["get_user alice.smith@contoso.com"] * 3


def test_a_changed_header_goes_back_to_the_store(authorizer, store):
    call(authorizer, store, principals.PERSON)
    store.calls.clear()
    call(authorizer, store, principals.ADMIN)
    assert "update_user alice.smith@contoso.com admin=True" in store.calls


def test_a_cached_header_expires(authorizer, store, clock):
    call(authorizer, store, principals.PERSON)
    clock.now += authorizer.settings.cache_seconds + 1
    store.calls.clear()
    call(authorizer, store, principals.PERSON)
    assert store.calls[0] == "get_user alice.smith@contoso.com"
    assert len([c for c in store.calls if c.startswith("get_user")]) == 2  # ours, then the admin check


def test_the_cache_is_bounded(monkeypatch, environment, store, clock):
    monkeypatch.setenv("MLFLOW_ENTRA_AUTHZ_CACHE_ENTRIES", "2")
    authorizer = EntraAuthorizer(read_settings(), lambda: store, clock)
    for number in range(5):
        call(authorizer, store, principals.encode(principals.person(name=f"user{number}@contoso.com")))
    assert len(authorizer.verified) == 2


def test_caching_can_be_turned_off(monkeypatch, environment, store, clock):
    monkeypatch.setenv("MLFLOW_ENTRA_AUTHZ_CACHE_SECONDS", "0")
    authorizer = EntraAuthorizer(read_settings(), lambda: store, clock)
    call(authorizer, store, principals.PERSON)
    call(authorizer, store, principals.PERSON)
    assert len(authorizer.verified) == 0


def test_a_refused_header_is_not_cached(authorizer, store):
    call(authorizer, store, principals.FORGED_TENANT)
    assert len(authorizer.verified) == 0


def test_the_fastapi_bridge_gets_a_user_that_exists(authorizer, store):
    # MLflow's FastAPI path needs store.get_user(username) to succeed after the function returns, or it answers
    # 401 with a Basic challenge: the user must exist on the very first request.
    user = _bridge(authorizer, store, principals.APP_ONLY)
    assert user.username == f"app:{principals.AUTOMATION_APP}"


def test_the_fastapi_bridge_passes_a_refusal_through(authorizer, store):
    response = fake_mlflow.fastapi_bridge(app, store, lambda: authorizer.authorize_headers(_headers()), {})
    assert isinstance(response, Response) and response.status_code == 401


def test_the_entry_point_uses_mlflows_own_store(environment, store, monkeypatch):
    faked = fake_mlflow.install(store)
    if not faked:
        pytest.skip("real MLflow installed: its store needs a database")
    try:
        monkeypatch.setattr(authorize_module, "_default", None)
        outcome = fake_mlflow.before_request(app, store, authorize, headers=[(HEADER, principals.ADMIN)])
        assert outcome == ("user", "alice.smith@contoso.com", True)
    finally:
        fake_mlflow.uninstall()


def _headers():
    from flask import request

    return request.headers


def _bridge(authorizer, store, header):
    return fake_mlflow.fastapi_bridge(
        app, store, lambda: authorizer.authorize_headers(_headers()), {HEADER.lower(): header}
    )


def test_a_refusal_is_logged_with_the_claim_types_present(authorizer, store, caplog):
    _, response = call(authorizer, store, principals.FORGED_TENANT)
    assert "mlflow-entra-authz: refused GET /api/2.0/mlflow/experiments/search with 403" in caplog.text
    assert "claim types present: " in caplog.text and "preferred_username" in caplog.text
    # The caller learns the reason, not the contents of the header.
    assert principals.OTHER_TENANT not in response.get_data(as_text=True)


def test_without_its_settings_the_function_fails_closed(monkeypatch):
    monkeypatch.setattr(authorize_module, "_default", None)
    with app.test_request_context("/", headers=[(HEADER, principals.PERSON)]):
        with pytest.raises(SettingsError, match="MLFLOW_ENTRA_AUTHZ_TENANT_ID: not set"):
            authorize()
