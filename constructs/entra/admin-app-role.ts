/**
 * App role of MLflow admins (`is_admin` in MLflow's auth app); the authorization function's default
 * (server/python/mlflow_entra_authz/settings.py DEFAULT_ADMIN_ROLE; a test keeps the two equal). Its own file, free of
 * provider bindings, because the MLflow server definition needs the value and nothing else of the Entra app.
 */
export const ADMIN_APP_ROLE = "MLflow.Admin";
