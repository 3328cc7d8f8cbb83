import { execFileSync } from "child_process";
import {
  BACKEND_STORE_URI_VARIABLE,
  endpointOf,
  MLFLOW_PORT,
  mlflowServer,
  shellQuote,
} from "../constructs/mlflow-server";

const server = mlflowServer({
  image: "ghcr.io/mlflow/mlflow:v3.9.0-full",
  workers: 3,
  artifactsDestination: "wasbs://mlflow-artifacts@stmlfdevabc123.blob.core.windows.net/",
  managedIdentityClientId: "${azurerm_user_assigned_identity.id.client_id}",
  publicUrls: ["https://app-mlflow-dev-abc123.azurewebsites.net/", "http://10.50.0.100:5000/"],
});

describe("the shared MLflow server definition", () => {
  test("upgrades the schema, then execs the server with every flag both hosts rely on", () => {
    expect(server.startScript).toBe(
      `set -eu; mlflow db upgrade "$MLFLOW_BACKEND_STORE_URI"; exec mlflow server --host '0.0.0.0' --port '5000' ` +
        `--workers '3' --artifacts-destination 'wasbs://mlflow-artifacts@stmlfdevabc123.blob.core.windows.net/' ` +
        `--allowed-hosts 'app-mlflow-dev-abc123.azurewebsites.net,10.50.0.100:5000' ` +
        `--cors-allowed-origins 'https://app-mlflow-dev-abc123.azurewebsites.net,http://10.50.0.100:5000'`,
    );
    expect(server.port).toBe(MLFLOW_PORT);
  });

  test("carries no secret: the backend-store URI comes from the environment at run time", () => {
    expect(server.startScript).not.toMatch(/postgres(ql)?(\+\w+)?:\/\//);
    expect(server.startScript).toContain(`"$${BACKEND_STORE_URI_VARIABLE}"`);
    expect(Object.keys(server.environment)).not.toContain(BACKEND_STORE_URI_VARIABLE);
  });

  test("contains no Terraform interpolation of its own (`${` only inside values passed in)", () => {
    const withoutTokens = server.startScript.replace(/\$\{azurerm_[^}]*\}/g, "");
    expect(withoutTokens).not.toContain("${");
  });

  test("blob access uses the managed identity, and proxied multipart upload (account keys) stays off", () => {
    expect(server.environment).toEqual({
      AZURE_CLIENT_ID: "${azurerm_user_assigned_identity.id.client_id}",
      MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD: "false",
      PYTHONUNBUFFERED: "1",
    });
  });

  test("the script is valid POSIX sh and passes the URI to mlflow as one argument", () => {
    const fakeMlflow = 'mlflow() { printf "[%s]" "$@"; echo; }; ';
    const output = execFileSync(
      "sh",
      ["-c", fakeMlflow + server.startScript.replace("exec mlflow", "mlflow")],
      {
        env: {
          PATH: process.env.PATH,
          [BACKEND_STORE_URI_VARIABLE]: "postgresql+psycopg2://u:p w@h:5432/mlflow",
        },
        encoding: "utf8",
      },
    );
    const [upgrade, serve] = output.trim().split("\n");
    expect(upgrade).toBe("[db][upgrade][postgresql+psycopg2://u:p w@h:5432/mlflow]");
    expect(serve).toContain("[--allowed-hosts][app-mlflow-dev-abc123.azurewebsites.net,10.50.0.100:5000]");
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
