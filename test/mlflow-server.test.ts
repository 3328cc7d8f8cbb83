import { execFileSync, spawnSync } from "child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import {
  BACKEND_STORE_URI_VARIABLE,
  DEFAULT_MLFLOW_IMAGE,
  MINIMUM_MLFLOW_VERSION,
  REQUIRED_PYTHON_PACKAGES,
  SECRET_READ_RETRY,
  endpointOf,
  MLFLOW_PORT,
  mlflowServer,
  shellQuote,
} from "../constructs/mlflow-server";

const server = mlflowServer({
  image: "ghcr.io/mlflow/mlflow:v3.15.2-full",
  workers: 3,
  artifactsDestination: "wasbs://mlflow-artifacts@stmlfdevabc123.blob.core.windows.net/",
  managedIdentityClientId: "${azurerm_user_assigned_identity.id.client_id}",
  publicUrls: ["https://app-mlflow-dev-abc123.azurewebsites.net/", "http://10.50.0.100:5000/"],
});

/**
 * Runs the start script with fakes on PATH: `python` answers the package check, the schema probe and the secret
 * read as told; `mlflow` and `sleep` print what they were asked. Returns stdout and stderr.
 */
function runStartScript(options: {
  readonly uri: string;
  readonly schema?: "existing" | "none";
  readonly missingModules?: readonly string[];
  /** How many secret reads fail before one succeeds (Infinity: never). */
  readonly secretFailures?: number;
}): { status: number; stdout: string; stderr: string } {
  const bin = mkdtempSync(join(tmpdir(), "mlflow-start-"));
  const counter = join(bin, "reads");
  writeFileSync(counter, "0");
  const fake = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const missing = (options.missingModules ?? []).map((m) => `*"import ${m}"*) exit 1;;`).join(" ");
  const failures = options.secretFailures === Infinity ? 1_000_000 : (options.secretFailures ?? 0);
  fake(
    "python",
    [
      'case "$2" in',
      `  ${missing}`,
      '  *has_table*) echo "' + (options.schema ?? "none") + '";;',
      '  *ManagedIdentityCredential*) n=$(cat "' + counter + '"); echo $((n + 1)) > "' + counter + '";',
      `    if [ "$n" -lt ${failures} ]; then echo "mlflow-start: HTTPError 403 Forbidden" >&2; exit 1; fi; echo "postgresql+psycopg2://from-vault";;`,
      "esac",
    ].join("\n"),
  );
  fake("mlflow", 'printf "[%s]" "$@"; echo');
  fake("sleep", 'echo "slept $1"');
  const result = spawnSync("sh", ["-c", server.startScript.replace("exec mlflow", "mlflow")], {
    env: { PATH: `${bin}:${process.env.PATH}`, [BACKEND_STORE_URI_VARIABLE]: options.uri },
    encoding: "utf8",
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const URI = "postgresql+psycopg2://u:p w@h:5432/mlflow";
const REFERENCE =
  "@Microsoft.KeyVault(SecretUri=https://kv-mlflow.vault.azure.net/secrets/mlflow-backend-store-uri/abc)";

describe("the shared MLflow server definition", () => {
  test("execs the server with every flag both hosts rely on, the URI passed as one argument", () => {
    const { status, stdout } = runStartScript({ uri: URI, schema: "existing" });
    expect(status).toBe(0);
    const serve = stdout.trim().split("\n").pop();
    expect(serve).toBe(
      "[server][--host][0.0.0.0][--port][5000][--workers][3]" +
        "[--artifacts-destination][wasbs://mlflow-artifacts@stmlfdevabc123.blob.core.windows.net/]" +
        "[--allowed-hosts][app-mlflow-dev-abc123.azurewebsites.net,10.50.0.100:5000]" +
        "[--cors-allowed-origins][https://app-mlflow-dev-abc123.azurewebsites.net,http://10.50.0.100:5000]",
    );
    expect(server.port).toBe(MLFLOW_PORT);
  });

  test("an existing schema is upgraded before the server starts (an image bump is a plain redeploy)", () => {
    const lines = runStartScript({ uri: URI, schema: "existing" }).stdout.trim().split("\n");
    expect(lines).toContain(`[db][upgrade][${URI}]`);
    expect(lines.indexOf(`[db][upgrade][${URI}]`)).toBeLessThan(
      lines.findIndex((l) => l.startsWith("[server]")),
    );
  });

  test("an empty database is left to `mlflow server`, which creates the schema (db upgrade fails there before mlflow#23752)", () => {
    const { status, stdout } = runStartScript({ uri: URI, schema: "none" });
    expect(status).toBe(0);
    expect(stdout).not.toContain("[db][upgrade]");
    expect(stdout).toContain("empty database, mlflow server creates the schema");
  });

  test("an image without the Blob client, azure-identity or psycopg2 stops with one line naming what is missing", () => {
    const { status, stdout, stderr } = runStartScript({
      uri: URI,
      missingModules: ["azure.storage.blob", "psycopg2"],
    });
    expect(status).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^mlflow-start: this image lacks the Python packages: azure-storage-blob psycopg2; use .*-full, 3\.15\.2 or newer$/,
      ),
    ]);
    expect(stdout).not.toContain("[server]");
  });

  test("checks every package the Azure setup needs", () => {
    expect(REQUIRED_PYTHON_PACKAGES.map((p) => p.distribution)).toEqual([
      "azure-storage-blob",
      "azure-identity",
      "psycopg2",
    ]);
  });

  test("an unresolved App Service Key Vault reference is read with the managed identity instead, logging each try", () => {
    const { status, stdout, stderr } = runStartScript({
      uri: REFERENCE,
      schema: "existing",
      secretFailures: 3,
    });
    expect(status).toBe(0);
    expect(stderr).toMatch(
      /Key Vault reference; reading https:\/\/kv-mlflow\.vault\.azure\.net\/secrets\/mlflow-backend-store-uri\/abc/,
    );
    expect(stderr.match(/could not read .* \(attempt \d\); retrying in \d+ s/g)).toHaveLength(3);
    expect(stdout).toContain("[db][upgrade][postgresql+psycopg2://from-vault]");
    expect(stdout).not.toContain("@Microsoft.KeyVault");
  });

  test("it keeps trying with backoff for at least ten minutes before giving up with one line", () => {
    const { status, stdout, stderr } = runStartScript({ uri: REFERENCE, secretFailures: Infinity });
    expect(status).toBe(1);
    const sleeps = [...stdout.matchAll(/slept (\d+)/g)].map((m) => Number(m[1]));
    expect(sleeps.slice(0, 5)).toEqual([5, 10, 20, 40, 60]);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(SECRET_READ_RETRY.deadlineSeconds);
    expect(SECRET_READ_RETRY.deadlineSeconds).toBeGreaterThanOrEqual(600);
    expect(stderr).toMatch(/gave up reading .* after \d+ attempts in \d+ s/);
    expect(stdout).not.toContain("[server]");
  });

  test("carries no secret: the backend-store URI comes from the environment at run time", () => {
    expect(server.startScript).not.toMatch(/postgres(ql)?(\+\w+)?:\/\//);
    expect(Object.keys(server.environment)).not.toContain(BACKEND_STORE_URI_VARIABLE);
  });

  test("contains no Terraform interpolation of its own (`${` only inside values passed in)", () => {
    const withoutTokens = server.startScript.replace(/\$\{azurerm_[^}]*\}/g, "");
    expect(withoutTokens).not.toContain("${");
  });

  test("blob access uses the managed identity; the server sets no client-only multipart switch", () => {
    expect(server.environment).toEqual({
      AZURE_CLIENT_ID: "${azurerm_user_assigned_identity.id.client_id}",
      PYTHONUNBUFFERED: "1",
    });
  });

  test("the default image is the known-good release or newer", () => {
    expect(DEFAULT_MLFLOW_IMAGE).toBe(`ghcr.io/mlflow/mlflow:v${MINIMUM_MLFLOW_VERSION}-full`);
  });

  test("the UI's own origin may make state-changing calls (MLflow 3 blocks unlisted origins, same host or not)", () => {
    expect(server.startScript).toContain(
      "--cors-allowed-origins 'https://app-mlflow-dev-abc123.azurewebsites.net,http://10.50.0.100:5000'",
    );
  });

  test("a public URL with a path is refused: MLflow serves from the root", () => {
    expect(() => endpointOf("https://mlflow.contoso.com/mlflow/")).toThrow(/scheme and host only/);
    expect(endpointOf("https://app-${TfToken[TOKEN.1]}.azurewebsites.net/")).toEqual({
      host: "app-${TfToken[TOKEN.1]}.azurewebsites.net",
      origin: "https://app-${TfToken[TOKEN.1]}.azurewebsites.net",
    });
  });

  test("refuses an empty list of public URLs (MLflow 3 would refuse every request)", () => {
    expect(() =>
      mlflowServer({
        image: "x/y:1",
        workers: 1,
        artifactsDestination: "wasbs://c@a.blob.core.windows.net/",
        managedIdentityClientId: "id",
        publicUrls: [],
      }),
    ).toThrow(/publicUrls is empty/);
  });

  test("shellQuote survives embedded single quotes", () => {
    expect(execFileSync("sh", ["-c", `printf %s ${shellQuote("it's")}`], { encoding: "utf8" })).toBe("it's");
  });
});
