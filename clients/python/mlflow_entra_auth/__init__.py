"""MLflow request-auth plugin: a fresh Microsoft Entra access token on every MLflow request.

Enable with ``MLFLOW_TRACKING_AUTH=azure-entra`` and ``MLFLOW_ENTRA_SCOPE=<identifier URI>/.default``
(see README.md). This module imports nothing: MLflow loads ``mlflow_entra_auth.provider`` itself
through the ``mlflow.request_auth_provider`` entry point.
"""

__version__ = "0.3.0"
