import { ADMIN_APP_ROLE } from "../entra/admin-app-role";
import { MLFLOW_ENTRA_AUTHZ_ZIP_BASE64, MLFLOW_ENTRA_AUTHZ_ZIP_SHA256 } from "./payload.generated";
import { AUTHZ_SETTINGS } from "./settings";

/**
 * How the authorization package reaches the MLflow process without PyPI: its zip archive travels Base64-encoded in
 * environment variables (app settings on App Service), the start script joins and decodes them to a file, checks its
 * SHA-256 and puts it on PYTHONPATH, where Python imports packages from zip files as they are
 * (https://docs.python.org/3/library/zipimport.html). MLflow then imports `mlflow_entra_authz:authorize` from it in
 * every worker, which inherit the environment.
 */

/** Prefix of the environment variables carrying the Base64 archive: `MLFLOW_ENTRA_AUTHZ_ZIP_1`, `_2`, ... */
export const AUTHZ_ZIP_VARIABLE = "MLFLOW_ENTRA_AUTHZ_ZIP";
/**
 * Characters per variable. Learn documents no limit on an app setting's value; a single one is reported to hold at
 * most 10,000 characters (microsoft/azure-pipelines-tasks#16588), so the archive is cut below that.
 */
export const AUTHZ_ZIP_CHUNK_LENGTH = 8000;

/** The archive's Base64 text, cut into AUTHZ_ZIP_CHUNK_LENGTH pieces, by variable name. */
function zipChunks(): [string, string][] {
  const chunks: [string, string][] = [];
  for (let i = 0; i * AUTHZ_ZIP_CHUNK_LENGTH < MLFLOW_ENTRA_AUTHZ_ZIP_BASE64.length; i++) {
    const start = i * AUTHZ_ZIP_CHUNK_LENGTH;
    chunks.push([
      `${AUTHZ_ZIP_VARIABLE}_${i + 1}`,
      MLFLOW_ENTRA_AUTHZ_ZIP_BASE64.slice(start, start + AUTHZ_ZIP_CHUNK_LENGTH),
    ]);
  }
  return chunks;
}
/** Where the start script writes the archive inside the container. */
export const AUTHZ_ZIP_PATH = "/tmp/mlflow_entra_authz.zip";
/** Where the start script writes MLflow's auth config (`MLFLOW_AUTH_CONFIG_PATH`, read by mlflow/server/auth/config.py). */
export const AUTH_CONFIG_PATH = "/tmp/mlflow-auth.ini";

export interface AuthzEnvironmentProps {
  /** Directory (tenant) id; a plan-time reference is fine. */
  readonly tenantId: string;
  /** Client id of the MLflow app registration. */
  readonly clientId: string;
  /** Its identifier URI, e.g. `api://<client id>`. */
  readonly identifierUri: string;
  /** MLflow's default permission, one of MLFLOW_PERMISSIONS. */
  readonly defaultPermission: string;
  /** SQLAlchemy URL of the auth database, without a password (the module refuses one). */
  readonly databaseUri: string;
}

/** The environment the MLflow process needs for the authorization function: its settings and the package itself. */
export function authzEnvironment(props: AuthzEnvironmentProps): Record<string, string> {
  return {
    [AUTHZ_SETTINGS.tenantId]: props.tenantId,
    [AUTHZ_SETTINGS.clientId]: props.clientId,
    [AUTHZ_SETTINGS.identifierUri]: props.identifierUri,
    [AUTHZ_SETTINGS.adminRole]: ADMIN_APP_ROLE,
    [AUTHZ_SETTINGS.defaultPermission]: props.defaultPermission,
    [AUTHZ_SETTINGS.databaseUri]: props.databaseUri,
    ...Object.fromEntries(zipChunks()),
  };
}

/**
 * The start script's lines before `mlflow server --app-name basic-auth`, for `/bin/sh` with `set -eu`: install the
 * package from the AUTHZ_ZIP_VARIABLE pieces, write the auth config (the module validates every setting and exits 2
 * with one line otherwise) and point MLflow at it, and give Flask the secret key the auth app refuses to start without
 * (server/python/SOURCES.md, section 1). The key only signs the sign-up form's CSRF token, which nobody uses here: a
 * fresh one per start, never stored. No line holds `${`, which Terraform would take for an interpolation.
 * @param zipPath, configPath where the files go (tests use a temporary folder)
 */
export function authzStartLines({
  zipPath = AUTHZ_ZIP_PATH,
  configPath = AUTH_CONFIG_PATH,
}: { readonly zipPath?: string; readonly configPath?: string } = {}): string[] {
  const zip = zipPath;
  const names = zipChunks().map(([name]) => name);
  const joined = names.map((name) => `$${name}`).join("");
  return [
    `printf '%s' "${joined}" | base64 -d > ${zip}`,
    `echo "${MLFLOW_ENTRA_AUTHZ_ZIP_SHA256}  ${zip}" | sha256sum -c --status || ` +
      `{ echo "mlflow-start: ${names.join(" + ")} do not decode to the authorization package this deployment carries (SHA-256 ${MLFLOW_ENTRA_AUTHZ_ZIP_SHA256}); redeploy" >&2; exit 1; }`,
    `if [ -n "$(printenv PYTHONPATH)" ]; then PYTHONPATH="${zip}:$(printenv PYTHONPATH)"; else PYTHONPATH=${zip}; fi; export PYTHONPATH`,
    `python -m mlflow_entra_authz write-config ${configPath}`,
    `MLFLOW_AUTH_CONFIG_PATH=${configPath}; export MLFLOW_AUTH_CONFIG_PATH`,
    `MLFLOW_FLASK_SERVER_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))'); export MLFLOW_FLASK_SERVER_SECRET_KEY`,
  ];
}
