import { execFileSync } from "child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { AUTH_CONFIG_PATH, AUTHZ_ZIP_PATH } from "../../constructs/authz";
import { AUTH_DATABASE_NAME } from "../../constructs/data";
import { containerImage } from "../../constructs/easyauth/container-image";
import { START_SCRIPT_SETTING, startupCommand } from "../../constructs/easyauth/startup-command";
import { mlflowServer } from "../../constructs/mlflow-server";
import { resourceAt } from "../support/json";
import { synthEasyAuth } from "./front-door-stack";

/* eslint-disable @typescript-eslint/no-explicit-any */

const { json, dataPlane, resolve } = synthEasyAuth();
const webApp = resourceAt(json, "azurerm_linux_web_app", "easyauth/web-app") as any;
const commandLine: string = webApp.site_config.app_command_line;
const script: string = webApp.app_settings[START_SCRIPT_SETTING];

/**
 * Runs the container command the way a POSIX shell would split it, with a fake `mlflow` on PATH that records
 * its arguments, in the environment App Service would give the container. Returns the recorded calls.
 */
function runContainerCommand(
  env: Record<string, string>,
  options: { readonly bootstrapStatus?: number } = {},
): string[][] {
  const dir = mkdtempSync(join(tmpdir(), "easyauth-startup-"));
  try {
    const log = join(dir, "calls");
    writeFileSync(
      join(dir, "mlflow"),
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\037' "$a"; done >> "${log}"\necho >> "${log}"\n`,
    );
    chmodSync(join(dir, "mlflow"), 0o755);
    // The image's python, as far as the start script asks it: every package present, the bootstrap's exit status, an
    // existing schema.
    writeFileSync(
      join(dir, "python"),
      `#!/bin/sh\nif [ "$1" = -m ] && [ "$2" = entra_postgres ]; then exit ${options.bootstrapStatus ?? 0}; fi\ncase "$2" in *has_table*) echo existing;; esac\n`,
    );
    chmodSync(join(dir, "python"), 0o755);
    // The authorization package and auth config go to this test's folder, not the machine's /tmp.
    const script = env[START_SCRIPT_SETTING].split(AUTHZ_ZIP_PATH)
      .join(join(dir, "authz.zip"))
      .split(AUTH_CONFIG_PATH)
      .join(join(dir, "auth.ini"));
    execFileSync("/bin/sh", ["-c", `exec ${commandLine}`], {
      env: { PATH: `${dir}:/usr/bin:/bin`, ...env, [START_SCRIPT_SETTING]: script },
      stdio: "pipe",
    });
    return readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split("\x1f").filter((arg) => arg !== ""));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("EasyAuth startup command", () => {
  test("the container command is a constant sh -c that evaluates the start script from its app setting", () => {
    expect(commandLine).toBe(`/bin/sh -c 'eval "$MLFLOW_START_SCRIPT"'`);
  });

  test("the app setting holds exactly the shared start script from mlflow-server.ts", () => {
    // Permissions are on by default in EasyAuth mode; their settings travel in the environment, not in the script.
    const shared = mlflowServer({
      image: "unused",
      workers: 2,
      artifactsDestination: dataPlane.artifactsDestination,
      database: dataPlane.databaseLogin,
      publicUrls: ["https://app-mlflow-test-t3st01.azurewebsites.net/"],
      permissions: {
        tenantId: "unused",
        clientId: "unused",
        identifierUri: "unused",
        defaultPermission: "READ",
        authDatabase: AUTH_DATABASE_NAME,
      },
    }).startScript;
    const artifacts = /--artifacts-destination '([^']+)'/.exec(script)?.[1];
    expect(artifacts).toMatch(
      /^wasbs:\/\/mlflow-artifacts@\$\{azurerm_storage_account\.[^.]+\.name\}\.blob\.core\.windows\.net\/$/,
    );
    expect(script).toBe(resolve(shared));
  });

  test("run in a shell, the command prepares the database, upgrades the schema with the passwordless URI, then starts the server", () => {
    const uri =
      "postgresql+psycopg2://id-mlflow-test@psql-mlflow-test-t3st01.postgres.database.azure.com:5432/mlflow?sslmode=require";
    const resolvedScript = script
      .replace(/\$\{azurerm_storage_account\.[^}]+\}/, "stmlftestt3st01")
      .replace(
        /\$\{azurerm_postgresql_flexible_server\.[^}]+\.fqdn\}/g,
        "psql-mlflow-test-t3st01.postgres.database.azure.com",
      );
    // Every app setting reaches the container as an environment variable (the authorization package among them).
    const calls = runContainerCommand({ ...webApp.app_settings, [START_SCRIPT_SETTING]: resolvedScript });
    expect(calls).toEqual([
      ["db", "upgrade", uri],
      [
        "server",
        "--backend-store-uri",
        uri,
        "--app-name",
        "basic-auth",
        "--host",
        "0.0.0.0",
        "--port",
        "5000",
        "--workers",
        "2",
        "--artifacts-destination",
        "wasbs://mlflow-artifacts@stmlftestt3st01.blob.core.windows.net/",
        "--allowed-hosts",
        "app-mlflow-test-t3st01.azurewebsites.net",
        "--cors-allowed-origins",
        "https://app-mlflow-test-t3st01.azurewebsites.net",
      ],
    ]);
  });

  test("when the database cannot be prepared the script stops before starting the server", () => {
    expect(() =>
      runContainerCommand({ ...webApp.app_settings, [START_SCRIPT_SETTING]: script }, { bootstrapStatus: 1 }),
    ).toThrow(/exited|Command failed/);
  });

  test("neither the command nor the script holds a literal ${ (only Terraform references)", () => {
    expect(commandLine).not.toContain("${");
    expect(script.replace(/\$\{azurerm_[a-z_]+\.[A-Za-z0-9_-]+\.[a-z_]+\}/g, "")).not.toContain("${");
  });

  test("no secret is in the command line or the script: no password in a URI, no key, no Key Vault reference", () => {
    const text = `${commandLine}\n${script}`;
    expect(text).not.toMatch(/:\/\/[^/@\s'"]+:[^/@\s'"]+@/);
    expect(text).not.toMatch(/AccountKey|@Microsoft\.KeyVault/i);
  });

  test("startupCommand keeps the script out of the command line", () => {
    const built = startupCommand({
      image: "x",
      port: 5000,
      startScript: "echo 'a b'\nexec true",
      environment: {},
      backendStoreUri: "unused",
    });
    expect(built.appCommandLine).not.toContain("echo");
    expect(built.appSettings).toEqual({ [START_SCRIPT_SETTING]: "echo 'a b'\nexec true" });
  });
});

describe("container image reference", () => {
  test("a registry host becomes docker_registry_url and the rest the image name", () =>
    expect(containerImage("ghcr.io/mlflow/mlflow:v3.9.0-full")).toEqual({
      registryUrl: "https://ghcr.io",
      imageName: "mlflow/mlflow:v3.9.0-full",
    }));
  test("a registry with a port keeps it", () =>
    expect(containerImage("registry.example:5000/team/mlflow:1")).toEqual({
      registryUrl: "https://registry.example:5000",
      imageName: "team/mlflow:1",
    }));
  test("a Docker Hub image gets Docker Hub's URL", () =>
    expect(containerImage("someone/mlflow:3.9.0")).toEqual({
      registryUrl: "https://index.docker.io",
      imageName: "someone/mlflow:3.9.0",
    }));
  test("an image without tag or digest is refused", () =>
    expect(() => containerImage("ghcr.io/mlflow/mlflow")).toThrow(
      /mlflow\.image: "ghcr\.io\/mlflow\/mlflow" has no tag/,
    ));
});
