import { ConstructError } from "../../constructs/construct-error";
import { EasyAuthFrontDoor } from "../../constructs/easyauth";
import { foundation } from "../support/foundation";
import { addressOf, DEV_LIKE, refTo, resourceAt, resourcesOf } from "../support/json";
import { synthEasyAuth } from "./front-door-stack";

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The foundation's vault (environment `test`, suffix t3st01), where the operator stored the client secret. */
const VAULT = "kv-mlf-test-t3st01";
const VERSIONLESS = `https://${VAULT}.vault.azure.net/secrets/easyauth-client-secret`;
const VERSION = "0123456789abcdef0123456789abcdef";

const versionless = synthEasyAuth({
  easyAuth: { clientCredential: "client-secret", clientSecretKeyVaultSecretId: VERSIONLESS },
});
const versioned = synthEasyAuth({
  easyAuth: { clientCredential: "client-secret", clientSecretKeyVaultSecretId: `${VERSIONLESS}/${VERSION}` },
});
const { json, text } = versionless;
const webApp = resourceAt(json, "azurerm_linux_web_app", "easyauth/web-app") as any;
const vault = (attribute: string) => refTo(json, "azurerm_key_vault", "secrets/key-vault", attribute);
const reader = resourceAt(json, "azurerm_role_assignment", "easyauth/client-credential/secret-reader") as any;

describe("client-secret mode keeps nothing usable in state: the operator's secret, referenced by id", () => {
  test("no application password, no template deployment and no generated secret anywhere in the stack", () => {
    expect(json.resource.azuread_application_password).toBeUndefined();
    expect(json.resource.azuread_service_principal_password).toBeUndefined();
    expect(json.resource.azurerm_resource_group_template_deployment).toBeUndefined();
    expect(json.resource.azurerm_key_vault_secret).toBeUndefined();
    expect(json.resource.random_password).toBeUndefined();
    expect(text).not.toContain("application_password");
  });

  test("the app reads the secret through a versionless Key Vault reference to it in the environment's vault", () =>
    expect(webApp.app_settings.MICROSOFT_PROVIDER_AUTHENTICATION_SECRET).toBe(
      `@Microsoft.KeyVault(SecretUri=${vault("vault_uri")}secrets/easyauth-client-secret)`,
    ));

  test("a versioned id is referenced with its version (each new version is a deploy)", () => {
    const app = resourceAt(versioned.json, "azurerm_linux_web_app", "easyauth/web-app") as any;
    expect(app.app_settings.MICROSOFT_PROVIDER_AUTHENTICATION_SECRET).toBe(
      `@Microsoft.KeyVault(SecretUri=${refTo(versioned.json, "azurerm_key_vault", "secrets/key-vault", "vault_uri")}secrets/easyauth-client-secret/${VERSION})`,
    );
  });

  test("EasyAuth uses that setting as its client secret setting, kept slot-sticky", () => {
    expect(webApp.auth_settings_v2.active_directory_v2.client_secret_setting_name).toBe(
      "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET",
    );
    expect(webApp.sticky_settings.app_setting_names).toEqual(["MICROSOFT_PROVIDER_AUTHENTICATION_SECRET"]);
  });

  test("the web app's reference identity, and no one else, is Key Vault Secrets User on that one secret", () => {
    expect(reader.role_definition_name).toBe("Key Vault Secrets User");
    expect(reader.scope).toBe(`${vault("id")}/secrets/easyauth-client-secret`);
    // The identity that resolves references is the one granted: same user-assigned identity, id and principal id.
    const identity = "data/mlflow-identity";
    expect(webApp.key_vault_reference_identity_id).toBe(
      refTo(json, "azurerm_user_assigned_identity", identity, "id"),
    );
    expect(reader.principal_id).toBe(refTo(json, "azurerm_user_assigned_identity", identity, "principal_id"));
    const keyVaultRoles = Object.values(resourcesOf(json, "azurerm_role_assignment")).filter((r) =>
      String(r.role_definition_name).startsWith("Key Vault"),
    );
    expect(keyVaultRoles).toEqual([reader]);
  });

  test("the web app starts only once its reference identity may read the secret", () =>
    expect(webApp.depends_on).toContain(
      addressOf(json, "azurerm_role_assignment", "easyauth/client-credential/secret-reader"),
    ));

  test("a secret id naming another vault is refused at plan, where the computed vault name is known", () => {
    expect(reader.lifecycle.precondition).toEqual([
      {
        condition: `\${(lower(${vault("name").slice(2, -1)}) == "${VAULT}")}`,
        error_message: expect.stringMatching(
          /^The EasyAuth client secret id names the vault "kv-mlf-test-t3st01", but .*easyAuth\.clientSecretKeyVaultSecretId.*\.$/,
        ),
      },
    ]);
  });

  test("no federated credential and no extra identity are created", () => {
    expect(json.resource.azuread_application_federated_identity_credential).toBeUndefined();
    expect(webApp.identity.identity_ids).toEqual([
      refTo(json, "azurerm_user_assigned_identity", "data/mlflow-identity", "id"),
      refTo(json, "azurerm_user_assigned_identity", "backend-store/administrator-identity", "id"),
    ]);
    expect(text).not.toContain("OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID");
  });

  test("the construct refuses client-secret mode without a secret id (library use, past the config check)", () => {
    const { stack, frontDoorProps } = foundation({}, { name: "test", base: DEV_LIKE });
    expect(
      () =>
        new EasyAuthFrontDoor(stack, "easyauth", {
          ...frontDoorProps,
          easyAuth: {
            skuName: "B1",
            clientCredential: "client-secret",
            clientSecretKeyVaultSecretId: undefined,
            customDomain: undefined,
          },
        }),
    ).toThrow(
      expect.objectContaining({
        constructor: ConstructError,
        message: expect.stringMatching(
          /^mlflow-test\/easyauth\/client-credential: clientSecretKeyVaultSecretId "" is not a Key Vault secret id; "client-secret" mode needs/,
        ),
      }),
    );
  });
});
