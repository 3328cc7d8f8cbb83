"""The two errors the plugin raises, so callers can tell "fix your settings" from "sign-in failed"."""


class EntraAuthError(Exception):
    """Base class of every error raised by the plugin."""


class EntraConfigError(EntraAuthError):
    """A setting is missing or invalid; the message names the variable, the value and the fix."""


class EntraTokenError(EntraAuthError):
    """No usable token: the token request failed, or MLflow's front door refused the token (HTTP 401).

    The message always names the scope, the tenant and the credential that was tried, because those
    three values decide which Entra app, directory and identity the token is for.
    """
