/**
 * The ONE definition of the MLflow server process, used by both hosts (App Service container and the private VM),
 * so the two auth modes run the same image, flags and environment.
 *
 * Secrets never appear here: the backend-store URI (which carries the database password) reaches the process as
 * the environment variable MLFLOW_BACKEND_STORE_URI, filled by the host from Key Vault (an App Service Key Vault
 * reference, or a fetch with the VM's managed identity). `mlflow server` reads that variable for
 * `--backend-store-uri` (click `envvar`), and the start script passes it to `mlflow db upgrade`.
 */

/**
 * Official image with PostgreSQL drivers (psycopg 2 and 3) and Azure Blob support: `-full` tags exist from
 * MLflow 3.9.0 (https://github.com/mlflow/mlflow/pkgs/container/mlflow). Pin it; bump it deliberately.
 */
export const DEFAULT_MLFLOW_IMAGE = "ghcr.io/mlflow/mlflow:v3.9.0-full";

/** Port `mlflow server` listens on inside the container (MLflow's default). */
export const MLFLOW_PORT = 5000;

/** Environment variable the host fills with the backend-store URI from Key Vault. */
export const BACKEND_STORE_URI_VARIABLE = "MLFLOW_BACKEND_STORE_URI";

export interface MlflowServerProps {
  /** Container image, e.g. DEFAULT_MLFLOW_IMAGE. */
  readonly image: string;
  /** Worker processes. */
  readonly workers: number;
  /** Where the server stores artifacts, `wasbs://<container>@<account>.blob.core.windows.net/`. */
  readonly artifactsDestination: string;
  /** Client id of the user-assigned managed identity the server uses for Blob storage. */
  readonly managedIdentityClientId: string;
  /**
   * URLs clients use to reach the server, `https://<host>/` (scheme, host, optional port, nothing else).
   * MLflow 3 refuses any other Host header, and refuses state-changing API calls (POST/PUT/DELETE) from a browser
   * whose Origin is not listed, even on the same host: both lists are derived from these URLs.
   */
  readonly publicUrls: readonly string[];
}

export interface MlflowServerDefinition {
  readonly image: string;
  readonly port: number;
  /**
   * The start script, run by `/bin/sh -c`: upgrade the schema, then exec the server. One line, so it survives
   * being carried in an environment variable (App Service app settings) as well as in a file.
   */
  readonly startScript: string;
  /** Non-secret environment of the process. The host adds BACKEND_STORE_URI_VARIABLE from Key Vault. */
  readonly environment: Readonly<Record<string, string>>;
}

/** Quotes a value for POSIX sh (single quotes; an embedded quote becomes '\''). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The Host header and the browser Origin of a public URL (`https://h/` -> `h` and `https://h`). */
export function endpointOf(url: string): { readonly host: string; readonly origin: string } {
  // A regex, not URL(): the host is often a Terraform token (`${...}`), which URL() would reject or encode.
  const match = /^(https?):\/\/([^/?#\s]+)\/?$/.exec(url);
  if (!match) {
    throw new Error(
      `mlflowServer: public URL "${url}" must be scheme and host only, e.g. "https://mlflow.contoso.com/".`,
    );
  }
  return { host: match[2], origin: `${match[1]}://${match[2]}` };
}

export function mlflowServer(props: MlflowServerProps): MlflowServerDefinition {
  if (props.publicUrls.length === 0) {
    throw new Error(
      "mlflowServer: publicUrls is empty; MLflow 3 would refuse every request. Pass the public URL.",
    );
  }
  const endpoints = props.publicUrls.map(endpointOf);
  const serverFlags: [string, string][] = [
    ["--host", "0.0.0.0"],
    ["--port", String(MLFLOW_PORT)],
    ["--workers", String(props.workers)],
    // The server proxies artifact uploads and downloads, so clients need no storage credentials.
    // https://mlflow.org/docs/latest/self-hosting/architecture/artifact-store/
    ["--artifacts-destination", props.artifactsDestination],
    // MLflow 3 validates the Host header against this list (DNS-rebinding protection); /health is exempt.
    ["--allowed-hosts", endpoints.map((e) => e.host).join(",")],
    // Browsers send Origin on the UI's POST/PUT/DELETE calls; MLflow 3 blocks unlisted origins, same host or not.
    // https://mlflow.org/docs/latest/self-hosting/security/network/
    ["--cors-allowed-origins", endpoints.map((e) => e.origin).join(",")],
  ];
  const startScript = [
    "set -eu",
    // A newer MLflow refuses to start on an older schema; upgrading first makes an image bump a plain redeploy.
    `mlflow db upgrade "$${BACKEND_STORE_URI_VARIABLE}"`,
    `exec mlflow server ${serverFlags.map(([flag, value]) => `${flag} ${shellQuote(value)}`).join(" ")}`,
  ].join("; ");

  return {
    image: props.image,
    port: MLFLOW_PORT,
    startScript,
    environment: {
      // DefaultAzureCredential picks this user-assigned identity for Blob access (no keys, no connection string).
      AZURE_CLIENT_ID: props.managedIdentityClientId,
      // Proxied multipart upload signs with the account key; shared keys are disabled on the account.
      MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD: "false",
      PYTHONUNBUFFERED: "1",
    },
  };
}
