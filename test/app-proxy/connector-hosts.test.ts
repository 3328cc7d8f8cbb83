import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "fs";
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
} from "../../constructs/app-proxy/connector-install";
import { KEY_VAULT_SECRETS_ARM_API_VERSION } from "../../constructs/app-proxy/connector-registration";
import { MlflowVm } from "../../constructs/app-proxy/mlflow-vm";
import type { AppProxyConfig } from "../../constructs/config";
import { SecurityRulePack } from "../../constructs/policy";
import { refTo, resourcesOf, type TerraformJson } from "../support/json";
import { hostStack } from "../support/foundation";
import { pendingIssue16 } from "../support/pending-issue-16";

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

  test("each admin password is generated and only referenced: by the VM and by its Key Vault secret", () => {
    const vms = windowsVms(manual.json);
    const secrets = resourcesOf(manual.json, "azurerm_resource_group_template_deployment");
    [1, 2].forEach((n) => {
      const passwordRef = refTo(
        manual.json,
        "random_password",
        `connector-hosts/admin-password-${n}`,
        "result",
      );
      expect(vms[`connector-hosts/vm-${n}`].admin_password).toBe(passwordRef);
      const secret = secrets[`connector-hosts/admin-password-secret-${n}`];
      expect(secret.name).toBe(`kv-secret-apc-prod-${n}-admin-password`);
      expect(secret.parameters_content).toContain(`"value" = {"value" = ${passwordRef.slice(2, -1)}}`);
      expect(secret.parameters_content).toContain(`"contentType" = {"value" = "text/plain;`);
      expect(secret.parameters_content).toContain(
        `"vaultName" = {"value" = ${refTo(manual.json, "azurerm_key_vault", "key-vault", "name").slice(2, -1)}}`,
      );
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

  test("the synthesized script is the script file with its parameters, and its only interpolation is the tenant id", () => {
    const locals = manual.json.locals ?? {};
    const [name] = Object.keys(locals).filter((key) => key.startsWith("connector-hosts_install-script"));
    const text = locals[name];
    const tenantRef = "${data.azurerm_client_config.azurerm-client.tenant_id}";
    expect(text).toBe(
      `$InstallerUrl = '${CONNECTOR_INSTALLER_URL}'\n$TenantId = '${tenantRef}'\n$TokenSecretId = ''\n$IdentityClientId = ''\n` +
        readFileSync(CONNECTOR_SCRIPT_FILE, "utf8"),
    );
    expect([...text.matchAll(/[$%]\{[^}]*\}/g)].map((m) => m[0])).toEqual([tenantRef]);
  });

  test("the script file has no Terraform template sequence, and the checker refuses one", () => {
    expect(readFileSync(CONNECTOR_SCRIPT_FILE, "utf8")).not.toMatch(/[$%]\{/);
    expect(() =>
      connectorInstallScript({
        tenantId: "t",
        tokenSecretId: "",
        identityClientId: "",
        installerUrl: "https://x/${y}",
      }),
    ).toThrow(/template sequence/);
  });

  test("parameter values are quoted for PowerShell", () => {
    const script = connectorInstallScript({ tenantId: "it's", tokenSecretId: "", identityClientId: "" });
    expect(script).toContain("$TenantId = 'it''s'");
  });

  test("with real values the extension's command line stays well under cmd.exe's 8,191 characters", () => {
    const script = connectorInstallScript({
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      tokenSecretId: TOKEN_SECRET_ID,
      identityClientId: "11111111-2222-3333-4444-555555555555",
    });
    const command = connectorInstallCommand(gzipSync(Buffer.from(script, "utf8")).toString("base64"));
    expect(command.length).toBeLessThan(6000);
  });
});

describe("ConnectorHosts: registration", () => {
  test("without a token nothing registers, and the steps name every host, the tenant and the documented command", () => {
    expect(manual.hosts.registersAutomatically).toBe(false);
    expect(manual.hosts.registrationIdentity).toBeUndefined();
    expect(resourcesOf(manual.json, "azurerm_role_assignment")).not.toHaveProperty(
      "connector-hosts/registration-token-reader",
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
    // Read without echo, written by a builtin into a private file, the variable dropped: the token is in no history.
    expect(steps).toContain(
      `read -rs TOKEN && umask 077 && printf '{"properties":{"value":"%s","contentType":"application/jwt"}}' "$TOKEN" > token.json && unset TOKEN`,
    );
    expect(steps).toContain("rm -f token.json");
    expect(steps).not.toContain("az keyvault secret set");
  });

  test("the stored-token body the steps write is the Resource Manager secret body, with the token trimmed of nothing", () => {
    const line = manual.hosts.registrationSteps.split("\n").find((l) => l.includes("read -rs TOKEN"))!;
    const dir = mkdtempSync(join(tmpdir(), "token-"));
    execFileSync("bash", ["-c", line.trim()], { cwd: dir, input: "eyJ0.eyJ1.sig\n" });
    expect(JSON.parse(readFileSync(join(dir, "token.json"), "utf8"))).toEqual({
      properties: { value: "eyJ0.eyJ1.sig", contentType: "application/jwt" },
    });
    expect(statSync(join(dir, "token.json")).mode & 0o077).toBe(0);
    rmSync(dir, { recursive: true, force: true });
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

  test("with a token secret, the hosts read it with a dedicated identity allowed that one secret only", () => {
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
    expect(
      resourcesOf(automatic.json, "azurerm_role_assignment")["connector-hosts/registration-token-reader"],
    ).toEqual({
      scope: `\${data.azurerm_resources.${vaultLookup[0][0]}.resources[0].id}/secrets/connector-token`,
      role_definition_name: "Key Vault Secrets User",
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

  test("with a token secret, the script gets the secret id and identity, and each extension waits for the role", () => {
    const locals = automatic.json.locals ?? {};
    const [name] = Object.keys(locals).filter((key) => key.startsWith("connector-hosts_install-script"));
    expect(locals[name]).toContain(`$TokenSecretId = '${TOKEN_SECRET_ID}'`);
    expect(locals[name]).toContain(
      `$IdentityClientId = '${refTo(automatic.json, "azurerm_user_assigned_identity", "connector-hosts/registration-identity", "client_id")}'`,
    );
    const roleRef = `azurerm_role_assignment.${Object.keys(
      automatic.json.resource.azurerm_role_assignment,
    ).find((key) => key.startsWith("connector-hosts_registration-token-reader"))}`;
    for (const [path, extension] of Object.entries(extensions(automatic.json))) {
      if (path.startsWith("connector-hosts/connector-install-"))
        expect(extension.depends_on).toEqual([roleRef]);
    }
    expect(automatic.hosts.registrationSteps).toContain(
      `register themselves with the token ${TOKEN_SECRET_ID}`,
    );
    expect(automatic.hosts.registrationSteps.replace(/\$\{TfToken\[TOKEN\.\d+\]\}/g, "<ref>")).toContain(
      "az vm extension delete -g <ref> --vm-name apc-prod-1 -n install-private-network-connector",
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
      resourcesOf(next.json, "azurerm_role_assignment")["connector-hosts/registration-token-reader"].scope,
    ).toBe(
      resourcesOf(automatic.json, "azurerm_role_assignment")["connector-hosts/registration-token-reader"]
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
    const afterToken = script.slice(script.indexOf("$secretUrl"));
    expect(afterToken).not.toContain("exit 0");
    expect(afterToken).not.toMatch(/Write-Warning/);
    expect(afterToken.match(/exit 1/g)).toHaveLength(5);
    expect(afterToken).toContain("[int] $_.Exception.Response.StatusCode -eq 404");
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
  ])(
    "the rule pack finds nothing wrong with the hosts (%s)",
    pendingIssue16((_label: string, appProxy: AppProxyConfig) => {
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
    }),
  );
});
