import { EMBEDDED_HOST_FILES } from "./python/embedded";

/**
 * How MLflow signs in to its PostgreSQL flexible server with Microsoft Entra ID: no password anywhere. The server
 * accepts Entra access tokens only; the MLflow identity presents a fresh one for every new connection, and a dedicated
 * administrator identity makes it a database principal at start. The Python that does both is in ./python
 * (entra_postgres.py explains how, with sources); mlflow-server.ts puts it into the start script both hosts run.
 */

/**
 * Resource of Entra access tokens for Azure Database for PostgreSQL (public cloud): Learn signs in with
 * `az account get-access-token --resource https://ossrdbms-aad.database.windows.net` and uses the token as password
 * (https://learn.microsoft.com/azure/postgresql/security/security-entra-configure).
 */
export const POSTGRES_ENTRA_RESOURCE = "https://ossrdbms-aad.database.windows.net";

/** PostgreSQL's port on a flexible server. */
const PORT = 5432;

/** A managed identity as a database principal: its role name and how the host gets its tokens. */
export interface DatabasePrincipal {
  /** PostgreSQL role name: the identity's name, which is the display name of its service principal. */
  readonly role: string;
  /** Client id of the user-assigned identity (how the host asks IMDS or App Service for its token). */
  readonly clientId: string;
}

/** Everything a host needs to sign MLflow in to PostgreSQL with Entra ID, and to prepare the database for it. */
export interface PostgresEntraLogin {
  /** The server's host name, `<server>.postgres.database.azure.com`. */
  readonly host: string;
  /**
   * The databases MLflow uses on this server: the first is the backend store. Each gets the same preparation, and
   * the same token mechanism signs in to any of them (a later database needs no new mechanism).
   */
  readonly databases: readonly string[];
  /** The identity MLflow runs as; the bootstrap links its role to `principalObjectId`. */
  readonly principal: DatabasePrincipal;
  /** Object (principal) id of the MLflow identity, which its database role is linked to. */
  readonly principalObjectId: string;
  /** The server's Entra administrator, used only by the bootstrap before MLflow starts. */
  readonly administrator: DatabasePrincipal;
  /** Roles whose objects in those databases are handed to the MLflow principal (the former password administrator). */
  readonly legacyOwners: readonly string[];
}

/** Module the start script runs (`python -m entra_postgres bootstrap`) and sitecustomize.py imports. */
export const ENTRA_POSTGRES_MODULE = "entra_postgres";

/**
 * The Python files the start script writes into a directory on PYTHONPATH, by file name: embedded at build time
 * from python/ (scripts/embed-host-files.mjs), so a compiled package or a bundle carries them.
 */
export function entraPythonFiles(): { readonly name: string; readonly text: string }[] {
  return [`${ENTRA_POSTGRES_MODULE}.py`, "sitecustomize.py"].map((name) => {
    const text = EMBEDDED_HOST_FILES[name];
    if (text === undefined) throw new Error(`${name} is not embedded; run npm run embed.`);
    return { name, text };
  });
}

/**
 * The SQLAlchemy URL of one database, signed in as the MLflow principal: no password (each connection gets a token),
 * psycopg2 (the driver MLflow's `db` extra ships) and TLS always (`sslmode=require`).
 */
export function postgresUri(login: PostgresEntraLogin, database: string = login.databases[0]): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(login.principal.role)) {
    throw new Error(
      `postgresUri: role "${login.principal.role}" must be letters, digits, '.', '_' or '-' to stand in a URL unencoded.`,
    );
  }
  return `postgresql+psycopg2://${login.principal.role}@${login.host}:${PORT}/${database}?sslmode=require`;
}

/** Arguments of `python -m entra_postgres bootstrap` (see parse_setup in python/entra_postgres.py). */
export function bootstrapArguments(login: PostgresEntraLogin): string[] {
  if (login.databases.length === 0) throw new Error("bootstrapArguments: no database to prepare.");
  return [
    "bootstrap",
    "--uri",
    postgresUri(login),
    "--admin-role",
    login.administrator.role,
    "--admin-client-id",
    login.administrator.clientId,
    "--principal-object-id",
    login.principalObjectId,
    ...login.databases.slice(1).flatMap((database) => ["--database", database]),
    ...login.legacyOwners.flatMap((owner) => ["--legacy-owner", owner]),
  ];
}
