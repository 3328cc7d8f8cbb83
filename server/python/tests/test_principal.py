"""Reading the header: one Base64 JSON value, or a refusal that echoes nothing from it."""

import base64

import pytest
from flask import Flask, request

import principals
from mlflow_entra_authz.principal import HEADER, Refusal, decode, read_header

app = Flask(__name__)


def headers_of(*values, name=HEADER):
    with app.test_request_context("/", headers=[(name, value) for value in values]):
        return read_header(request.headers)


def test_a_single_header_is_read_whatever_its_case():
    assert headers_of(principals.PERSON) == principals.PERSON
    assert headers_of(principals.PERSON, name="x-ms-client-principal") == principals.PERSON


def test_a_missing_header_is_401():
    with pytest.raises(Refusal) as refusal:
        headers_of()
    assert refusal.value.status == 401


def test_an_empty_header_is_401():
    with pytest.raises(Refusal) as refusal:
        headers_of("  ")
    assert refusal.value.status == 401


def test_a_duplicated_header_is_403_even_when_the_server_joined_the_copies():
    # werkzeug joins repeats with ", " and starlette's WSGI bridge (MLflow's FastAPI app) with ",": both leave a comma.
    with pytest.raises(Refusal) as refusal:
        headers_of(principals.PERSON, principals.ADMIN)
    assert (refusal.value.status, refusal.value.detail) == (403, "duplicated header")
    with pytest.raises(Refusal) as joined:
        headers_of(principals.PERSON + "," + principals.ADMIN)
    assert joined.value.status == 403


def test_a_plain_mapping_with_the_header_once_is_read():
    # MLflow's FastAPI bridge passes dict(request.headers): lowercase names, no getlist.
    with app.test_request_context("/", headers={"x-ms-client-principal": principals.APP_ONLY}):
        assert read_header(request.headers) == principals.APP_ONLY
    assert read_header({HEADER: principals.APP_ONLY}) == principals.APP_ONLY


def test_an_oversized_header_is_refused_before_decoding():
    with pytest.raises(Refusal) as refusal:
        headers_of("A" * (64 * 1024 + 4))
    assert refusal.value.status == 403


def test_decode_reads_the_documented_shape():
    principal = decode(principals.PERSON)
    assert principal.auth_typ == "aad"
    assert principal.role_typ == principals.ROLE_TYP
    assert ("preferred_username", "Alice.Smith@Contoso.com") in principal.claims
    assert principal.values(["ROLES"]) == ("User",)


def test_decode_accepts_url_safe_base64_without_padding():
    raw = principals.PERSON.replace("+", "-").replace("/", "_").rstrip("=")
    assert decode(raw) == decode(principals.PERSON)


@pytest.mark.parametrize(
    "raw",
    [
        "not base64!",
        base64.b64encode(b"\xff\xfe not utf-8").decode(),
        base64.b64encode(b"{not json").decode(),
        base64.b64encode(b"[1, 2]").decode(),
        base64.b64encode(b'{"auth_typ": "aad"}').decode(),
        base64.b64encode(b'{"auth_typ": "aad", "claims": [{"typ": "aud"}]}').decode(),
        base64.b64encode(b'{"auth_typ": 7, "claims": []}').decode(),
    ],
    ids=["alphabet", "utf8", "json", "not-object", "no-claims", "claim-without-val", "auth-typ-type"],
)
def test_a_malformed_header_is_403_and_the_reason_echoes_nothing(raw):
    with pytest.raises(Refusal) as refusal:
        decode(raw)
    assert refusal.value.status == 403
    assert refusal.value.reason == "The identity header is malformed; the request was refused."
