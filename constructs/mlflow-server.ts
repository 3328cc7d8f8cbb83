/**
 * The ONE definition of the MLflow server process, used by both hosts (App Service container and the private VM),
 * so the two auth modes run the same image, flags, environment and start script.
 *
 * No secret appears here, and none is needed: MLflow signs in to PostgreSQL with Microsoft Entra ID as its managed
 * identity (constructs/postgres-entra-auth). The backend-store URI has no password, so it is an ordinary flag; every
 * new database connection gets a fresh Entra token from a SQLAlchemy listener the start script installs, and a
 * bootstrap run as the server's Entra administrator makes the identity a database principal first.
 *
 * With `permissions`, MLflow runs its auth app (`--app-name basic-auth`) with the Entra authorization function: the
 * start script installs it from the environment (constructs/authz), and the auth database on the same server is
 * prepared and signed in to exactly like the tracking store. Without, the script is what it always was.
 */

import { authzEnvironment, authzStartLines } from "./authz/package";
import {
  bootstrapArguments,
  ENTRA_POSTGRES_MODULE,
  entraPythonFiles,
  postgresUri,
  type PostgresEntraLogin,
} from "./postgres-entra-auth";

/**
 * The first MLflow release known to serve on Azure as deployed here (MLF-DEPLOY-5 refuses older official images).
 * - mlflow#21582 (in 3.11.0+): the `-full` image ships the `azure` extra (azure-storage-blob, azure-identity);
 *   before it every artifact call fails with ModuleNotFoundError (mlflow#21520 checked v3.10.1-full).
 * - mlflow#23752 (in 3.15.0+): `mlflow db upgrade` works on an empty database.
 * - docker/Dockerfile.full (mlflow/mlflow@092ba8b1) installs `mlflow[extras,azure,db,gateway,genai,auth]==$VERSION`.
 * - `-full` tags exist from 3.9 on (docker/README.md@5033d12e), but v3.9.0-full was never pushed (mlflow#20587).
 * Evidence and the release notes: README, "The MLflow image". Pin it; bump it deliberately (migrations are one-way).
 */
export const MINIMUM_MLFLOW_VERSION = "3.15.2";

/**
 * The first release whose auth app is safe to run MLflow's permissions on (MLF-DEPLOY-5 refuses older official
 * images in a stack that runs them, and the start script refuses any older MLflow):
 * - 3.16.0 refuses routes without a permission check to non-admins by default (mlflow#25308; the flag, mlflow#25065,
 *   is set anyway: AUTH_APP_ENVIRONMENT);
 * - 3.16.1 ships no admin password (mlflow#25751, GHSA-gq3w-7jj3-x7gr) and serves the UI to non-admins under
 *   fail-closed (mlflow#25672, which 3.16.0 broke): mlflow/mlflow-website
 *   website/releases/2026-09-15-3.16.1-release.md@c6240585. server/python/SOURCES.md, "Release history".
 */
export const MINIMUM_MLFLOW_VERSION_WITH_PERMISSIONS = "3.16.1";

/**
 * The default release: the newest one shown to be published with a `-full` image that has both fixes above. A public
 * deployment's verification record of 2026-09-30 reports the registry manifest of `ghcr.io/mlflow/mlflow:v3.16.1-full`
 * (linux/amd64 and linux/arm64) and runs MLflow 3.16.1's `basic-auth` server; 3.16.1 was then the newest release.
 * 3.17.0 (published 2026-10-07) is not the default: its `-full` tag is seen only as the base of one public Dockerfile,
 * and its release notes ask for a coordinated schema upgrade with every writer stopped and a backup (README, "The MLflow
 * image"). `docker manifest inspect` the tag before a first deploy; the deploy workflow does it for every stack.
 */
export const DEFAULT_MLFLOW_VERSION = "3.16.1";
export const DEFAULT_MLFLOW_IMAGE = `ghcr.io/mlflow/mlflow:v${DEFAULT_MLFLOW_VERSION}-full`;

/**
 * A start-script line that stops the start, with one line, unless the image's MLflow is `minimum` or newer. It reads
 * the installed distribution's version (importlib.metadata), so it also judges images MLF-DEPLOY-5 cannot (any
 * registry, any tag); pre-release suffixes count as the release (3.16.1rc0 is 3.16.1).
 */
export function requireMlflowVersion(minimum: string, why: string): string {
  // The line is single-quoted Python with double-quoted strings inside.
  if (/['"\\$`]/.test(why))
    throw new Error(`requireMlflowVersion: "${why}" must hold no quote, backslash, $ or backtick.`);
  const floor = minimum.split(".").map(Number).join(", ");
  return (
    `python -c 'import importlib.metadata as m, re, sys; v = m.version("mlflow"); ` +
    `sys.exit(None if tuple(int(n) for n in re.findall("[0-9]+", v)[:3]) >= (${floor}) else ` +
    `"mlflow-start: this image runs MLflow " + v + "; ${why} need ${minimum} or newer")'`
  );
}

/**
 * The MLflow app that runs MLflow's own permissions: `mlflow server --app-name basic-auth` (mlflow/server/auth, the
 * `mlflow.app` entry point `basic-auth`; server/python/SOURCES.md, section 1).
 */
export const AUTH_APP_NAME = "basic-auth";

/**
 * MLflow's auth app refuses a route it has no permission check for to everyone but admins (mlflow#25065; the default
 * since 3.16.0, mlflow#25308: server/python/SOURCES.md, "Release history"). Set anyway, so the behaviour does not
 * rest on a default: MLflow reads it as a boolean, "true" or "false" (`test_flag_reads_env` in
 * mlflow/mlflow tests/server/auth/test_fail_closed_flag.py).
 */
export const AUTH_APP_ENVIRONMENT: Readonly<Record<string, string>> = {
  MLFLOW_BASIC_AUTH_FAIL_CLOSED: "true",
};

/** Port `mlflow server` listens on inside the container (MLflow's default). */
export const MLFLOW_PORT = 5000;

export interface MlflowServerProps {
  /** Container image, e.g. DEFAULT_MLFLOW_IMAGE. */
  readonly image: string;
  /** Worker processes. */
  readonly workers: number;
  /** Where the server stores artifacts, `wasbs://<container>@<account>.blob.core.windows.net/`. */
  readonly artifactsDestination: string;
  /**
   * How MLflow signs in to PostgreSQL (and which databases it uses). Its principal is the one identity of the MLflow
   * process: the same identity reads and writes the artifacts in Blob storage (AZURE_CLIENT_ID).
   */
  readonly database: PostgresEntraLogin;
  /**
   * URLs clients use to reach the server, `https://<host>/` (scheme, host, optional port, nothing else).
   * MLflow 3 refuses any other Host header, and refuses state-changing API calls (POST/PUT/DELETE) from a browser
   * whose Origin is not listed, even on the same host: both lists are derived from these URLs.
   */
  readonly publicUrls: readonly string[];
  /**
   * Run MLflow's own permissions: its auth app (`--app-name basic-auth`) with the Entra authorization function
   * (server/python/mlflow_entra_authz, delivered by constructs/authz), which takes the caller from App Service
   * Authentication's `X-MS-CLIENT-PRINCIPAL`. Only behind App Service Authentication (rules MLF-AUTHZ-1 and -2).
   * @default - off: MLflow's default app, where every caller who gets through the front door may do anything
   */
  readonly permissions?: MlflowPermissionsProps;
}

/** What MLflow's permissions need to know (docs/permissions.md). */
export interface MlflowPermissionsProps {
  /** Directory (tenant) id every caller's token must come from; a plan-time reference is fine. */
  readonly tenantId: string;
  /** Client id of the MLflow app registration (the audience callers' tokens are for). */
  readonly clientId: string;
  /** The app registration's identifier URI, e.g. `api://<client id>` (the audience of v1 tokens). */
  readonly identifierUri: string;
  /** Permission on what nobody was granted anything on: one of MLFLOW_PERMISSIONS (constructs/config). */
  readonly defaultPermission: string;
  /**
   * The auth database on the same server as `database` (users, admins, grants): it is added to the databases the
   * start script prepares, and MLflow signs in to it with the same Entra token mechanism.
   */
  readonly authDatabase: string;
}

export interface MlflowServerDefinition {
  readonly image: string;
  readonly port: number;
  /**
   * The start script, run by `/bin/sh -c`: check the image, install the Entra sign-in (and, with permissions, the
   * authorization package and the auth app's configuration), prepare the database(s) as their Entra administrator,
   * upgrade an existing schema, then exec the server. One line, so it survives being carried in
   * an environment variable (App Service app settings) as well as in a file.
   */
  readonly startScript: string;
  /** Environment of the process: nothing secret (there is no secret). */
  readonly environment: Readonly<Record<string, string>>;
  /** The backend-store URI the server runs with (no password: each connection signs in with an Entra token). */
  readonly backendStoreUri: string;
}

/**
 * Python packages the server needs beyond MLflow's core, checked at start so a wrong image fails with one line
 * instead of a traceback on the first artifact call. The Blob client and azure-identity are imported lazily by
 * mlflow/store/artifact/azure_blob_artifact_repo.py (azure-identity also gets the database tokens); psycopg2 by
 * SQLAlchemy for `postgresql+psycopg2://`. SQLAlchemy itself is a dependency of MLflow's core.
 */
export const REQUIRED_PYTHON_PACKAGES = [
  { module: "azure.storage.blob", distribution: "azure-storage-blob" },
  { module: "azure.identity", distribution: "azure-identity" },
  { module: "psycopg2", distribution: "psycopg2" },
] as const;

/**
 * What MLflow's auth app needs on top: Flask-WTF, without which it raises ImportError at start ("pip install
 * mlflow[auth]"; the `-full` image installs the `auth` extra: server/python/SOURCES.md, section 1).
 */
export const AUTH_APP_PYTHON_PACKAGES = [{ module: "flask_wtf", distribution: "Flask-WTF" }] as const;

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
  const permissions = props.permissions;
  // With permissions, the start script also prepares the auth database: same server, same principal, same rights.
  const login: PostgresEntraLogin = permissions
    ? { ...props.database, databases: [...props.database.databases, permissions.authDatabase] }
    : props.database;
  const backendStoreUri = postgresUri(login);
  const minimum = permissions ? MINIMUM_MLFLOW_VERSION_WITH_PERMISSIONS : MINIMUM_MLFLOW_VERSION;
  // Every flag, as spelled by `mlflow server` (mlflow/cli/__init__.py and mlflow/utils/cli_args.py, mlflow/mlflow
  // master of 2026, not read at the tag): --backend-store-uri, --host (default 127.0.0.1), --port, --workers
  // (uvicorn, default 4), --artifacts-destination, --allowed-hosts (Host allow-list, fnmatch wildcards) and
  // --cors-allowed-origins. --serve-artifacts is on by default.
  const serverFlags: [string, string][] = [
    // The auth app in place of MLflow's default one; its configuration file comes from authzStartLines().
    ...(permissions ? [["--app-name", AUTH_APP_NAME] as [string, string]] : []),
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
    "missing=''",
    ...[...REQUIRED_PYTHON_PACKAGES, ...(permissions ? AUTH_APP_PYTHON_PACKAGES : [])].map(
      (p) => `python -c 'import ${p.module}' 2>/dev/null || missing="$missing ${p.distribution}"`,
    ),
    `if [ -n "$missing" ]; then echo "mlflow-start: this image lacks the Python packages:$missing; use ghcr.io/mlflow/mlflow:v<version>-full, ${minimum} or newer" >&2; exit 1; fi`,
    ...(permissions
      ? [requireMlflowVersion(MINIMUM_MLFLOW_VERSION_WITH_PERMISSIONS, "permissions (the auth app)")]
      : []),
    `backend_store_uri=${shellQuote(backendStoreUri)}`,
    ...installEntraSignIn(),
    // After the sign-in modules: these lines put the authorization package in front of them on PYTHONPATH, keeping
    // them, and stop the start with one line if a setting is wrong, before anything touches the database.
    ...(permissions ? authzStartLines() : []),
    // As the server's Entra administrator, once per start (idempotent): the MLflow identity becomes a database
    // principal that may create its tables. The bootstrap retries for up to 15 minutes, logging each try, then exits
    // so systemd or App Service starts the container again.
    `python -m ${ENTRA_POSTGRES_MODULE} ${bootstrapArguments(login).map(shellQuote).join(" ")}`,
    // Migrate only a schema that exists: `mlflow server` creates a new one itself, and `mlflow db upgrade` fails on
    // an empty database before mlflow#23752. MLflow stamps every schema it creates in alembic_version.
    // `mlflow db upgrade URL` takes the URL as an argument only, no environment variable (mlflow/db.py@04917bc7).
    `schema=$(python -c 'import sys, sqlalchemy; print("existing" if sqlalchemy.inspect(sqlalchemy.create_engine(sys.argv[1])).has_table("alembic_version") else "none")' "$backend_store_uri")`,
    `if [ "$schema" = existing ]; then echo "mlflow-start: upgrading the existing schema"; mlflow db upgrade "$backend_store_uri"; else echo "mlflow-start: empty database, mlflow server creates the schema"; fi`,
    `exec mlflow server --backend-store-uri "$backend_store_uri" ${serverFlags.map(([flag, value]) => `${flag} ${shellQuote(value)}`).join(" ")}`,
  ].join("; ");

  return {
    image: props.image,
    port: MLFLOW_PORT,
    startScript,
    backendStoreUri,
    environment: {
      // The MLflow process's one identity: DefaultAzureCredential picks it for Blob access (no keys, no connection
      // string), and the start script's SQLAlchemy listener signs in to PostgreSQL with its tokens.
      AZURE_CLIENT_ID: props.database.principal.clientId,
      PYTHONUNBUFFERED: "1",
      ...(permissions
        ? {
            ...authzEnvironment({
              tenantId: permissions.tenantId,
              clientId: permissions.clientId,
              identifierUri: permissions.identifierUri,
              defaultPermission: permissions.defaultPermission,
              // The auth store's own engine: no password, so the same do_connect listener signs it in.
              databaseUri: postgresUri(login, permissions.authDatabase),
            }),
            ...AUTH_APP_ENVIRONMENT,
          }
        : {}),
    },
  };
}

/**
 * Writes the Entra sign-in modules (constructs/postgres-entra-auth/python) into a fresh directory and puts it on
 * PYTHONPATH: Python imports its sitecustomize.py at start-up (https://docs.python.org/3/library/site.html), so every
 * Python process launched from here on gets a fresh Entra token for each new database connection: the bootstrap, the
 * schema probe, `mlflow db upgrade`, `mlflow server` and the uvicorn workers it starts with this environment plus its
 * own (`_run_server` -> `_exec_cmd(..., extra_env=...)`, which runs `{**os.environ, **extra_env}`: mlflow/mlflow
 * mlflow/server/__init__.py and mlflow/utils/process.py, master of 2026, not read at the tag). Checked here with
 * Debian's SQLAlchemy 1.4.46: an engine created after start-up hands the token to the driver as `password`. Each file goes out as `printf '%s\n' <line>...`, so the
 * script stays one line and the files arrive byte for byte.
 */
function installEntraSignIn(): string[] {
  return [
    "entra_python=$(mktemp -d)",
    ...entraPythonFiles().map(({ name, text }) => {
      // Single-quoted text never expands, but shellcheck (run on this script by the tests) flags $ and backticks.
      if (/[$`]/.test(text))
        throw new Error(`installEntraSignIn: ${name} contains $ or a backtick; remove it.`);
      return `printf '%s\\n' ${text.replace(/\n$/, "").split("\n").map(shellQuote).join(" ")} > "$entra_python/${name}"`;
    }),
    "PYTHONPATH=$entra_python",
    "export PYTHONPATH",
  ];
}
