import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { MLFLOW_VM_IMAGE, MlflowVm, mlflowVmPrivateIp } from "../../constructs/app-proxy/mlflow-vm";
import { SSH_PUBLIC_KEYS_API_VERSION } from "../../constructs/app-proxy/ssh-public-key";
import { hasTool, skipCheck } from "../support/tools";
import { hostStartDependencies, refTo, resourceAt, resourcesOf } from "../support/json";
import { hostStack } from "../support/foundation";

function build(appProxy = {}) {
  const { stack, vmProps, synth } = hostStack(appProxy);
  const vm = new MlflowVm(stack, "mlflow-vm", {
    ...vmProps,
    publicUrls: ["https://mlflow-prod-contoso.msappproxy.net/"],
  });
  const json = synth();
  return { vm, json, vmProps };
}

const { vm, json } = build();
const requiredProviders = (j: typeof json) =>
  (j.terraform?.required_providers ?? {}) as Record<string, { source: string; version: string }>;
const linuxVm = resourceAt(json, "azurerm_linux_virtual_machine", "mlflow-vm/virtual-machine");
const nic = resourceAt(json, "azurerm_network_interface", "mlflow-vm/nic");

describe("MlflowVm: network", () => {
  test("the VM's only NIC has no public IP and does not forward", () => {
    expect(linuxVm.network_interface_ids).toEqual([
      refTo(json, "azurerm_network_interface", "mlflow-vm/nic", "id"),
    ]);
    expect(nic.ip_forwarding_enabled).toBe(false);
    const ipConfigurations = nic.ip_configuration as Record<string, unknown>[];
    expect(ipConfigurations).toHaveLength(1);
    expect(ipConfigurations[0]).not.toHaveProperty("public_ip_address_id");
    expect(
      Object.keys(json.resource.azurerm_public_ip ?? {}).filter((name) => name.startsWith("mlflow-vm")),
    ).toEqual([]);
  });

  test("the NIC sits in the mlflowVm subnet with a static IP that the internal URL uses", () => {
    const ipConfiguration = (nic.ip_configuration as Record<string, unknown>[])[0];
    expect(ipConfiguration.subnet_id).toBe(refTo(json, "azurerm_subnet", "subnet-mlflow-vm", "id"));
    expect(ipConfiguration.private_ip_address_allocation).toBe("Static");
    expect(ipConfiguration.private_ip_address).toBe(vm.privateIpAddress);
    expect(vm.internalUrl).toBe(`http://${vm.privateIpAddress}:5000/`);
  });

  test("the private IP is the first address Azure lets a NIC take", () => {
    expect(mlflowVmPrivateIp("10.50.0.64/27")).toBe("10.50.0.68");
    expect(() => mlflowVmPrivateIp("10.50.0.64/30")).toThrow(/smaller than \/29/);
    expect(() => mlflowVmPrivateIp("nonsense")).toThrow(/subnet prefix/);
  });
});

describe("MlflowVm: allowed hosts", () => {
  const cloudInitOf = (j: ReturnType<typeof build>["json"]) => {
    const locals = (j as { locals?: Record<string, string> }).locals ?? {};
    return locals[Object.keys(locals).find((name) => name.startsWith("mlflow-vm_cloud-init")) as string];
  };

  test("MLflow accepts only the hosts the front door names when nothing reaches the VM directly", () => {
    expect(cloudInitOf(json)).toContain(
      "--allowed-hosts 'mlflow-prod-contoso.msappproxy.net' --cors-allowed-origins 'https://mlflow-prod-contoso.msappproxy.net'",
    );
  });

  test("with allowedSourceCidrs, MLflow also accepts its own address (those networks send it as Host)", () => {
    const { vm: direct, json: directJson } = build({ allowedSourceCidrs: ["10.60.0.0/24"] });
    expect(cloudInitOf(directJson)).toContain(
      `--allowed-hosts 'mlflow-prod-contoso.msappproxy.net,${direct.privateIpAddress}:5000' ` +
        `--cors-allowed-origins 'https://mlflow-prod-contoso.msappproxy.net,http://${direct.privateIpAddress}:5000'`,
    );
  });
});

describe("MlflowVm: sign-in", () => {
  const ADMINS = "00000000-0000-0000-0000-0000000000a1";
  const OPS = "00000000-0000-0000-0000-0000000000a2";

  test("password authentication is off; without a configured key the admin key is one Azure generates", () => {
    expect(linuxVm.disable_password_authentication).toBe(true);
    expect(linuxVm).not.toHaveProperty("admin_password");
    const action = "mlflow-vm/admin-ssh-key/generate-key-pair";
    expect(linuxVm.admin_ssh_key).toEqual([
      {
        username: "mlflowadmin",
        public_key: refTo(json, "azapi_resource_action", action, "output.publicKey"),
      },
    ]);
    // An SSH public key resource created without a key, then its generateKeyPair action (the portal's "Generate new
    // key pair"): the response holds both halves, and only publicKey is exported, i.e. kept in state.
    const keyResource = resourceAt(json, "azapi_resource", "mlflow-vm/admin-ssh-key/ssh-public-key");
    expect(keyResource).toMatchObject({
      type: `Microsoft.Compute/sshPublicKeys@${SSH_PUBLIC_KEYS_API_VERSION}`,
      name: "sshkey-vm-mlflow-prod",
      parent_id: refTo(json, "azurerm_resource_group", "resource-group", "id"),
      location: refTo(json, "azurerm_resource_group", "resource-group", "location"),
    });
    expect(keyResource).not.toHaveProperty("body");
    expect(resourceAt(json, "azapi_resource_action", action)).toEqual({
      type: `Microsoft.Compute/sshPublicKeys@${SSH_PUBLIC_KEYS_API_VERSION}`,
      resource_id: refTo(json, "azapi_resource", "mlflow-vm/admin-ssh-key/ssh-public-key", "id"),
      action: "generateKeyPair",
      method: "POST",
      response_export_values: ["publicKey"],
    });
    expect(requiredProviders(json).azapi).toEqual({ source: "Azure/azapi", version: "2.12.0" });
    expect(json.provider?.azapi).toEqual([{}]);
  });

  test("no private key exists anywhere: no tls provider, no private key attribute, no export of the whole response", () => {
    const text = JSON.stringify(json);
    expect(json.resource).not.toHaveProperty("tls_private_key");
    expect(requiredProviders(json)).not.toHaveProperty("tls");
    expect(text).not.toMatch(/private_key|privateKey/);
    for (const body of Object.values(resourcesOf(json, "azapi_resource_action"))) {
      expect(body.response_export_values).not.toContain("*");
      expect(body).not.toHaveProperty("sensitive_response_export_values");
    }
  });

  test("a configured public key replaces the generated one", () => {
    const key =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExampleEx ops@example";
    const { json: withKey } = build({ sshPublicKey: key, adminUsername: "ops" });
    expect(
      resourceAt(withKey, "azurerm_linux_virtual_machine", "mlflow-vm/virtual-machine").admin_ssh_key,
    ).toEqual([{ username: "ops", public_key: key }]);
    expect(withKey.resource.azapi_resource_action).toBeUndefined();
    expect(withKey.resource.azapi_resource).toBeUndefined();
    expect(withKey.provider).not.toHaveProperty("azapi");
  });

  test("Entra ID SSH login is installed (AADSSHLoginForLinux), backed by a system-assigned identity", () => {
    expect(resourceAt(json, "azurerm_virtual_machine_extension", "mlflow-vm/entra-ssh-login")).toMatchObject({
      name: "AADSSHLoginForLinux",
      publisher: "Microsoft.Azure.ActiveDirectory",
      type: "AADSSHLoginForLinux",
      type_handler_version: "1.0",
      auto_upgrade_minor_version: true,
      virtual_machine_id: refTo(json, "azurerm_linux_virtual_machine", "mlflow-vm/virtual-machine", "id"),
    });
    expect((linuxVm.identity as { type: string }).type).toBe("SystemAssigned, UserAssigned");
  });

  test("nobody may sign in by default: no login role is granted", () => {
    expect(vm.administratorLogins).toEqual([]);
    expect(
      Object.keys(resourcesOf(json, "azurerm_role_assignment")).filter((path) =>
        path.startsWith("mlflow-vm/"),
      ),
    ).toEqual([]);
  });

  test("each configured group gets Virtual Machine Administrator Login on this VM, and nothing more", () => {
    const { json: withAdmins } = build({ vmAdministratorGroupObjectIds: [ADMINS, OPS] });
    const logins = Object.entries(resourcesOf(withAdmins, "azurerm_role_assignment")).filter(([path]) =>
      path.startsWith("mlflow-vm/"),
    );
    expect(logins.map(([path]) => path)).toEqual([
      `mlflow-vm/administrator-login-${ADMINS}`,
      `mlflow-vm/administrator-login-${OPS}`,
    ]);
    for (const [path, login] of logins) {
      expect(login).toEqual({
        scope: refTo(withAdmins, "azurerm_linux_virtual_machine", "mlflow-vm/virtual-machine", "id"),
        role_definition_name: "Virtual Machine Administrator Login",
        principal_id: path.endsWith(ADMINS) ? ADMINS : OPS,
        principal_type: "Group",
        description: expect.any(String),
      });
    }
  });

  test("a group that is not an object id is refused at synth, naming the field and how to get the id", () => {
    expect(() => hostStack({ vmAdministratorGroupObjectIds: ["MLflow admins"] })).toThrow(
      /appProxy\.vmAdministratorGroupObjectIds\[0\]: got "MLflow admins"; expected a GUID, the group's object id: 'az ad group show --group "MLflow admins" --query id -o tsv' prints it/,
    );
  });
});

describe("MlflowVm: platform settings", () => {
  test("carries the MLflow identity and the database's Entra administrator (for the start-up bootstrap)", () => {
    expect(linuxVm.identity).toEqual({
      type: "SystemAssigned, UserAssigned",
      identity_ids: [
        refTo(json, "azurerm_user_assigned_identity", "data/mlflow-identity", "id"),
        refTo(json, "azurerm_user_assigned_identity", "backend-store/administrator-identity", "id"),
      ],
    });
  });

  test("encryption at host and Trusted Launch (Secure Boot, vTPM) are on", () => {
    expect(linuxVm).toMatchObject({
      encryption_at_host_enabled: true,
      secure_boot_enabled: true,
      vtpm_enabled: true,
    });
  });

  test("Azure patches the VM (AutomaticByPlatform for installs and assessment, VM agent provisioned)", () => {
    expect(linuxVm).toMatchObject({
      patch_mode: "AutomaticByPlatform",
      patch_assessment_mode: "AutomaticByPlatform",
      provision_vm_agent: true,
    });
  });

  test("boot diagnostics go to a managed storage account", () => {
    expect(linuxVm.boot_diagnostics).toEqual({});
  });

  test("runs Ubuntu 24.04 LTS (Gen2) at the configured size on a premium OS disk", () => {
    expect(linuxVm.source_image_reference).toEqual(MLFLOW_VM_IMAGE);
    expect(MLFLOW_VM_IMAGE).toEqual({
      publisher: "Canonical",
      offer: "ubuntu-24_04-lts",
      sku: "server",
      version: "latest",
    });
    expect(linuxVm.size).toBe("Standard_D2s_v5");
    expect(linuxVm.os_disk).toMatchObject({
      storage_account_type: "Premium_LRS",
      caching: "ReadWrite",
      disk_size_gb: 64,
    });
    expect(build({ vmSize: "Standard_D4s_v5" }).json).toBeDefined();
    expect(
      resourceAt(
        build({ vmSize: "Standard_D4s_v5" }).json,
        "azurerm_linux_virtual_machine",
        "mlflow-vm/virtual-machine",
      ).size,
    ).toBe("Standard_D4s_v5");
  });
});

describe("MlflowVm: custom_data", () => {
  const locals = (json as { locals?: Record<string, string> }).locals ?? {};
  const localNames = Object.keys(locals).filter((name) => name.startsWith("mlflow-vm_cloud-init"));

  test("custom_data is the base64 of the rendered cloud-init document", () => {
    expect(localNames).toHaveLength(1);
    expect(linuxVm.custom_data).toBe(`\${base64encode(local.${localNames[0]})}`);
    const text = locals[localNames[0]];
    expect(text.startsWith("#cloud-config\n")).toBe(true);
    expect(text).toContain(
      `AZURE_CLIENT_ID=${refTo(json, "azurerm_user_assigned_identity", "data/mlflow-identity", "client_id")}`,
    );
    expect(text).toContain(
      `backend_store_uri='postgresql+psycopg2://id-mlflow-prod@${refTo(json, "azurerm_postgresql_flexible_server", "backend-store/server", "fqdn")}:5432/mlflow?sslmode=require'`,
    );
    expect(text).toContain("--allowed-hosts 'mlflow-prod-contoso.msappproxy.net'");
  });

  test("the VM is created only after what its unit uses at first boot exists: Entra administrator, DNS, NAT", () => {
    expect(linuxVm.depends_on).toEqual(expect.arrayContaining(hostStartDependencies(json, "mlflow-vm")));
  });

  test("the only Terraform interpolations in it are the identities, the server's host name and the storage account", () => {
    const text = locals[localNames[0]];
    const interpolations = [...new Set([...text.matchAll(/[$%]\{[^}]*\}/g)].map((m) => m[0]))].sort();
    expect(interpolations).toEqual(
      [
        refTo(json, "azurerm_postgresql_flexible_server", "backend-store/server", "fqdn"),
        refTo(json, "azurerm_storage_account", "data/artifacts/storage-account", "name"),
        refTo(json, "azurerm_user_assigned_identity", "data/mlflow-identity", "client_id"),
        refTo(json, "azurerm_user_assigned_identity", "data/mlflow-identity", "principal_id"),
        refTo(json, "azurerm_user_assigned_identity", "backend-store/administrator-identity", "client_id"),
      ].sort(),
    );
    // No password in any URI, and no Key Vault reference: nothing to read from the vault at start.
    expect(text).not.toMatch(/:\/\/[^/@\s'"]+:[^/@\s'"]+@/);
    expect(text).not.toContain("@Microsoft.KeyVault");
  });

  const hasCloudInit = hasTool("cloud-init");
  if (!hasCloudInit) skipCheck("cloud-init schema validation of the synthesized custom_data", "cloud-init");
  (hasCloudInit ? test : test.skip)(
    "with sample values for the references, `cloud-init schema` accepts it",
    () => {
      const text = locals[localNames[0]]
        .replace(
          /\$\{azurerm_user_assigned_identity\.[^}]+\.client_id\}/g,
          "11111111-2222-3333-4444-555555555555",
        )
        .replace(
          /\$\{azurerm_user_assigned_identity\.[^}]+\.principal_id\}/g,
          "33333333-3333-3333-3333-333333333333",
        )
        .replace(
          /\$\{azurerm_postgresql_flexible_server\.[^}]+\.fqdn\}/g,
          "psql-mlflow-prod-t3st01.postgres.database.azure.com",
        )
        .replace(/\$\{azurerm_storage_account\.[^}]+\.name\}/g, "stmlfprodt3st01");
      const dir = mkdtempSync(join(tmpdir(), "mlflow-vm-"));
      try {
        writeFileSync(join(dir, "user-data"), text);
        const result = spawnSync("cloud-init", ["schema", "--config-file", join(dir, "user-data")], {
          encoding: "utf8",
        });
        expect(result.stdout + result.stderr).toContain("Valid cloud-config");
        expect(result.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test("no resource of the VM carries a password", () => {
    for (const [path, body] of Object.entries(resourcesOf(json, "azurerm_linux_virtual_machine"))) {
      expect({ path, hasPassword: "admin_password" in body }).toEqual({ path, hasPassword: false });
    }
  });
});
