import { execFileSync, spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { gzipSync } from "zlib";
import {
  CONNECTOR_ADMIN_USERNAME,
  CONNECTOR_VM_IMAGE,
  ConnectorHosts,
} from "../../constructs/app-proxy/connector-hosts";
import {
  CONNECTOR_INSTALLER_URL,
  CONNECTOR_SCRIPT_FILE,
  connectorInstallCommand,
  connectorInstallScript,
  ROTATE_ADMIN_PASSWORD_SCRIPT_FILE,
  withoutCommentLines,
} from "../../constructs/app-proxy/connector-install";
import { KEY_VAULT_SECRETS_ARM_API_VERSION } from "../../constructs/data/store-secret-steps";
import { MlflowVm } from "../../constructs/app-proxy/mlflow-vm";
import type { AppProxyConfig } from "../../constructs/config";
import { SecurityRulePack } from "../../constructs/policy";
import { addressOf, refTo, resourcesOf, type TerraformJson } from "../support/json";
import { hostStack } from "../support/foundation";

const TOKEN_SECRET_ID =
  "https://kv-ops-shared.vault.azure.net/secrets/connector-token/0123456789abcdef0123456789abcdef";
const NEXT_TOKEN_SECRET_ID =
  "https://kv-ops-shared.vault.azure.net/secrets/connector-token/fedcba9876543210fedcba9876543210";

function build(appProxy: AppProxyConfig = {}) {
  const { stack, hostsProps, synth } = hostStack(appProxy);
  const hosts = new ConnectorHosts(stack, "connector-hosts", hostsProps);
  const json = synth() as TerraformJson & { locals?: Record<string, string> };
  return { hosts, json, hostsProps };
}

const manual = build();
/** Parameters of connectorInstallScript for tests that change one of them. */
const PARAMETERS = {
  tenantId: "t",
  tokenSecretId: "",
  identityClientId: "",
  adminUsername: CONNECTOR_ADMIN_USERNAME,
  lastHostName: "",
};
const automatic = build({ connectorRegistrationTokenSecretId: TOKEN_SECRET_ID, connectorCount: 3 });

const windowsVms = (json: TerraformJson) => resourcesOf(json, "azurerm_windows_virtual_machine");
const nics = (json: TerraformJson) => resourcesOf(json, "azurerm_network_interface");
const extensions = (json: TerraformJson) => resourcesOf(json, "azurerm_virtual_machine_extension");

describe("ConnectorHosts: hosts", () => {
  test("two hosts by default, named apc-<env>-<n> (Windows computer names of at most 15 characters)", () => {
    expect(manual.hosts.computerNames).toEqual(["apc-prod-1", "apc-prod-2"]);
    const vms = Object.values(windowsVms(manual.json));
    expect(vms.map((vm) => [vm.name, vm.computer_name])).toEqual([
      ["apc-prod-1", "apc-prod-1"],
      ["apc-prod-2", "apc-prod-2"],
    ]);
    for (const name of manual.hosts.computerNames) expect(name.length).toBeLessThanOrEqual(15);
  });

  test("connectorCount sets the number of hosts", () => {
    expect(automatic.hosts.computerNames).toEqual(["apc-prod-1", "apc-prod-2", "apc-prod-3"]);
    expect(Object.keys(windowsVms(automatic.json))).toHaveLength(3);
  });

  test("no host NIC has a public IP or forwards; all sit in the connector subnet", () => {
    const connectorNics = Object.entries(nics(manual.json)).filter(([path]) =>
      path.startsWith("connector-hosts/"),
    );
    expect(connectorNics).toHaveLength(2);
    for (const [, nic] of connectorNics) {
      expect(nic.ip_forwarding_enabled).toBe(false);
      const ipConfigurations = nic.ip_configuration as Record<string, unknown>[];
      expect(ipConfigurations).toHaveLength(1);
      expect(ipConfigurations[0]).not.toHaveProperty("public_ip_address_id");
      expect(ipConfigurations[0].subnet_id).toBe(
        refTo(manual.json, "azurerm_subnet", "subnet-connector", "id"),
      );
    }
    expect(
      Object.keys(manual.json.resource.azurerm_public_ip ?? {}).filter((n) =>
        n.startsWith("connector-hosts"),
      ),
    ).toEqual([]);
  });

  test("hosts run Windows Server 2022 Azure Edition with encryption at host, Trusted Launch, platform patching and boot diagnostics", () => {
    for (const vm of Object.values(windowsVms(manual.json))) {
      expect(vm).toMatchObject({
        source_image_reference: CONNECTOR_VM_IMAGE,
        size: "Standard_D2s_v5",
        encryption_at_host_enabled: true,
        secure_boot_enabled: true,
        vtpm_enabled: true,
        provision_vm_agent: true,
        patch_mode: "AutomaticByPlatform",
        patch_assessment_mode: "AutomaticByPlatform",
        boot_diagnostics: {},
        admin_username: CONNECTOR_ADMIN_USERNAME,
      });
    }
    expect(CONNECTOR_VM_IMAGE).toEqual({
      publisher: "MicrosoftWindowsServer",
      offer: "WindowsServer",
      sku: "2022-datacenter-azure-edition",
      version: "latest",
    });
  });

  test("each admin password is generated and feeds only its own VM's admin_password: no Key Vault copy", () => {
    const vms = windowsVms(manual.json);
    const everything = JSON.stringify(manual.json);
    [1, 2].forEach((n) => {
      const passwordRef = refTo(
        manual.json,
        "random_password",
        `connector-hosts/admin-password-${n}`,
        "result",
      );
      expect(vms[`connector-hosts/vm-${n}`].admin_password).toBe(passwordRef);
      // Read nowhere else: not by a template deployment (no escrow), an output, a local or another host.
      const address = passwordRef.slice(2, passwordRef.lastIndexOf("."));
      expect(everything.split(address).length - 1).toBe(1);
      expect(
        resourcesOf(manual.json, "random_password")[`connector-hosts/admin-password-${n}`],
      ).toMatchObject({
        length: 32,
        min_lower: 1,
        min_upper: 1,
        min_numeric: 1,
        min_special: 1,
      });
    });
    expect(
      Object.keys(resourcesOf(manual.json, "azurerm_resource_group_template_deployment")).filter((path) =>
        path.startsWith("connector-hosts/"),
      ),
    ).toEqual([]);
    expect(everything).not.toMatch(/apc-prod-\d-admin-password/);
  });

  test("the password in state is replaced at first boot by the same host's install extension", () => {
    // The extension on vm-n is the one whose script rotates vm-n's password: the random_password opens nothing after.
    const installs = extensions(manual.json);
    [1, 2].forEach((n) => {
      expect(installs[`connector-hosts/connector-install-${n}`].virtual_machine_id).toBe(
        refTo(manual.json, "azurerm_windows_virtual_machine", `connector-hosts/vm-${n}`, "id"),
      );
    });
    expect(manual.hosts.installScript).toContain(`$AdminUsername = '${CONNECTOR_ADMIN_USERNAME}'`);
    expect(manual.hosts.installScript).toContain(
      `$RotateAdminPassword = {\n${withoutCommentLines(readFileSync(ROTATE_ADMIN_PASSWORD_SCRIPT_FILE, "utf8"))}}`,
    );
  });
});

describe("ConnectorHosts: the install extension", () => {
  const installExtensions = (json: TerraformJson) =>
    Object.entries(extensions(json)).filter(([path]) =>
      path.startsWith("connector-hosts/connector-install-"),
    );

  test("each host gets a CustomScriptExtension whose command is only in protected settings", () => {
    const entries = installExtensions(manual.json);
    expect(entries.map(([path]) => path)).toEqual([
      "connector-hosts/connector-install-1",
      "connector-hosts/connector-install-2",
    ]);
    for (const [path, extension] of entries) {
      const n = path.slice(-1);
      expect(extension).toMatchObject({
        publisher: "Microsoft.Compute",
        type: "CustomScriptExtension",
        type_handler_version: "1.10",
        virtual_machine_id: refTo(
          manual.json,
          "azurerm_windows_virtual_machine",
          `connector-hosts/vm-${n}`,
          "id",
        ),
      });
      expect(extension).not.toHaveProperty("settings");
      const settings = JSON.parse(extension.protected_settings as string) as { commandToExecute: string };
      expect(Object.keys(settings)).toEqual(["commandToExecute"]);
      expect(settings.commandToExecute).toMatch(
        /^powershell\.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "\$gzip = .*FromBase64String\('\$\{base64gzip\(local\.connector-hosts_install-script_[0-9A-F]{8}\)\}'\).*& \(\[scriptblock\]::Create\(\$script\)\)"$/,
      );
    }
  });

  test("the script installs the connector silently from Microsoft's download URL", () => {
    const script = readFileSync(CONNECTOR_SCRIPT_FILE, "utf8");
    expect(script).toContain("-ArgumentList 'REGISTERCONNECTOR=\"false\"', '/q' -Wait -PassThru");
    expect(script).toContain("Get-Service -Name 'WAPCsvc'");
    expect(manual.hosts.installScript).toContain(`$InstallerUrl = '${CONNECTOR_INSTALLER_URL}'`);
    expect(CONNECTOR_INSTALLER_URL).toBe(
      "https://download.msappproxy.net/Subscription/d3c8b69d-6bf7-42be-a529-3fe9c2e70c90/Connector/DownloadConnectorInstaller",
    );
  });

  test("the synthesized script is the script file with its parameters and the rotation block, and its only interpolation is the tenant id", () => {
    const locals = manual.json.locals ?? {};
    const [name] = Object.keys(locals).filter((key) => key.startsWith("connector-hosts_install-script"));
    const text = locals[name];
    const tenantRef = "${data.azurerm_client_config.azurerm-client.tenant_id}";
    expect(text).toBe(
      `$InstallerUrl = '${CONNECTOR_INSTALLER_URL}'\n$TenantId = '${tenantRef}'\n$TokenSecretId = ''\n$IdentityClientId = ''\n` +
        `$AdminUsername = 'apcadmin'\n$LastHostName = ''\n` +
        `$RotateAdminPassword = {\n${withoutCommentLines(readFileSync(ROTATE_ADMIN_PASSWORD_SCRIPT_FILE, "utf8"))}}\n` +
        withoutCommentLines(readFileSync(CONNECTOR_SCRIPT_FILE, "utf8")),
    );
    expect([...text.matchAll(/[$%]\{[^}]*\}/g)].map((m) => m[0])).toEqual([tenantRef]);
  });

  test("the script files have no Terraform template sequence, and the checker refuses one", () => {
    expect(readFileSync(CONNECTOR_SCRIPT_FILE, "utf8")).not.toMatch(/[$%]\{/);
    expect(readFileSync(ROTATE_ADMIN_PASSWORD_SCRIPT_FILE, "utf8")).not.toMatch(/[$%]\{/);
    expect(() => connectorInstallScript({ ...PARAMETERS, installerUrl: "https://x/${y}" })).toThrow(
      /template sequence/,
    );
  });

  test("no string in the scripts names a variable followed by a colon (PowerShell reads `$name:` as a drive)", () => {
    for (const file of [CONNECTOR_SCRIPT_FILE, ROTATE_ADMIN_PASSWORD_SCRIPT_FILE]) {
      const text = readFileSync(file, "utf8");
      expect({ file, found: text.match(/\$(?!env:)[A-Za-z_][A-Za-z0-9_]*:/g) }).toEqual({
        file,
        found: null,
      });
    }
  });

  test("only whole-line comments and blank lines are left out of the synthesized script", () => {
    expect(withoutCommentLines("# a\n\n$a = 1 # kept\n  # b\nWrite-Output '#x'\n")).toBe(
      "$a = 1 # kept\nWrite-Output '#x'\n",
    );
    // No here-string or block comment, whose lines could start with # and still be code or text.
    for (const file of [CONNECTOR_SCRIPT_FILE, ROTATE_ADMIN_PASSWORD_SCRIPT_FILE])
      expect(readFileSync(file, "utf8")).not.toMatch(/<#|@'|@"/);
  });

  test("parameter values are quoted for PowerShell", () => {
    const script = connectorInstallScript({ ...PARAMETERS, tenantId: "it's" });
    expect(script).toContain("$TenantId = 'it''s'");
  });

  test("with real values the extension's command line stays well under cmd.exe's 8,191 characters", () => {
    const script = connectorInstallScript({
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      tokenSecretId: TOKEN_SECRET_ID,
      identityClientId: "11111111-2222-3333-4444-555555555555",
      adminUsername: CONNECTOR_ADMIN_USERNAME,
      lastHostName: "apc-prod-2",
    });
    const command = connectorInstallCommand(gzipSync(Buffer.from(script, "utf8")).toString("base64"));
    expect(command.length).toBeLessThan(6000);
  });
});

describe("ConnectorHosts: the admin password is replaced at first boot", () => {
  const body = readFileSync(CONNECTOR_SCRIPT_FILE, "utf8");
  const rotation = readFileSync(ROTATE_ADMIN_PASSWORD_SCRIPT_FILE, "utf8");
  /** The script's statements: no comments, no blank lines. */
  const statements = body.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));

  test("the rotation is the script's first action, after setting error handling only", () => {
    expect(statements.slice(0, 3)).toEqual([
      "$ErrorActionPreference = 'Stop'",
      "$ProgressPreference = 'SilentlyContinue'",
      "try { & $RotateAdminPassword -AdminUsername $AdminUsername }",
    ]);
  });

  test("a failed rotation exits 1, so the extension and the deploy fail", () => {
    const call = body.indexOf("try { & $RotateAdminPassword");
    const handler = body.slice(call, body.indexOf("\n}\n", call) + 2);
    expect(handler).toMatch(/^try \{ & \$RotateAdminPassword -AdminUsername \$AdminUsername \}\ncatch \{\n/);
    expect(handler).toContain("Write-Error -ErrorAction Continue");
    expect(handler.trim().endsWith("exit 1\n}")).toBe(true);
    // The rotation itself stops at the first error (a terminating error reaches that catch).
    expect(rotation).toContain("$ErrorActionPreference = 'Stop'");
    expect(rotation).toContain("throw ");
  });

  test("the new password comes from the OS's cryptographic RNG and is written nowhere", () => {
    expect(rotation).toContain("[Security.Cryptography.RandomNumberGenerator]::Create()");
    expect(rotation).toContain("$rng.GetBytes($bytes)");
    expect(rotation).not.toMatch(/Get-Random|System\.Random/);
    // Set through ADSI (works in 32- and 64-bit PowerShell), then proven by the password age restarting.
    expect(rotation).toContain(").SetPassword($newPassword)");
    expect(rotation).toContain("PasswordAge");
    // The password is never printed, logged or stored: only SetPassword and Remove-Variable touch it.
    const uses = rotation
      .split("\n")
      .filter((line) => !line.trim().startsWith("#") && /\$newPassword\b/.test(line));
    expect(uses).toEqual([
      "$newPassword = [Convert]::ToBase64String($bytes) + 'Aa1!'",
      "([ADSI] $account).SetPassword($newPassword)",
    ]);
    expect(rotation).toContain("Remove-Variable newPassword");
    expect(rotation).not.toMatch(/Set-Content|Out-File|Export-|Add-Content|>\s*\$|net user/i);
  });

  test("the rotation script also runs alone (Run Command passes AdminUsername), as docs/operations.md says", () => {
    expect(rotation).toMatch(/^param\(\[Parameter\(Mandatory = \$true\)\] \[string\] \$AdminUsername\)$/m);
    expect(readFileSync(join(__dirname, "..", "..", "docs", "operations.md"), "utf8")).toContain(
      "--scripts @constructs/app-proxy/scripts/rotate-admin-password.ps1 --parameters AdminUsername=apcadmin",
    );
  });

  test("existing hosts rotate on upgrade: the script is in the extension's settings, so a new script re-runs it", () => {
    // Custom Script Extension: "If the handler detects a change in the configuration settings, it considers that
    // change as an explicit desire to rerun the script" (Learn, custom-script-windows); azurerm 4.55.0 updates
    // protected_settings in place (virtual_machine_extension_resource.go: create and update are one function).
    const [local] = Object.keys(manual.json.locals ?? {}).filter((key) =>
      key.startsWith("connector-hosts_install-script"),
    );
    for (const extension of Object.values(extensions(manual.json))) {
      if (extension.type !== "CustomScriptExtension") continue;
      const { commandToExecute } = JSON.parse(extension.protected_settings as string) as {
        commandToExecute: string;
      };
      expect(commandToExecute).toContain(`\${base64gzip(local.${local})}`);
    }
    expect((manual.json.locals ?? {})[local]).toContain(withoutCommentLines(rotation));
  });
});

describe("ConnectorHosts: registration", () => {
  test("without a token nothing registers, and the steps name every host, the tenant and the documented command", () => {
    expect(manual.hosts.registersAutomatically).toBe(false);
    expect(manual.hosts.registrationIdentity).toBeUndefined();
    expect(resourcesOf(manual.json, "azurerm_role_assignment")).not.toHaveProperty(
      "connector-hosts/registration-token-access",
    );
    const steps = manual.hosts.registrationSteps;
    expect(steps).toContain("installed on apc-prod-1, apc-prod-2 but not registered");
    expect(steps).toContain(
      "https://learn.microsoft.com/entra/global-secure-access/how-to-register-connector-powershell",
    );
    for (const name of ["apc-prod-1", "apc-prod-2"]) {
      expect(steps).toContain(`-n ${name} --command-id RunPowerShellScript`);
    }
    expect(steps).toContain(
      "-moduleName 'MicrosoftEntraPrivateNetworkConnectorPSModule' -AuthenticationMode Token -Token (ConvertTo-SecureString \\$Token.Trim() -AsPlainText -Force) -TenantId \\$TenantId -Feature ApplicationProxy",
    );
    expect(steps).toContain("connectorRegistrationTokenSecretId");
  });

  test("the steps store the token through Resource Manager (works from outside the VNet), never on a command line", () => {
    // Terraform references read as <ref> (the output test in index.test.ts sees them resolved).
    const steps = manual.hosts.registrationSteps.replace(/\$\{TfToken\[TOKEN\.\d+\]\}/g, "<ref>");
    expect(steps).toContain(
      `az rest --method put --url "https://management.azure.com<ref>/secrets/connector-registration-token?api-version=2023-07-01" --body @token.json --query properties.secretUriWithVersion -o tsv`,
    );
    expect(KEY_VAULT_SECRETS_ARM_API_VERSION).toBe("2023-07-01");
    // Read without echo, written by a builtin into a private file, the variables dropped: the token is in no history
    // and on no command line (it reaches cut on stdin).
    expect(steps).toContain("read -rs TOKEN && umask 077 && EXP=$(printf '%s' \"$TOKEN\" | cut -d. -f2 |");
    expect(steps).toContain(
      `printf '{"properties":{"value":"%s","contentType":"application/jwt","attributes":{"exp":%s}}}' "$TOKEN" "$EXP" > token.json;`,
    );
    expect(steps).toContain("; unset TOKEN EXP");
    expect(steps).toContain("rm -f token.json");
    expect(steps).not.toContain("az keyvault secret set");
  });

  test("the stored secret is the token, unchanged, with the token's own expiry as its exp attribute", () => {
    const line = manual.hosts.registrationSteps.split("\n").find((l) => l.includes("read -rs TOKEN"))!;
    const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    // A payload whose base64url needs padding and holds the characters base64url changes (- and _).
    const token = `${base64url({ alg: "RS256" })}.${base64url({ aud: "https://proxy.cloudwebappproxy.net/registerapp", exp: 1767225600, n: "~~~>>>???" })}.c2ln`;
    const dir = mkdtempSync(join(tmpdir(), "token-"));
    try {
      execFileSync("bash", ["-c", line.trim()], { cwd: dir, input: `${token}\n` });
      expect(JSON.parse(readFileSync(join(dir, "token.json"), "utf8"))).toEqual({
        properties: { value: token, contentType: "application/jwt", attributes: { exp: 1767225600 } },
      });
      expect(statSync(join(dir, "token.json")).mode & 0o077).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("something that is not a JWT with an expiry is not stored, and the line says so", () => {
    const line = manual.hosts.registrationSteps.split("\n").find((l) => l.includes("read -rs TOKEN"))!;
    const dir = mkdtempSync(join(tmpdir(), "token-"));
    try {
      const result = spawnSync("bash", ["-c", line.trim()], {
        cwd: dir,
        input: "not-a-token\n",
        encoding: "utf8",
      });
      expect(result.stderr).toContain("not a token (a JWT with an expiry): nothing stored");
      expect(existsSync(join(dir, "token.json"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("every host has a system-assigned identity (Azure Monitor Agent, Entra sign-in) and no role of its own", () => {
    for (const vm of Object.values(windowsVms(manual.json)))
      expect(vm.identity).toEqual({ type: "SystemAssigned" });
    const principals = Object.values(resourcesOf(manual.json, "azurerm_role_assignment")).map(
      (r) => r.principal_id as string,
    );
    expect(principals.filter((p) => /azurerm_windows_virtual_machine/.test(p))).toEqual([]);
  });

  test("the steps contain no Terraform template sequence besides references", () => {
    const withoutTokens = manual.hosts.registrationSteps.replace(/\$\{TfToken\[[A-Za-z0-9_.]+\]\}/g, "");
    expect(withoutTokens).not.toMatch(/[$%]\{/);
  });

  test("with a token secret, the hosts use it through a dedicated identity allowed that one secret only", () => {
    expect(automatic.hosts.registersAutomatically).toBe(true);
    const identityId = refTo(
      automatic.json,
      "azurerm_user_assigned_identity",
      "connector-hosts/registration-identity",
      "id",
    );
    for (const vm of Object.values(windowsVms(automatic.json))) {
      expect(vm.identity).toEqual({ type: "SystemAssigned, UserAssigned", identity_ids: [identityId] });
    }
    expect(
      resourcesOf(automatic.json, "azurerm_user_assigned_identity")["connector-hosts/registration-identity"],
    ).toMatchObject({
      name: "id-mlflow-prod-connector",
    });
    const vaultLookup = Object.entries(automatic.json.data?.azurerm_resources ?? {});
    expect(vaultLookup).toHaveLength(1);
    expect(vaultLookup[0][1]).toEqual({ type: "Microsoft.KeyVault/vaults", name: "kv-ops-shared" });
    // Secrets Officer: reading, and disabling the version once every host has registered (Update Secret needs
    // secrets/set).
    expect(
      resourcesOf(automatic.json, "azurerm_role_assignment")["connector-hosts/registration-token-access"],
    ).toEqual({
      scope: `\${data.azurerm_resources.${vaultLookup[0][0]}.resources[0].id}/secrets/connector-token`,
      role_definition_name: "Key Vault Secrets Officer",
      principal_id: refTo(
        automatic.json,
        "azurerm_user_assigned_identity",
        "connector-hosts/registration-identity",
        "principal_id",
      ),
      principal_type: "ServicePrincipal",
      description: expect.any(String),
    });
  });

  test("with a token secret, the script gets the secret id, the identity and the last host's name", () => {
    const locals = automatic.json.locals ?? {};
    const [name] = Object.keys(locals).filter((key) => key.startsWith("connector-hosts_install-script"));
    expect(locals[name]).toContain(`$TokenSecretId = '${TOKEN_SECRET_ID}'`);
    expect(locals[name]).toContain(
      `$IdentityClientId = '${refTo(automatic.json, "azurerm_user_assigned_identity", "connector-hosts/registration-identity", "client_id")}'`,
    );
    expect(locals[name]).toContain("$LastHostName = 'apc-prod-3'");
    expect(manual.hosts.installScript).toContain("$LastHostName = ''");
    expect(automatic.hosts.registrationSteps).toContain(
      `register themselves, one after the other, with the token ${TOKEN_SECRET_ID}`,
    );
    expect(automatic.hosts.registrationSteps).toContain(
      "Once all have registered, apc-prod-3 disables that secret version: Key Vault no longer returns it to anyone.",
    );
    expect(automatic.hosts.registrationSteps.replace(/\$\{TfToken\[TOKEN\.\d+\]\}/g, "<ref>")).toContain(
      "az vm extension delete -g <ref> --vm-name apc-prod-1 -n install-private-network-connector",
    );
  });

  test("with a token secret, the hosts register one after the other (so the last can disable it), after the role", () => {
    const access = addressOf(
      automatic.json,
      "azurerm_role_assignment",
      "connector-hosts/registration-token-access",
    );
    const install = (n: number) =>
      addressOf(
        automatic.json,
        "azurerm_virtual_machine_extension",
        `connector-hosts/connector-install-${n}`,
      );
    const installs = extensions(automatic.json);
    expect(installs["connector-hosts/connector-install-1"].depends_on).toEqual([access]);
    expect(installs["connector-hosts/connector-install-2"].depends_on).toEqual([access, install(1)]);
    expect(installs["connector-hosts/connector-install-3"].depends_on).toEqual([access, install(2)]);
    // Without a token nothing waits: the installs run side by side.
    for (const extension of Object.values(extensions(manual.json)))
      expect(extension).not.toHaveProperty("depends_on");
  });

  test("the last host disables the token's version after it registered, or when it finds itself registered already", () => {
    const script = readFileSync(CONNECTOR_SCRIPT_FILE, "utf8");
    expect(script).toContain("$isLastHost = $LastHostName -and ($env:COMPUTERNAME -eq $LastHostName)");
    // Key Vault's Update Secret on the versioned id: attributes only, enabled false.
    expect(script).toContain(
      "Invoke-RestMethod -Method Patch -Uri $secretUrl -Headers @{ Authorization = 'Bearer ' + $vaultToken } `",
    );
    expect(script).toContain(`-ContentType 'application/json' -Body '{"attributes":{"enabled":false}}'`);
    expect(script).toContain("$secretUrl = $TokenSecretId + '?api-version=7.4'");
    const registered = script.indexOf("Write-Output 'Registered the connector.'");
    expect(script.slice(registered)).toContain("if ($isLastHost) { Disable-RegistrationToken }");
    const already = script.indexOf("Write-Output 'The connector is already registered.'");
    expect(script.slice(already, script.indexOf("exit 0", already))).toContain(
      "if ($isLastHost) { Disable-RegistrationToken }",
    );
    // A disabled version reaching a new host fails at once, naming the fix (Key Vault: 403, innererror SecretDisabled).
    expect(script).toContain(
      `if ($status -eq 403 -and "$($_.ErrorDetails.Message)" -match 'SecretDisabled') {`,
    );
  });

  test("storing a new token (a new version, so a new id) changes every host's extension, so the registration runs again", () => {
    const next = build({ connectorRegistrationTokenSecretId: NEXT_TOKEN_SECRET_ID, connectorCount: 3 });
    const script = (json: TerraformJson & { locals?: Record<string, string> }) =>
      Object.entries(json.locals ?? {}).find(([key]) => key.startsWith("connector-hosts_install-script"))![1];
    expect(script(next.json)).not.toBe(script(automatic.json));
    expect(script(next.json)).toContain(`$TokenSecretId = '${NEXT_TOKEN_SECRET_ID}'`);
    // Both versions are the same secret: the identity's role (scope = the secret) stays as it is.
    expect(
      resourcesOf(next.json, "azurerm_role_assignment")["connector-hosts/registration-token-access"].scope,
    ).toBe(
      resourcesOf(automatic.json, "azurerm_role_assignment")["connector-hosts/registration-token-access"]
        .scope,
    );
  });

  test("a token secret id without its version is refused: it would never change, so a new token would run nothing", () => {
    const { stack, hostsProps } = hostStack({
      connectorRegistrationTokenSecretId: TOKEN_SECRET_ID,
    });
    const versionless = {
      ...hostsProps,
      registrationTokenSecretId: "https://kv-ops.vault.azure.net/secrets/connector-token",
    };
    expect(() => new ConnectorHosts(stack, "connector-hosts", versionless)).toThrow(
      /^mlflow-prod\/connector-hosts: registrationTokenSecretId ".*" is not a Key Vault secret id with its version/,
    );
  });

  test("a missing, malformed or expired token, or a failed registration, exits 1 (the deploy fails) instead of 0", () => {
    const script = readFileSync(CONNECTOR_SCRIPT_FILE, "utf8");
    // From the first read of the token on (after the already-registered check), nothing exits 0.
    const afterToken = script.slice(script.indexOf("# From here on every problem with the token"));
    expect(afterToken.length).toBeGreaterThan(1000);
    expect(afterToken).not.toContain("exit 0");
    expect(afterToken).not.toMatch(/Write-Warning/);
    // Missing, disabled, not a JWT, unreadable, expired, not registered after RegisterConnector.ps1.
    expect(afterToken.match(/exit 1/g)).toHaveLength(6);
    expect(afterToken).toContain("if ($status -eq 404)");
    expect(afterToken).toContain("$parts.Length -ne 3");
    expect(afterToken).toContain("if ($expires -lt [DateTimeOffset]::UtcNow.AddMinutes(2))");
    expect(afterToken).toContain("if (-not (Test-Path $trustSettings))");
  });

  test("the token is trimmed of surrounding whitespace before it is checked or used", () => {
    const script = readFileSync(CONNECTOR_SCRIPT_FILE, "utf8");
    const trim = script.indexOf("$token = ([string] $token).Trim()");
    expect(trim).toBeGreaterThan(script.indexOf("$token = Invoke-WithRetry"));
    expect(trim).toBeLessThan(script.indexOf("$parts = $token.Split('.')"));
  });

  test("the script registers with the documented RegisterConnector.ps1 token call, reading the token via IMDS and Key Vault", () => {
    const script = readFileSync(CONNECTOR_SCRIPT_FILE, "utf8");
    expect(script).toContain(
      "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net&client_id=' + $IdentityClientId",
    );
    expect(script).toContain("$secretUrl = $TokenSecretId + '?api-version=7.4'");
    expect(script).toContain("-moduleName 'MicrosoftEntraPrivateNetworkConnectorPSModule'");
    expect(script).toContain(
      "-AuthenticationMode Token -Token $secureToken -TenantId $TenantId -Feature ApplicationProxy",
    );
    expect(script).toContain("if (Test-Path $trustSettings)");
  });
});

describe("ConnectorHosts and MlflowVm: security rule pack", () => {
  test.each([
    ["manual registration", {}],
    ["token registration", { connectorRegistrationTokenSecretId: TOKEN_SECRET_ID }],
  ])("the rule pack finds nothing wrong with the hosts (%s)", (_label: string, appProxy: AppProxyConfig) => {
    const { stack, vmProps, hostsProps } = hostStack(appProxy);
    new MlflowVm(stack, "mlflow-vm", {
      ...vmProps,
      publicUrls: ["https://mlflow-prod-contoso.msappproxy.net/"],
    });
    new ConnectorHosts(stack, "connector-hosts", hostsProps);
    const findings = new SecurityRulePack().evaluate(stack);
    // The only exception: the token reader's scope (a vault found by name at plan time) is suppressed with a reason.
    expect(findings.filter((f) => f.level !== "suppressed").map((f) => `${f.ruleId} ${f.address}`)).toEqual(
      [],
    );
    expect(findings.filter((f) => f.level === "suppressed").map((f) => f.ruleId)).toEqual(
      "connectorRegistrationTokenSecretId" in appProxy ? ["MLF-RBAC-1"] : [],
    );
  });
});
