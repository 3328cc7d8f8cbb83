import { readdirSync, readFileSync, statSync } from "fs";
import { join, relative } from "path";
import { TerraformResource, Testing } from "cdktf";
import { MlflowStack } from "../constructs";
import type { AppProxyFrontDoor } from "../constructs/app-proxy";
import type { EasyAuthFrontDoor } from "../constructs/easyauth";
import {
  DEV_LIKE,
  PROD_LIKE,
  resolveToken,
  resourceAt,
  synthStack,
  type TerraformJson,
} from "./support/synth";

const TOKEN = "https://kv-ops.vault.azure.net/secrets/connector-token/0123456789abcdef0123456789abcdef";
const CLIENT_SECRET_ID = "https://kv-mlf-dev-x7k2.vault.azure.net/secrets/easyauth-client-secret";

const CONSTRUCTS = join(__dirname, "..", "constructs");

/** Every TypeScript file under constructs/, by path relative to it. */
function sources(dir = CONSTRUCTS): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return sources(full);
    return full.endsWith(".ts") ? [relative(CONSTRUCTS, full)] : [];
  });
}

describe("outputs are made in one place", () => {
  test("only mlflow-stack.ts makes Terraform outputs, and nothing overrides a logical id", () => {
    const making = sources().filter((file) =>
      /new TerraformOutput\(/.test(readFileSync(join(CONSTRUCTS, file), "utf8")),
    );
    expect(making).toEqual(["mlflow-stack.ts"]);
    const renaming = sources().filter((file) =>
      /overrideLogicalId\(/.test(readFileSync(join(CONSTRUCTS, file), "utf8")),
    );
    expect(renaming).toEqual([]);
  });

  test.each([
    ["EasyAuth", DEV_LIKE, ["client_secret_steps"]],
    ["App Proxy", PROD_LIKE, ["connector_group_id", "connector_steps", "native_client_id"]],
  ] as const)("an %s stack has the common outputs and its mode's own", (_mode, config, own) => {
    const common = [
      "entra_client_id",
      "key_vault_name",
      "mlflow_entra_scope",
      "mlflow_image",
      "postgres_server_name",
      "resource_group",
      "storage_account_name",
      "tenant_id",
      "token_command",
      "tracking_uri",
    ];
    expect(Object.keys(synthStack(config).json.output ?? {}).sort()).toEqual([...common, ...own].sort());
  });

  test("mlflow_image is the image the hosts run (the deploy workflow looks it up before a plan)", () => {
    const { json } = synthStack({ ...DEV_LIKE, mlflow: { image: "ghcr.io/mlflow/mlflow:v3.16.0-full" } });
    expect(json.output?.mlflow_image).toMatchObject({ value: "ghcr.io/mlflow/mlflow:v3.16.0-full" });
    expect(JSON.stringify(json.resource.azurerm_linux_web_app)).toContain('"mlflow/mlflow:v3.16.0-full"');
  });
});

describe("escape hatches: private endpoints, diagnostic settings, role assignments and the database administrator are reachable", () => {
  test("each is a public field, and an override on it reaches the synthesized JSON", () => {
    const app = Testing.app();
    const stack = new MlflowStack(app, "mlflow-prod", {
      ...PROD_LIKE,
      appProxy: { connectorRegistrationTokenSecretId: TOKEN },
    });
    const { dataPlane } = stack;
    const frontDoor = stack.frontDoor as AppProxyFrontDoor;
    const children: TerraformResource[] = [
      dataPlane.secretStore.privateEndpoint,
      dataPlane.artifactStore.privateEndpoint,
      dataPlane.secretStore.diagnostics,
      dataPlane.artifactStore.diagnostics,
      dataPlane.backendStore.diagnostics,
      ...dataPlane.backendStore.tlsSettings,
      dataPlane.artifactsWriter,
      dataPlane.backendStore.administrator,
      frontDoor.connectorHosts!.registrationTokenAccess!,
    ];
    for (const child of children) child.addOverride("lifecycle.create_before_destroy", true);
    const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
    for (const child of children) {
      expect(json.resource[child.terraformResourceType][child.friendlyUniqueId]).toMatchObject({
        lifecycle: { create_before_destroy: true },
      });
    }
  });

  test("the EasyAuth web app's diagnostics and secret reader too", () => {
    const stack = new MlflowStack(Testing.app(), "mlflow-dev", {
      ...DEV_LIKE,
      easyAuth: { clientCredential: "client-secret", clientSecretKeyVaultSecretId: CLIENT_SECRET_ID },
    });
    const frontDoor = stack.frontDoor as EasyAuthFrontDoor;
    expect(frontDoor.diagnostics).toBeInstanceOf(TerraformResource);
    expect(frontDoor.clientCredential.secretReader).toBeInstanceOf(TerraformResource);
  });
});

describe("what only the stack decides", () => {
  const { json } = synthStack(DEV_LIKE);
  const azurerm = (json.provider!.azurerm as Record<string, unknown>[])[0];

  test("the provider uses Entra ID for storage and never reads the storage data plane", () => {
    expect(azurerm.storage_use_azuread).toBe(true);
    expect(azurerm.features).toEqual([
      expect.objectContaining({ storage: [{ data_plane_available: false }] }),
    ]);
  });

  test("destroying a secret's deployment leaves the secret in the vault", () => {
    expect(azurerm.features).toEqual([
      expect.objectContaining({ template_deployment: [{ delete_nested_items_during_deletion: false }] }),
    ]);
  });

  test("the resource group carries prevent_destroy", () => {
    expect(resourceAt(json, "azurerm_resource_group", "resource-group").lifecycle).toEqual({
      prevent_destroy: true,
    });
  });

  test("appProxy.allowedSourceCidrs opens MLflow's port on the VM subnet to those networks", () => {
    const { json: withCidrs } = synthStack({
      ...PROD_LIKE,
      appProxy: { allowedSourceCidrs: ["10.60.0.0/24"] },
    });
    expect(
      resourceAt(withCidrs, "azurerm_network_security_rule", "nsg-mlflow-vm-AllowMlflowFromListedCidrs"),
    ).toMatchObject({ source_address_prefixes: ["10.60.0.0/24"], destination_port_range: "5000" });
  });

  test("the outputs carry what the front door exposes", () => {
    const { stack, json: prod } = synthStack(PROD_LIKE);
    const frontDoor = stack.frontDoor as AppProxyFrontDoor;
    const outputs = prod.output!;
    const resolved = (value: string) => resolveToken(stack, value);
    expect(outputs.tracking_uri.value).toBe(resolved(frontDoor.trackingUri));
    expect(outputs.token_command.value).toBe(resolved(frontDoor.tokenCommand));
    expect(outputs.mlflow_entra_scope.value).toBe(resolved(frontDoor.tokenScope));
    expect(outputs.entra_client_id.value).toBe(resolved(frontDoor.applicationClientId));
    expect(outputs.connector_group_id.value).toBe(resolved(frontDoor.connectorGroup.groupId));
    expect(outputs.connector_steps.value).toBe(resolved(frontDoor.connectorSteps));
    expect(outputs.native_client_id.value).toBe(resolved(frontDoor.nativeClientId));
    expect(outputs.tenant_id.value).toBe("${data.azurerm_client_config.azurerm-client.tenant_id}");
  });

  test.each([
    ["managed-identity", DEV_LIKE],
    [
      "client-secret",
      {
        ...DEV_LIKE,
        easyAuth: { clientCredential: "client-secret", clientSecretKeyVaultSecretId: CLIENT_SECRET_ID },
      } as const,
    ],
  ] as const)(
    "EasyAuth (%s): client_secret_steps carries the front door's steps, with its client id and vault",
    (_mode, config) => {
      const { stack, json } = synthStack(config);
      const frontDoor = stack.frontDoor as EasyAuthFrontDoor;
      const steps = json.output!.client_secret_steps.value as string;
      expect(steps).toBe(resolveToken(stack, frontDoor.clientSecretSteps));
      expect(steps).toContain(
        "az ad app credential reset --id ${azuread_application.easyauth_entra-app_application_8764D18B.client_id} --append",
      );
      expect(steps).toContain(
        'az rest --method put --url "https://management.azure.com${azurerm_key_vault.data_secrets_key-vault_824A62C9.id}/secrets/easyauth-client-secret?api-version=2023-07-01"',
      );
    },
  );

  test.each([
    ["EasyAuth", DEV_LIKE, /from your Azure CLI login$/],
    [
      "App Proxy",
      PROD_LIKE,
      /device-code sign-in as the native_client_id app .*pip install \.\/clients\/python.*Azure CLI is an unverified opt-in/,
    ],
  ] as const)("the %s token_command output says how it gets the token", (_mode, config, says) => {
    const { json } = synthStack(config);
    expect(json.output!.token_command.description).toMatch(says);
  });

  test("App Proxy's token_command description and every doc name the same client, install, cache and opt-in", () => {
    const description = synthStack(PROD_LIKE).json.output!.token_command.description as string;
    const docs = ["README.md", "docs/clients.md", "clients/python/README.md"].map((doc) =>
      readFileSync(join(__dirname, "..", doc), "utf8"),
    );
    for (const phrase of [
      "native_client_id",
      "pip install ./clients/python",
      "~/.cache/mlflow-entra-auth",
      "unverified",
    ]) {
      expect(description).toContain(phrase);
      for (const doc of docs) expect(doc).toContain(phrase);
    }
  });
});
