"""The auth config file the start script writes: what MLflow reads back, and the bootstrap admin it configures."""

import configparser
import os
import stat

import pytest

from mlflow_entra_authz import auth_config
from mlflow_entra_authz.__main__ import main
from mlflow_entra_authz.settings import SettingsError

URI = "postgresql+psycopg2://id-mlflow-dev@psql-mlflow-dev.postgres.database.azure.com:5432/mlflow_auth?sslmode=require"


@pytest.fixture
def config_environment(monkeypatch, environment):
    monkeypatch.setenv(auth_config.DATABASE_URI_VARIABLE, URI)
    return environment


def read_as_mlflow_does(path):
    # mlflow/server/auth/config.py read_auth_config: configparser.ConfigParser(), section [mlflow].
    config = configparser.ConfigParser()
    config.read(path)
    return config["mlflow"]


def test_the_file_says_what_mlflow_needs(tmp_path, config_environment):
    path = tmp_path / "auth.ini"
    auth_config.write(str(path))
    section = read_as_mlflow_does(path)
    assert section["default_permission"] == "READ"
    assert section["database_uri"] == URI
    assert section["authorization_function"] == "mlflow_entra_authz:authorize"
    assert section["admin_username"] == "mlflow-bootstrap-admin"


def test_the_bootstrap_password_is_random_long_and_new_each_start(tmp_path, config_environment):
    first, second = tmp_path / "a.ini", tmp_path / "b.ini"
    auth_config.write(str(first))
    auth_config.write(str(second))
    one, two = read_as_mlflow_does(first)["admin_password"], read_as_mlflow_does(second)["admin_password"]
    assert one != two
    assert len(one) >= 12 and one != "password1234"


def test_the_file_is_readable_by_its_owner_only(tmp_path, config_environment):
    path = tmp_path / "auth.ini"
    auth_config.write(str(path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == ["auth.ini"]


def test_a_percent_in_the_uri_survives_mlflows_interpolation(tmp_path, monkeypatch, config_environment):
    uri = "postgresql+psycopg2://id%40mlflow@server:5432/mlflow_auth"
    monkeypatch.setenv(auth_config.DATABASE_URI_VARIABLE, uri)
    path = tmp_path / "auth.ini"
    auth_config.write(str(path))
    assert read_as_mlflow_does(path)["database_uri"] == uri


@pytest.mark.parametrize("permission", ["READ", "USE", "EDIT", "MANAGE", "NO_PERMISSIONS"])
def test_every_mlflow_permission_can_be_the_default(tmp_path, monkeypatch, config_environment, permission):
    monkeypatch.setenv(auth_config.DEFAULT_PERMISSION_VARIABLE, permission)
    path = tmp_path / "auth.ini"
    auth_config.write(str(path))
    assert read_as_mlflow_does(path)["default_permission"] == permission


@pytest.mark.parametrize(
    "variable, value, fragment",
    [
        (auth_config.DEFAULT_PERMISSION_VARIABLE, "read", "expected one of READ, USE, EDIT, MANAGE, NO_PERMISSIONS"),
        (auth_config.DATABASE_URI_VARIABLE, "postgresql://user:secret@server/db", "carries a password"),
        (auth_config.DATABASE_URI_VARIABLE, "postgresql://server/db\nadmin_password = x", "line break"),
        (auth_config.DATABASE_URI_VARIABLE, " ", "not set"),
    ],
)
def test_bad_settings_fail_with_one_line_naming_the_variable(
    monkeypatch, config_environment, variable, value, fragment
):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as error:
        auth_config.render()
    message = str(error.value)
    assert message.startswith(variable) and fragment in message and "\n" not in message


def test_the_authorization_settings_are_checked_too(monkeypatch, config_environment):
    monkeypatch.delenv("MLFLOW_ENTRA_AUTHZ_TENANT_ID")
    with pytest.raises(SettingsError, match="^MLFLOW_ENTRA_AUTHZ_TENANT_ID: not set"):
        auth_config.render()


def test_the_command_writes_the_file_and_says_so(tmp_path, capsys, config_environment):
    path = tmp_path / "auth.ini"
    assert main(["write-config", str(path)]) == 0
    assert path.exists()
    out = capsys.readouterr().out
    assert out.startswith(f"mlflow-entra-authz: wrote {path}") and "admin role MLflow.Admin" in out


def test_the_command_fails_with_one_line_and_writes_nothing(tmp_path, capsys, monkeypatch, config_environment):
    monkeypatch.setenv(auth_config.DEFAULT_PERMISSION_VARIABLE, "ALL")
    path = tmp_path / "auth.ini"
    assert main(["write-config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("mlflow-entra-authz: MLFLOW_ENTRA_AUTHZ_DEFAULT_PERMISSION")
    assert not path.exists()


def test_the_command_explains_its_usage(capsys):
    assert main([]) == 2
    assert "write-config" in capsys.readouterr().err
