/**
 * The environment variables mlflow_entra_authz reads (server/python/mlflow_entra_authz/settings.py and auth_config.py;
 * test/authz/settings.test.ts keeps every name equal to the Python one).
 */
export const AUTHZ_SETTINGS = {
  /** Directory (tenant) id every caller's `tid` must equal. */
  tenantId: "MLFLOW_ENTRA_AUTHZ_TENANT_ID",
  /** The MLflow app registration's client id; `aud` must be it or the identifier URI. */
  clientId: "MLFLOW_ENTRA_AUTHZ_CLIENT_ID",
  /** The app's identifier URI (`aud` of v1 tokens). */
  identifierUri: "MLFLOW_ENTRA_AUTHZ_IDENTIFIER_URI",
  /** App role value of MLflow admins. */
  adminRole: "MLFLOW_ENTRA_AUTHZ_ADMIN_ROLE",
  /** SQLAlchemy URL of the auth database, no password in it. */
  databaseUri: "MLFLOW_ENTRA_AUTHZ_DATABASE_URI",
  /** MLflow's `default_permission`. */
  defaultPermission: "MLFLOW_ENTRA_AUTHZ_DEFAULT_PERMISSION",
  /** Seconds a verified identity skips MLflow's user table. */
  cacheSeconds: "MLFLOW_ENTRA_AUTHZ_CACHE_SECONDS",
  /** Size of that cache. */
  cacheEntries: "MLFLOW_ENTRA_AUTHZ_CACHE_ENTRIES",
} as const;

/**
 * The setting that says a host runs MLflow with the Entra authorization function. The function cannot start without
 * it (settings.py refuses a missing tenant id), and a host that has it takes `X-MS-CLIENT-PRINCIPAL` as the caller's
 * identity, which only App Service Authentication can vouch for. The rule pack keys MLF-AUTHZ-1 and MLF-AUTHZ-2 on it.
 */
export const AUTHZ_MARKER_SETTING = AUTHZ_SETTINGS.tenantId;
