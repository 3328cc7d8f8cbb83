import { spawnSync } from "child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { storeSecretCommand } from "../../constructs/data/store-secret-steps";
import { clientSecretSteps, storeClientSecretCommand } from "../../constructs/easyauth/client-secret-steps";
import { hasTool, skipCheck } from "../support/tools";

const CLIENT_ID = "11111111-2222-4333-8444-555555555555";
const VAULT_ID =
  "/subscriptions/s/resourceGroups/rg-mlflow-dev/providers/Microsoft.KeyVault/vaults/kv-mlf-dev-x7k2";
const PUT_URL = `https://management.azure.com${VAULT_ID}/secrets/easyauth-client-secret?api-version=2023-07-01`;
const NEW_VERSION_ID =
  "https://kv-mlf-dev-x7k2.vault.azure.net/secrets/easyauth-client-secret/0123456789abcdef0123456789abcdef";
/** Entra documents no alphabet for its secrets: quotes, backslashes and shell syntax must all survive unchanged. */
const PASSWORD = `aB3~x.Y_z-"q\\w$(id)\`id\`'9`;

/**
 * A stand-in `az` on PATH: `ad app credential reset` prints $FAKE_PASSWORD (or fails when it is empty), `rest --method
 * put` copies the body file and its mode to $LOG and prints a version id. Every call's arguments go to $LOG/calls.
 */
const FAKE_AZ = `#!/bin/bash
printf '%s\\n' "$*" >> "$LOG/calls"
if [ "$1 $2 $3 $4" = "ad app credential reset" ]; then
  [ -n "$FAKE_PASSWORD" ] || { echo "ERROR: Insufficient privileges" >&2; exit 1; }
  echo "WARNING: The output includes credentials that you must protect." >&2
  printf '%s\\n' "$FAKE_PASSWORD"
elif [ "$1 $2 $3" = "rest --method put" ]; then
  for arg in "$@"; do case "$arg" in @*) cp "\${arg#@}" "$LOG/body.json"; stat -c %a "\${arg#@}" > "$LOG/mode";; esac; done
  echo "${NEW_VERSION_ID}"
fi
`;

function run(command: string, password: string) {
  const dir = mkdtempSync(join(tmpdir(), "client-secret-"));
  const bin = join(dir, "bin");
  const log = join(dir, "log");
  const work = join(dir, "work");
  for (const d of [bin, log, work]) spawnSync("mkdir", ["-p", d]);
  writeFileSync(join(bin, "az"), FAKE_AZ);
  chmodSync(join(bin, "az"), 0o755);
  const result = spawnSync("bash", ["-c", command], {
    cwd: work,
    encoding: "utf8",
    env: { PATH: `${bin}:${process.env.PATH}`, LOG: log, FAKE_PASSWORD: password },
  });
  const read = (name: string) => (existsSync(join(log, name)) ? readFileSync(join(log, name), "utf8") : "");
  const found = {
    calls: read("calls"),
    body: read("body.json"),
    mode: read("mode").trim(),
    leftBehind: existsSync(join(work, "easyauth-client-secret.json")),
  };
  rmSync(dir, { recursive: true, force: true });
  return { ...result, ...found };
}

const command = storeClientSecretCommand(CLIENT_ID, VAULT_ID);

describe("the command that creates the client secret and stores it in Key Vault (bash, with a stand-in az)", () => {
  const ok = run(command, PASSWORD);

  test("adds a one-year password credential named easyauth to the app, keeping the others, and prints only its value", () =>
    expect(ok.calls.split("\n")[0]).toBe(
      `ad app credential reset --id ${CLIENT_ID} --append --display-name easyauth --years 1 --query password -o tsv`,
    ));

  test("stores exactly that value, as text/plain, through the Resource Manager PUT the connector steps use", () => {
    expect(JSON.parse(ok.body)).toEqual({ properties: { value: PASSWORD, contentType: "text/plain" } });
    expect(ok.calls.split("\n")[1]).toBe(
      `rest --method put --url ${PUT_URL} --body @easyauth-client-secret.json --query properties.secretUriWithVersion -o tsv`,
    );
    expect(command).toContain(
      storeSecretCommand({
        keyVaultId: VAULT_ID,
        secretName: "easyauth-client-secret",
        bodyFile: "easyauth-client-secret.json",
      }),
    );
  });

  test("prints the new version's id and nothing of the secret; the body file was private and is gone", () => {
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(`${NEW_VERSION_ID}\n`);
    expect(ok.stdout + ok.stderr).not.toContain("aB3~x");
    expect(ok.mode).toBe("600");
    expect(ok.leftBehind).toBe(false);
  });

  test("the secret is never on a command line: no argument of any call carries it", () =>
    expect(ok.calls).not.toContain("aB3~x"));

  test("when Entra refuses the new credential, nothing is stored, and the command says so", () => {
    const refused = run(command, "");
    expect(refused.calls).not.toContain("rest --method put");
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain("Insufficient privileges");
    expect(refused.stderr).toContain("no client secret came back from Entra: nothing stored");
    expect(refused.leftBehind).toBe(false);
  });

  const shellcheck = hasTool("shellcheck");
  if (!shellcheck) skipCheck("shellcheck of the client secret command", "shellcheck");
  (shellcheck ? test : test.skip)("passes shellcheck as bash", () => {
    const result = spawnSync("shellcheck", ["--shell=bash", "--severity=style", "-"], {
      input: `${command}\n`,
      encoding: "utf8",
    });
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });
});

describe("the client_secret_steps text", () => {
  const context = {
    clientId: CLIENT_ID,
    keyVaultId: VAULT_ID,
    versionlessSecretId: "https://kv-mlf-dev-x7k2.vault.azure.net/secrets/easyauth-client-secret",
    webAppId:
      "/subscriptions/s/resourceGroups/rg-mlflow-dev/providers/Microsoft.Web/sites/app-mlflow-dev-x7k2",
  };

  test("with the managed identity: how to switch, with the exact id to configure", () => {
    const steps = clientSecretSteps(context);
    expect(steps).toContain(command);
    expect(steps).toContain(
      `easyAuth: { clientCredential: "client-secret", clientSecretKeyVaultSecretId: "${context.versionlessSecretId}" }`,
    );
  });

  test("with a versionless id: rotation is a new version, App Service's refresh, then deleting the old credential", () => {
    const steps = clientSecretSteps({ ...context, configuredSecretId: context.versionlessSecretId });
    expect(steps).toContain(command);
    expect(steps).toContain("within 24 hours");
    expect(steps).toContain(
      `az rest --method post --url "https://management.azure.com${context.webAppId}/config/configreferences/appsettings/refresh?api-version=2022-03-01"`,
    );
    expect(steps).toContain(
      `/config/configreferences/appsettings/MICROSOFT_PROVIDER_AUTHENTICATION_SECRET?api-version=2022-03-01" --query properties.status -o tsv`,
    );
    expect(steps).toContain(`az ad app credential list --id ${CLIENT_ID}`);
    expect(steps).toContain(
      `az ad app credential delete --id ${CLIENT_ID} --key-id <keyId of the older credential>`,
    );
  });

  test("with a versioned id: rotation is a new id to deploy", () => {
    const steps = clientSecretSteps({ ...context, configuredSecretId: NEW_VERSION_ID, versioned: true });
    expect(steps).toContain("Set easyAuth.clientSecretKeyVaultSecretId to the printed id and deploy");
    expect(steps).not.toContain("/refresh?");
  });

  test("the building block's README shows the same command, with placeholders", () =>
    expect(
      readFileSync(join(__dirname, "..", "..", "constructs", "easyauth", "README.md"), "utf8"),
    ).toContain(`\n${storeClientSecretCommand("<client id>", "<key vault id>")}\n`));

  test("hold no Terraform template sequence of their own (only references, once in the stack)", () => {
    for (const configuredSecretId of [undefined, context.versionlessSecretId])
      expect(clientSecretSteps({ ...context, configuredSecretId })).not.toMatch(/[$%]\{/);
  });
});
