/**
 * The ONE definition of the MLflow server process, used by both hosts (App Service container and the private VM),
 * so the two auth modes run the same image, flags and environment.
 *
 * Secrets never appear here: the backend-store URI (which carries the database password) reaches the process as
 * the environment variable MLFLOW_BACKEND_STORE_URI, set by the host to a Key Vault reference. App Service resolves
 * it before the start; the start script resolves it otherwise (the VM, or App Service when it could not). `mlflow
 * server` reads that variable for `--backend-store-uri` (click `envvar`), and the start script passes it to
 * `mlflow db upgrade`.
 */

/**
 * The first MLflow release known to serve on Azure as deployed here, and the default image.
 * - mlflow#21582 (in 3.11.0+): the `-full` image ships the `azure` extra (azure-storage-blob, azure-identity);
 *   before it every artifact call fails with ModuleNotFoundError (mlflow#21520 checked v3.10.1-full).
 * - mlflow#23752 (in 3.15.0+): `mlflow db upgrade` works on an empty database.
 * - docker/Dockerfile.full (mlflow/mlflow@092ba8b1) installs `mlflow[extras,azure,db,gateway,genai,auth]==$VERSION`.
 * - `-full` tags exist from 3.9 on (docker/README.md@5033d12e), but v3.9.0-full was never pushed (mlflow#20587);
 *   the publishing workflow at the pinned tag was not readable here: `docker manifest inspect` the tag before a
 *   first deploy.
 * Evidence and the release notes: README, "The MLflow image". Pin it; bump it deliberately (migrations are one-way).
 */
export const MINIMUM_MLFLOW_VERSION = "3.15.2";
export const DEFAULT_MLFLOW_IMAGE = `ghcr.io/mlflow/mlflow:v${MINIMUM_MLFLOW_VERSION}-full`;

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
   * The start script, run by `/bin/sh -c`: check the image, upgrade an existing schema, then exec the server.
   * One line, so it survives being carried in an environment variable (App Service app settings) as well as in
   * a file.
   */
  readonly startScript: string;
  /** Non-secret environment of the process. The host adds BACKEND_STORE_URI_VARIABLE from Key Vault. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * Python packages the server needs beyond MLflow's core, checked at start so a wrong image fails with one line
 * instead of a traceback on the first artifact call. The Blob client and azure-identity are imported lazily by
 * mlflow/store/artifact/azure_blob_artifact_repo.py; psycopg2 by SQLAlchemy for `postgresql+psycopg2://`.
 */
export const REQUIRED_PYTHON_PACKAGES = [
  { module: "azure.storage.blob", distribution: "azure-storage-blob" },
  { module: "azure.identity", distribution: "azure-identity" },
  { module: "psycopg2", distribution: "psycopg2" },
] as const;

/**
 * A Key Vault reference in App Service's syntax, `@Microsoft.KeyVault(SecretUri=<uri>)`
 * (https://learn.microsoft.com/azure/app-service/app-service-key-vault-references#understand-source-app-settings-from-key-vault).
 * App Service resolves it before the container starts; the start script resolves what is left unresolved (on the
 * VM: always).
 */
export function keyVaultReferenceTo(secretUri: string): string {
  return `@Microsoft.KeyVault(SecretUri=${secretUri})`;
}

/** How long the start script keeps trying to read the backend-store secret itself, and its backoff. */
export const SECRET_READ_RETRY = { deadlineSeconds: 900, firstDelaySeconds: 5, maxDelaySeconds: 60 } as const;

/**
 * Reads one Key Vault secret (URI in argv[1]) with the managed identity named by AZURE_CLIENT_ID and prints its
 * value; on failure prints one line, not a traceback. ManagedIdentityCredential finds App Service's identity
 * endpoint or a VM's IMDS by itself; the Get Secret call is
 * https://learn.microsoft.com/rest/api/keyvault/secrets/get-secret/get-secret (api-version 7.4).
 * On App Service it relies on:
 * - "An app with a managed identity makes this endpoint available by defining two environment variables":
 *   IDENTITY_ENDPOINT and IDENTITY_HEADER; a user-assigned identity must be named (`client_id`), else the token
 *   service tries the system-assigned one
 *   (https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference). The page
 *   does not single out custom containers either way. Closest to it: in 2019, with Linux and container support in
 *   preview and the older MSI_ENDPOINT/MSI_SECRET names, App Service staff said the variables "are set in the site's
 *   main container" (not the Kudu one) (MicrosoftDocs/azure-docs#25150). azure-identity's AppServiceCredential
 *   uses this endpoint when both variables are set and passes `client_id` (Azure/azure-sdk-for-python
 *   sdk/identity/azure-identity/azure/identity/_credentials/app_service.py).
 * - App settings (AZURE_CLIENT_ID, the reference itself) reach the container as environment variables: "For Linux
 *   apps and custom containers, App Service passes app settings to the container using the `--env` flag"
 *   (https://learn.microsoft.com/azure/app-service/configure-common#configure-app-settings).
 */
const READ_SECRET_PYTHON = [
  "import json, os, sys, urllib.request as r",
  'sys.excepthook = lambda kind, error, trace: print("mlflow-start:", kind.__name__, error, file=sys.stderr)',
  "from azure.identity import ManagedIdentityCredential",
  'token = ManagedIdentityCredential(client_id=os.environ.get("AZURE_CLIENT_ID")).get_token("https://vault.azure.net/.default").token',
  'print(json.load(r.urlopen(r.Request(sys.argv[1] + "?api-version=7.4", headers={"Authorization": "Bearer " + token}), timeout=20))["value"])',
].join("; ");

/**
 * The one place a host's secret is read at start. The VM hands the container a Key Vault reference; App Service
 * resolves references itself but "if a reference isn't resolved properly, the reference string is used instead"
 * (https://learn.microsoft.com/azure/app-service/app-service-key-vault-references#troubleshoot-key-vault-references),
 * for example while the identity's new role is not honoured yet (role changes "can take up to 10 minutes":
 * https://learn.microsoft.com/azure/role-based-access-control/troubleshooting). MLflow would read that text as a
 * database URI. Instead the script reads the secret with the managed identity, retrying with backoff for
 * SECRET_READ_RETRY.deadlineSeconds and logging each try, then exits so systemd or App Service starts it again.
 */
function resolveUnresolvedKeyVaultReference(): string[] {
  const { deadlineSeconds, firstDelaySeconds, maxDelaySeconds } = SECRET_READ_RETRY;
  const variable = `"$${BACKEND_STORE_URI_VARIABLE}"`;
  return [
    `case ${variable} in @Microsoft.KeyVault\\(*) ` +
      `secret_uri=$(printf '%s' ${variable} | sed -e 's/^@Microsoft[.]KeyVault(SecretUri=//' -e 's/)$//'); ` +
      `echo "mlflow-start: ${BACKEND_STORE_URI_VARIABLE} is a Key Vault reference; reading $secret_uri with the managed identity" >&2; ` +
      `delay=${firstDelaySeconds}; waited=0; attempt=1; ` +
      `until value=$(python -c ${shellQuote(READ_SECRET_PYTHON)} "$secret_uri"); do ` +
      `if [ "$waited" -ge ${deadlineSeconds} ]; then echo "mlflow-start: gave up reading $secret_uri after $attempt attempts in $waited s; check the identity's Key Vault Secrets User role and the vault's private endpoint" >&2; exit 1; fi; ` +
      `echo "mlflow-start: could not read $secret_uri (attempt $attempt); retrying in $delay s" >&2; ` +
      `sleep "$delay"; waited=$((waited + delay)); attempt=$((attempt + 1)); delay=$((delay * 2)); if [ "$delay" -gt ${maxDelaySeconds} ]; then delay=${maxDelaySeconds}; fi; ` +
      `done; ${BACKEND_STORE_URI_VARIABLE}=$value; export ${BACKEND_STORE_URI_VARIABLE};; esac`,
  ];
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
  // Every flag, as spelled by `mlflow server` (mlflow/cli/__init__.py and mlflow/utils/cli_args.py, mlflow/mlflow
  // master of 2026, not read at the tag): --host (default 127.0.0.1), --port, --workers (uvicorn, default 4),
  // --artifacts-destination, --allowed-hosts (Host allow-list, fnmatch wildcards) and --cors-allowed-origins.
  // --serve-artifacts is on by default; --backend-store-uri falls back to MLFLOW_BACKEND_STORE_URI (click envvar).
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
  const uri = `"$${BACKEND_STORE_URI_VARIABLE}"`;
  const startScript = [
    "set -eu",
    "missing=''",
    ...REQUIRED_PYTHON_PACKAGES.map(
      (p) => `python -c 'import ${p.module}' 2>/dev/null || missing="$missing ${p.distribution}"`,
    ),
    `if [ -n "$missing" ]; then echo "mlflow-start: this image lacks the Python packages:$missing; use ghcr.io/mlflow/mlflow:v<version>-full, ${MINIMUM_MLFLOW_VERSION} or newer" >&2; exit 1; fi`,
    ...resolveUnresolvedKeyVaultReference(),
    // Migrate only a schema that exists: `mlflow server` creates a new one itself, and `mlflow db upgrade` fails on
    // an empty database before mlflow#23752. MLflow stamps every schema it creates in alembic_version.
    // `mlflow db upgrade URL` takes the URL as an argument only, no environment variable (mlflow/db.py@04917bc7).
    `schema=$(python -c 'import os, sqlalchemy; print("existing" if sqlalchemy.inspect(sqlalchemy.create_engine(os.environ["${BACKEND_STORE_URI_VARIABLE}"])).has_table("alembic_version") else "none")')`,
    `if [ "$schema" = existing ]; then echo "mlflow-start: upgrading the existing schema"; mlflow db upgrade ${uri}; else echo "mlflow-start: empty database, mlflow server creates the schema"; fi`,
    `exec mlflow server ${serverFlags.map(([flag, value]) => `${flag} ${shellQuote(value)}`).join(" ")}`,
  ].join("; ");

  return {
    image: props.image,
    port: MLFLOW_PORT,
    startScript,
    environment: {
      // DefaultAzureCredential picks this user-assigned identity for Blob access (no keys, no connection string).
      AZURE_CLIENT_ID: props.managedIdentityClientId,
      PYTHONUNBUFFERED: "1",
    },
  };
}
