import { readFileSync } from "fs";
import {
  ROTATE_ADMIN_PASSWORD_SCRIPT_FILE,
  withoutCommentLines,
} from "../../constructs/app-proxy/connector-install";
import { PROD_LIKE, refTo, resourcesOf, synthStack, type TerraformJson } from "../support/synth";

/**
 * What state would hold about signing in to the App Proxy VMs, read off the whole synthesized stack: no private key
 * anywhere, and each Windows password used once, by a VM whose own first extension replaces it.
 */

const TOKEN =
  "https://kv-ops-shared.vault.azure.net/secrets/connector-token/0123456789abcdef0123456789abcdef";
const stacks: [string, TerraformJson][] = [
  ["defaults", synthStack(PROD_LIKE, "prod").json],
  [
    "token and VM admins",
    synthStack(
      {
        ...PROD_LIKE,
        appProxy: {
          connectorRegistrationTokenSecretId: TOKEN,
          vmAdministratorGroupObjectIds: ["00000000-0000-0000-0000-0000000000a1"],
        },
      },
      "prod",
    ).json,
  ],
];

describe.each(stacks)("App Proxy stack (%s)", (_label, json) => {
  test("no private key: no tls provider or resource, no private key attribute, no whole-response export", () => {
    const text = JSON.stringify(json);
    expect(Object.keys(json.resource).filter((type) => type.startsWith("tls_"))).toEqual([]);
    expect(Object.keys((json.terraform?.required_providers ?? {}) as object)).not.toContain("tls");
    expect(text).not.toMatch(/private_key|privateKey|sensitive_response_export_values/);
    for (const action of Object.values(resourcesOf(json, "azapi_resource_action")))
      expect(action.response_export_values).toEqual(["publicKey"]);
  });

  test("each Windows admin password is read once, by its VM, and that VM's install extension rotates it first", () => {
    const text = JSON.stringify(json);
    const vms = resourcesOf(json, "azurerm_windows_virtual_machine");
    expect(Object.keys(vms).length).toBeGreaterThan(0);
    const extensions = Object.values(resourcesOf(json, "azurerm_virtual_machine_extension"));
    const locals = (json as { locals?: Record<string, string> }).locals ?? {};
    for (const [path, vm] of Object.entries(vms)) {
      const password = vm.admin_password as string;
      expect(password).toMatch(/^\$\{random_password\.[^.]+\.result\}$/);
      const address = password.slice(2, password.lastIndexOf("."));
      expect({ path, readers: text.split(address).length - 1 }).toEqual({ path, readers: 1 });
      const install = extensions.find(
        (e) =>
          e.type === "CustomScriptExtension" &&
          e.virtual_machine_id === refTo(json, "azurerm_windows_virtual_machine", path, "id"),
      );
      const local = /local\.([\w-]+)/.exec(
        JSON.parse(install!.protected_settings as string).commandToExecute,
      )![1];
      expect(locals[local]).toContain(
        `$RotateAdminPassword = {\n${withoutCommentLines(readFileSync(ROTATE_ADMIN_PASSWORD_SCRIPT_FILE, "utf8"))}}`,
      );
    }
    // No Key Vault copy of any of them.
    expect(text).not.toMatch(/apc-prod-\d-admin-password/);
  });
});
