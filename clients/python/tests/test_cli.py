"""`python3 -m mlflow_entra_auth token`, the App Proxy stack's token_command: the token alone on stdout, the
sign-in prompt and errors on stderr, the same settings and credentials as the plugin."""

import runpy
import sys

import pytest
from conftest import TENANT
from fake_identity import Clock, FakeCredential

from mlflow_entra_auth.__main__ import PROG, main
from mlflow_entra_auth.credentials import build_credential

APP_PROXY_SCOPE = "https://mlflow-prod-contoso.msappproxy.net/.default"
NATIVE_CLIENT = "99999999-8888-7777-6666-555555555555"
# The shape of the App Proxy stack's token_command (constructs/entra/token-command.ts).
TOKEN_COMMAND_ARGS = ["token", "--scope", APP_PROXY_SCOPE, "--client-id", NATIVE_CLIENT, "--tenant", TENANT]


def test_the_token_commands_options_select_the_native_client_sign_in_and_print_only_the_token(capsys):
    built = []

    def factory(settings):
        built.append(settings)
        return FakeCredential(Clock())

    assert main(TOKEN_COMMAND_ARGS, environ={}, credential_factory=factory) == 0
    assert capsys.readouterr().out == "token-1\n"
    [settings] = built
    assert (settings.scope, settings.credential, settings.device_code_client_id, settings.tenant_id) == (
        APP_PROXY_SCOPE,
        "device-code",
        NATIVE_CLIENT,
        TENANT,
    )


def test_options_override_the_environment_and_the_environment_fills_in_the_rest(capsys):
    built = []
    environ = {"MLFLOW_ENTRA_SCOPE": "api://1111/.default", "AZURE_TENANT_ID": TENANT}
    main(["token", "--credential", "azure-cli"], environ=environ, credential_factory=lambda s: built.append(s) or FakeCredential(Clock()))
    assert (built[0].scope, built[0].credential, built[0].tenant_id) == ("api://1111/.default", "azure-cli", TENANT)


def test_the_real_msal_sign_in_prompts_on_stderr_once_and_later_runs_are_silent(capsys, tmp_path, monkeypatch):
    msal = pytest.importorskip("msal", reason="python3-msal is not installed (sudo apt-get install python3-msal)")
    from fake_entra import FakeEntra

    monkeypatch.setenv("HOME", str(tmp_path))
    entra = FakeEntra(TENANT)

    def factory(settings):
        return build_credential(settings, msal=msal, http_client=entra.session())

    assert main(TOKEN_COMMAND_ARGS, environ={}, credential_factory=factory) == 0
    first = capsys.readouterr()
    assert first.out == "access-token-1\n"
    assert "enter the code ABCD-EFGH" in first.err and "access-token" not in first.err

    assert main(TOKEN_COMMAND_ARGS, environ={}, credential_factory=factory) == 0
    second = capsys.readouterr()
    assert (second.out, second.err) == ("access-token-1\n", "")
    assert len(entra.device_code_requests) == 1


def test_an_error_is_one_line_on_stderr_with_exit_status_1_and_nothing_on_stdout(monkeypatch, capsys):
    # Run as `python3 -m mlflow_entra_auth` runs it (the package's __main__), with no settings at all.
    monkeypatch.setattr(sys, "argv", [PROG, "token", "--scope", APP_PROXY_SCOPE])
    monkeypatch.delitem(sys.modules, "mlflow_entra_auth.__main__")  # imported above; runpy runs it afresh
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("mlflow_entra_auth", run_name="__main__", alter_sys=True)
    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{PROG}: MLFLOW_ENTRA_SCOPE is an App Proxy scope")
    assert captured.err.count("\n") == 1
