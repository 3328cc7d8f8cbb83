"""MLflow's identity from the front door: EasyAuth's verified caller becomes the MLflow user, admins by app role.

Configure MLflow's auth app with ``authorization_function = mlflow_entra_authz:authorize`` (written by
``python -m mlflow_entra_authz write-config``). Importing this package imports Flask and werkzeug (both in
every MLflow image) but never MLflow itself; the store is looked up on the first request.
"""

from .authorization import EntraAuthorizer, authorize

__all__ = ["EntraAuthorizer", "authorize"]
