"""Device-code sign-in as the stack's public client, with the real MSAL against a fake Entra (no network): one
sign-in, then tokens from the cache on disk for later requests and later processes, refreshed with the refresh
token; the cache file only its owner can read; the token printed nowhere."""

import os
import stat
import warnings

import pytest

msal = pytest.importorskip("msal", reason="python3-msal is not installed (sudo apt-get install python3-msal)")
pytest.importorskip("requests", reason="python3-requests is not installed (sudo apt-get install python3-requests)")

from conftest import TENANT  # noqa: E402
from fake_entra import FakeEntra  # noqa: E402

from mlflow_entra_auth.errors import EntraTokenError  # noqa: E402
from mlflow_entra_auth.public_client import PublicClientCredential, SignInError, token_cache_path  # noqa: E402
from mlflow_entra_auth.settings import read_settings  # noqa: E402
from mlflow_entra_auth.token_source import EntraTokenSource  # noqa: E402

NATIVE_CLIENT = "99999999-8888-7777-6666-555555555555"
APP_PROXY_SCOPE = "https://mlflow-prod-contoso.msappproxy.net/.default"
DELEGATED_SCOPE = "https://mlflow-prod-contoso.msappproxy.net/user_impersonation"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Each test has its own home, so the cache starts empty and lands where the test can look."""
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


class Person:
    """Records each device-code prompt: the verification URI and code a person would be shown."""

    def __init__(self):
        self.prompts = []

    def __call__(self, verification_uri, user_code, expires):
        self.prompts.append((verification_uri, user_code))


def credential(entra, person):
    return PublicClientCredential(NATIVE_CLIENT, TENANT, prompt=person, msal=msal, http_client=entra.session())


def grants(entra):
    return [request["grant_type"] for request in entra.token_requests]


def test_the_first_token_takes_one_device_code_sign_in_as_the_native_client_for_the_delegated_scope():
    entra, person = FakeEntra(TENANT), Person()
    access = credential(entra, person).get_token(APP_PROXY_SCOPE)

    assert access.token == "access-token-1"
    assert person.prompts == [("https://microsoft.com/devicelogin", "ABCD-EFGH")]
    [device_code] = entra.device_code_requests
    assert device_code["client_id"] == NATIVE_CLIENT
    # Learn's App Proxy native-client sample asks for the delegated permission by name.
    assert DELEGATED_SCOPE in device_code["scope"].split() and APP_PROXY_SCOPE not in device_code["scope"]
    assert grants(entra) == ["urn:ietf:params:oauth:grant-type:device_code"]


def test_a_long_job_redeems_the_refresh_token_instead_of_prompting_again():
    entra, person = FakeEntra(TENANT, lifetime=60), Person()  # MSAL treats tokens with < 5 minutes left as expired
    signed_in = credential(entra, person)
    tokens = [signed_in.get_token(APP_PROXY_SCOPE).token for _ in range(3)]

    assert tokens == ["access-token-1", "access-token-2", "access-token-3"]
    assert len(person.prompts) == 1
    assert grants(entra)[1:] == ["refresh_token", "refresh_token"]


def test_a_later_process_uses_the_cache_on_disk_without_a_sign_in():
    entra, person = FakeEntra(TENANT), Person()
    credential(entra, person).get_token(APP_PROXY_SCOPE)

    later_entra, later_person = FakeEntra(TENANT), Person()
    assert credential(later_entra, later_person).get_token(APP_PROXY_SCOPE).token == "access-token-1"
    assert later_person.prompts == [] and later_entra.device_code_requests == [] and later_entra.token_requests == []


def test_the_cache_file_is_under_the_home_readable_by_its_owner_only(home):
    credential(FakeEntra(TENANT), Person()).get_token(APP_PROXY_SCOPE)

    path = token_cache_path()
    assert path == home / ".cache" / "mlflow-entra-auth" / "msal_token_cache.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "refresh-token-1" in path.read_text()
    assert [name for name in os.listdir(path.parent)] == [path.name]  # no temporary file left behind


def test_a_cache_file_others_can_read_is_made_private_again_before_use(home):
    credential(FakeEntra(TENANT), Person()).get_token(APP_PROXY_SCOPE)
    path = token_cache_path()
    path.chmod(0o644)

    person = Person()
    credential(FakeEntra(TENANT), person).get_token(APP_PROXY_SCOPE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert person.prompts == []


def test_a_refused_token_is_replaced_by_a_refreshed_one_not_returned_again_from_the_cache():
    entra, person = FakeEntra(TENANT), Person()
    signed_in = credential(entra, person)
    first = signed_in.get_token(APP_PROXY_SCOPE).token
    signed_in.invalidate(first)

    assert signed_in.get_token(APP_PROXY_SCOPE).token == "access-token-2"
    assert grants(entra)[-1] == "refresh_token" and len(person.prompts) == 1


def test_a_revoked_refresh_token_means_one_new_sign_in():
    entra, person = FakeEntra(TENANT, lifetime=60), Person()
    signed_in = credential(entra, person)
    signed_in.get_token(APP_PROXY_SCOPE)
    entra.revoked_refresh_tokens.add("refresh-token-1")

    assert signed_in.get_token(APP_PROXY_SCOPE).token == "access-token-2"
    assert len(person.prompts) == 2


def test_a_home_where_the_cache_cannot_be_written_still_gives_tokens_with_one_warning(home):
    (home / ".cache").write_text("a file where the cache folder would go")  # fails for root too, unlike chmod
    entra = FakeEntra(TENANT, lifetime=60)
    signed_in = credential(entra, Person())
    with pytest.warns(RuntimeWarning, match="could not write the token cache") as caught:
        tokens = [signed_in.get_token(APP_PROXY_SCOPE).token for _ in range(2)]
    assert tokens == ["access-token-1", "access-token-2"]  # the refresh token still served from memory
    assert len(caught) == 1


def test_a_corrupt_cache_file_is_replaced_after_a_new_sign_in(home):
    path = token_cache_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    person = Person()
    with pytest.warns(RuntimeWarning, match="could not read the token cache"):
        credential(FakeEntra(TENANT), person).get_token(APP_PROXY_SCOPE)
    assert len(person.prompts) == 1 and "refresh-token-1" in path.read_text()


def test_a_refused_sign_in_becomes_one_error_naming_client_scope_tenant_and_entras_message(capsys):
    entra = FakeEntra(TENANT, device_code_error="AADSTS7000218: The request body must contain client_assertion")
    settings = read_settings(
        {"MLFLOW_ENTRA_SCOPE": APP_PROXY_SCOPE, "AZURE_TENANT_ID": TENANT, "MLFLOW_ENTRA_CLIENT_ID": NATIVE_CLIENT}
    )
    tokens = EntraTokenSource(settings, credential_factory=lambda s: credential(entra, Person()))
    with pytest.raises(EntraTokenError) as error:
        tokens.token()
    message = str(error.value)
    assert message.startswith("Could not get a Microsoft Entra token for MLflow (AADSTS7000218: The request body")
    assert f"credential 'device-code', client '{NATIVE_CLIENT}'" in message
    assert isinstance(error.value.__cause__, SignInError)


def test_no_token_is_ever_printed(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        credential(FakeEntra(TENANT), Person()).get_token(APP_PROXY_SCOPE)
    captured = capsys.readouterr()
    assert "token-" not in captured.out + captured.err
