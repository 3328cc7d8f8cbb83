"""Who the caller is in MLflow: tenant and audience checked, a person by UPN, an application by its id."""

import pytest

import principals
from mlflow_entra_authz.identity import APPLICATION, PERSON, Identity, identify
from mlflow_entra_authz.principal import Refusal, decode
from mlflow_entra_authz.settings import read_settings


@pytest.fixture
def settings(environment):
    return read_settings()


def who(raw, settings):
    return identify(decode(raw), settings)


def refused(raw, settings):
    with pytest.raises(Refusal) as refusal:
        who(raw, settings)
    return refusal.value


def test_a_person_is_their_lowercase_preferred_username(settings):
    assert who(principals.PERSON, settings) == Identity("alice.smith@contoso.com", False, PERSON)


def test_a_person_with_a_mapped_upn_claim_is_their_upn(settings):
    identity = who(principals.encode(principals.person_bearer()), settings)
    assert identity == Identity("bob@contoso.com", False, PERSON)


def test_upn_wins_over_preferred_username(settings):
    raw = principals.encode(principals.person(extra=[("upn", "Alice@Contoso.onmicrosoft.com")]))
    assert who(raw, settings).username == "alice@contoso.onmicrosoft.com"


def test_an_app_only_token_is_app_and_its_client_id(settings):
    assert who(principals.APP_ONLY, settings) == Identity(f"app:{principals.AUTOMATION_APP}", False, APPLICATION)


def test_an_app_only_token_without_idtyp_is_recognised_by_having_no_user_and_no_scope(settings):
    raw = principals.encode(principals.application(idtyp=None))
    assert who(raw, settings).kind == APPLICATION


def test_a_delegated_token_without_a_user_name_is_refused(settings):
    raw = principals.encode([c for c in principals.person_bearer() if c[0] != principals.UPN_LONG])
    assert refused(raw, settings).status == 403


def test_admin_follows_the_app_role_in_either_claim_form(settings):
    assert who(principals.ADMIN, settings).is_admin
    assert who(principals.encode(principals.person_bearer(roles=("User", "MLflow.Admin"))), settings).is_admin
    assert not who(principals.ADMIN_REMOVED, settings).is_admin


def test_admin_follows_the_role_type_the_principal_declares(settings):
    raw = principals.encode(
        [c for c in principals.person() if c[0] != "roles"] + [("custom-role", "MLflow.Admin")], role_typ="custom-role"
    )
    assert who(raw, settings).is_admin


def test_the_admin_role_is_matched_exactly(settings):
    assert not who(principals.encode(principals.person(roles=("mlflow.admin", "MLflow.Admin2"))), settings).is_admin


def test_an_application_holding_the_admin_role_is_admin(settings):
    assert who(principals.encode(principals.application(roles=("Application", "MLflow.Admin"))), settings).is_admin


def test_a_configured_admin_role_replaces_the_default(monkeypatch, environment):
    monkeypatch.setenv("MLFLOW_ENTRA_AUTHZ_ADMIN_ROLE", "Ops.Admin")
    settings = read_settings()
    assert not who(principals.ADMIN, settings).is_admin
    assert who(principals.encode(principals.person(roles=("Ops.Admin",))), settings).is_admin


def test_a_forged_tenant_is_refused(settings):
    refusal = refused(principals.FORGED_TENANT, settings)
    assert (refusal.status, refusal.reason) == (403, "The identity belongs to another directory (tenant).")


def test_a_missing_or_second_tenant_is_refused(settings):
    no_tenant = [c for c in principals.person() if c[0] != principals.TENANT_LONG]
    assert refused(principals.encode(no_tenant), settings).status == 403
    two = principals.person(extra=[("tid", principals.OTHER_TENANT)])
    assert refused(principals.encode(two), settings).status == 403


def test_a_forged_audience_is_refused(settings):
    refusal = refused(principals.FORGED_AUDIENCE, settings)
    assert (refusal.status, refusal.reason) == (403, "The identity was issued for another application.")


def test_both_audience_forms_are_accepted(settings):
    assert who(principals.encode(principals.person(audience=f"api://{principals.CLIENT_ID}")), settings)
    assert who(principals.encode(principals.person(audience=principals.CLIENT_ID.upper())), settings)


def test_a_custom_identifier_uri_is_an_accepted_audience(monkeypatch, environment):
    monkeypatch.setenv("MLFLOW_ENTRA_AUTHZ_IDENTIFIER_URI", "api://mlflow.contoso.com")
    settings = read_settings()
    assert who(principals.encode(principals.person(audience="api://mlflow.contoso.com")), settings)
    assert refused(principals.encode(principals.person(audience=f"api://{principals.CLIENT_ID}")), settings)


def test_another_identity_provider_is_refused(settings):
    refusal = refused(principals.encode(principals.person(), auth_typ="github"), settings)
    assert refusal.status == 403


def test_a_user_name_that_is_not_a_sign_in_name_is_refused(settings):
    for name in ("mlflow-bootstrap-admin", "alice smith@contoso.com", "a@b\x00"):
        assert refused(principals.encode(principals.person(name=name)), settings).status == 403


def test_two_different_user_names_are_refused(settings):
    raw = principals.encode(principals.person(extra=[("preferred_username", "mallory@contoso.com")]))
    assert refused(raw, settings).status == 403


def test_an_application_without_a_single_guid_client_id_is_refused(settings):
    assert refused(principals.encode(principals.application(client_id="not-a-guid")), settings).status == 403
    two = principals.application() + [("appid", principals.OTHER_APP)]
    assert refused(principals.encode(two), settings).status == 403


def test_an_unknown_token_type_is_refused(settings):
    assert refused(principals.encode(principals.application(idtyp="device")), settings).status == 403
