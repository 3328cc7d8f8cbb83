import { readFileSync } from "fs";
import { join } from "path";
import { DataAzurermResources } from "@cdktf/provider-azurerm/lib/data-azurerm-resources";
import { NetworkInterface } from "@cdktf/provider-azurerm/lib/network-interface";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { VirtualMachineExtension } from "@cdktf/provider-azurerm/lib/virtual-machine-extension";
import { WindowsVirtualMachine } from "@cdktf/provider-azurerm/lib/windows-virtual-machine";
import { Password } from "@cdktf/provider-random/lib/password";
import { Fn, TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { ConstructError, withConstructPath } from "../construct-error";
import type { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import type { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import type { Tags } from "../config";
import { DEFAULTS } from "../config/defaults";
import type { DataPlane, VaultSecret } from "../data";
import { parseKeyVaultSecretId } from "../data/secret-id";
import type { ResourceNames } from "../naming";
import { suppressRule } from "../policy";
import { assertNoTerraformTemplateSequence } from "../terraform-template";

/**
 * Windows Server 2022 Datacenter: Azure Edition, Gen2 (Trusted Launch capable). The private network connector
 * needs Windows Server with the desktop experience and .NET 4.7.1+, which this image has.
 * https://learn.microsoft.com/entra/global-secure-access/how-to-configure-connectors
 */
export const CONNECTOR_VM_IMAGE = {
  publisher: "MicrosoftWindowsServer",
  offer: "WindowsServer",
  sku: "2022-datacenter-azure-edition",
  version: "latest",
} as const;

/**
 * Where Microsoft serves the current connector installer (the admin center's "Download connector service" link;
 * the same URL Microsoft's and the community's unattended-install scripts use).
 */
export const CONNECTOR_INSTALLER_URL =
  "https://download.msappproxy.net/Subscription/d3c8b69d-6bf7-42be-a529-3fe9c2e70c90/Connector/DownloadConnectorInstaller";

/** Local administrator on the connector hosts (Windows refuses names like "admin" and "administrator"). */
export const CONNECTOR_ADMIN_USERNAME = "apcadmin";

/** Name of the CustomScriptExtension that installs and registers the connector on each host. */
export const CONNECTOR_EXTENSION_NAME = "install-private-network-connector";

/** The silent-install and registration script, run by the CustomScriptExtension. */
export const CONNECTOR_SCRIPT_FILE = join(__dirname, "scripts", "install-private-network-connector.ps1");

const REGISTER_CONNECTOR_DOC =
  "https://learn.microsoft.com/entra/global-secure-access/how-to-register-connector-powershell";

/** Name the connector_steps give the registration token's secret in the environment's Key Vault. */
export const REGISTRATION_TOKEN_SECRET_NAME = "connector-registration-token";

/**
 * API version of the Resource Manager `Microsoft.KeyVault/vaults/secrets` create-or-update the steps use: stable, body
 * `{ properties: { value, contentType } }`, response with `properties.secretUriWithVersion`
 * (Azure/azure-rest-api-specs specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2023-07-01/secrets.json
 * and examples/createSecret.json). A control-plane call: the vault's network rules apply to its data plane only
 * (https://learn.microsoft.com/azure/key-vault/general/network-security), so it works from outside the VNet.
 */
export const KEY_VAULT_SECRETS_ARM_API_VERSION = "2023-07-01";
const CONNECTOR_DIR = "C:\\Program Files\\Microsoft Entra private network connector";

export interface ConnectorHostsProps {
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroup;
  /** The connector subnet (outbound 443 through the NAT gateway; no inbound). */
  readonly subnet: Subnet;
  /** Keeps each host's admin password; the registration steps store a token in its vault. */
  readonly dataPlane: DataPlane;
  /** Entra tenant the connectors register in (a plan-time reference is fine). */
  readonly tenantId: string;
  /** How many hosts (two give high availability). @default 2 */
  readonly count?: number;
  /** Size of each host. @default "Standard_D2s_v5" */
  readonly vmSize?: string;
  /**
   * Key Vault secret id, WITH its version, of a registration token the hosts register with.
   * @default - none: the hosts install the connector, and `registrationSteps` says how to register it
   */
  readonly registrationTokenSecretId?: string;
  /** Tags on every resource. @default - none */
  readonly tags?: Tags;
  /**
   * OS disk type of each host.
   * @default "Premium_LRS"
   */
  readonly osDiskStorageAccountType?: "Premium_LRS" | "Premium_ZRS" | "StandardSSD_LRS" | "StandardSSD_ZRS";
}

/** One connector host and what belongs to it. */
export interface ConnectorHost {
  /** Windows computer name and VM name, e.g. `apc-prod-1` (15 characters at most). */
  readonly computerName: string;
  readonly networkInterface: NetworkInterface;
  readonly virtualMachine: WindowsVirtualMachine;
  readonly adminPassword: Password;
  /** The admin password in the data plane's Key Vault, secret `<computer name>-admin-password`. */
  readonly adminPasswordSecret: VaultSecret;
  /** CustomScriptExtension that installs (and, with a token, registers) the connector. */
  readonly connectorInstall: VirtualMachineExtension;
}

/**
 * Windows Server hosts for the Microsoft Entra private network connector, `appProxy.connectorCount` of them (two
 * by default, for high availability) in the connector subnet: no public IP, generated admin passwords kept in Key
 * Vault, encryption at host, Trusted Launch, platform patching, managed boot diagnostics. A CustomScriptExtension
 * installs the connector silently. Every host has a system-assigned managed identity with no role: Azure Monitor Agent
 * and Microsoft Entra sign-in need one ("You must enable system-assigned managed identity on your Azure virtual machine
 * before installing the Microsoft Entra sign in virtual machine extension",
 * https://learn.microsoft.com/entra/identity/devices/howto-vm-sign-in-azure-ad-windows; AMA:
 * https://learn.microsoft.com/azure/azure-monitor/agents/azure-monitor-agent-requirements).
 * Registration needs a user's token (Microsoft offers no unattended alternative):
 * - with `appProxy.connectorRegistrationTokenSecretId` (a secret id WITH its version), the hosts read that token from
 *   Key Vault with a dedicated user-assigned identity (Key Vault Secrets User on that one secret) and register
 *   themselves. A new token is a new version, so a new id, so a new script: the extension runs again (the same
 *   versionless id would change nothing, and nothing would run). A missing, expired or malformed token fails the
 *   extension, so the deploy fails visibly;
 * - otherwise nothing is registered and `registrationSteps` says exactly what an administrator runs, once.
 * Not created when `appProxy.connectorGroupId` is set: the connectors of that group serve MLflow.
 */
export class ConnectorHosts extends Construct {
  readonly hosts: readonly ConnectorHost[];
  /** Windows computer names of the hosts: the connector names Graph shows after registration. */
  readonly computerNames: readonly string[];
  /** The identity that reads the registration token; only with `connectorRegistrationTokenSecretId`. */
  readonly registrationIdentity: UserAssignedIdentity | undefined;
  /** True when the hosts register themselves with a token from Key Vault. */
  readonly registersAutomatically: boolean;
  /** What happens, or what an administrator must do once, to register the connectors (text for an output). */
  readonly registrationSteps: string;
  /** The PowerShell the extension runs, with its parameters (Terraform references for tenant and identity). */
  readonly installScript: string;

  constructor(scope: Construct, id: string, props: ConnectorHostsProps) {
    super(scope, id);
    const { names, resourceGroup, dataPlane, tenantId } = props;
    const connectorCount = props.count ?? DEFAULTS.appProxy.connectorCount;
    const connectorVmSize = props.vmSize ?? DEFAULTS.appProxy.connectorVmSize;
    const connectorRegistrationTokenSecretId = props.registrationTokenSecretId;
    const tags = { ...props.tags };
    const tokenSecret =
      connectorRegistrationTokenSecretId === undefined
        ? undefined
        : parseKeyVaultSecretId(connectorRegistrationTokenSecretId);
    if (connectorRegistrationTokenSecretId !== undefined && tokenSecret?.version === undefined) {
      throw ConstructError.of(
        this,
        `registrationTokenSecretId "${connectorRegistrationTokenSecretId}" is not a Key Vault secret id with its version, like https://kv-ops.vault.azure.net/secrets/connector-token/0123456789abcdef0123456789abcdef.`,
      );
    }

    let tokenReader: RoleAssignment | undefined;
    if (tokenSecret) {
      this.registrationIdentity = new UserAssignedIdentity(this, "registration-identity", {
        name: names.connectorIdentity,
        resourceGroupName: resourceGroup.name,
        location: resourceGroup.location,
        tags,
      });
      // The vault holding the token may live anywhere in the subscription; find its resource id by name.
      const vault = new DataAzurermResources(this, "registration-token-vault", {
        type: "Microsoft.KeyVault/vaults",
        name: tokenSecret.vaultName,
      });
      tokenReader = new RoleAssignment(this, "registration-token-reader", {
        scope: `${vault.resources.get(0).id}/secrets/${tokenSecret.secretName}`,
        roleDefinitionName: "Key Vault Secrets User",
        principalId: this.registrationIdentity.principalId,
        principalType: "ServicePrincipal",
        description: "Connector hosts read the connector registration token, and no other secret",
      });
      suppressRule(
        tokenReader,
        "MLF-RBAC-1",
        "the scope is one Key Vault secret (<vault id found by name>/secrets/<name>); the vault id is known only at plan time",
      );
    }
    this.registersAutomatically = tokenSecret !== undefined;

    this.installScript = withConstructPath(this, () =>
      connectorInstallScript({
        tenantId,
        tokenSecretId: connectorRegistrationTokenSecretId ?? "",
        identityClientId: this.registrationIdentity?.clientId ?? "",
      }),
    );
    // A local carries the script verbatim; base64gzip keeps the command line far below cmd.exe's 8,191 characters.
    const scriptLocal = new TerraformLocal(this, "install-script", this.installScript);
    // Protected settings: encrypted, never echoed by Azure, though nothing in them is secret today.
    const protectedSettings = JSON.stringify({
      commandToExecute: connectorInstallCommand(Fn.base64gzip(scriptLocal.asString)),
    });

    const hosts: ConnectorHost[] = [];
    for (let index = 0; index < connectorCount; index++) {
      const computerName = names.connectorVm(index);
      if (computerName.length > 15) {
        throw ConstructError.of(
          this,
          `Windows computer name "${computerName}" is longer than 15 characters.`,
        );
      }
      const n = index + 1;
      const adminPassword = new Password(this, `admin-password-${n}`, {
        length: 32,
        minLower: 1,
        minUpper: 1,
        minNumeric: 1,
        minSpecial: 1,
      });
      const adminPasswordSecret = dataPlane.addSecret(this, `admin-password-secret-${n}`, {
        name: `${computerName}-admin-password`,
        value: adminPassword.result,
        contentType: `text/plain; local administrator ${CONNECTOR_ADMIN_USERNAME} of ${computerName}`,
        valueFrom: [adminPassword],
      });
      const networkInterface = new NetworkInterface(this, `nic-${n}`, {
        name: names.networkInterface(computerName),
        resourceGroupName: resourceGroup.name,
        location: resourceGroup.location,
        // No public IP: the connector only dials out (443) through the NAT gateway.
        ipForwardingEnabled: false,
        ipConfiguration: [
          { name: "internal", subnetId: props.subnet.id, privateIpAddressAllocation: "Dynamic" },
        ],
        tags,
      });
      const virtualMachine = new WindowsVirtualMachine(this, `vm-${n}`, {
        name: computerName,
        computerName,
        resourceGroupName: resourceGroup.name,
        location: resourceGroup.location,
        size: connectorVmSize,
        networkInterfaceIds: [networkInterface.id],
        adminUsername: CONNECTOR_ADMIN_USERNAME,
        adminPassword: adminPassword.result,
        sourceImageReference: { ...CONNECTOR_VM_IMAGE },
        osDisk: {
          name: names.osDisk(computerName),
          caching: "ReadWrite",
          storageAccountType: props.osDiskStorageAccountType ?? "Premium_LRS",
        },
        // https://learn.microsoft.com/azure/virtual-machines/disk-encryption#encryption-at-host---end-to-end-encryption-for-your-vm-data
        encryptionAtHostEnabled: true,
        secureBootEnabled: true,
        vtpmEnabled: true,
        // https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching
        provisionVmAgent: true,
        patchMode: "AutomaticByPlatform",
        patchAssessmentMode: "AutomaticByPlatform",
        bootDiagnostics: {},
        // System-assigned for the agents that authenticate as the VM (no role assignment: they need none here); the
        // registration identity only when a token is configured.
        identity: this.registrationIdentity
          ? { type: "SystemAssigned, UserAssigned", identityIds: [this.registrationIdentity.id] }
          : { type: "SystemAssigned" },
        tags,
      });
      const connectorInstall = new VirtualMachineExtension(this, `connector-install-${n}`, {
        name: CONNECTOR_EXTENSION_NAME,
        virtualMachineId: virtualMachine.id,
        publisher: "Microsoft.Compute",
        type: "CustomScriptExtension",
        typeHandlerVersion: "1.10",
        autoUpgradeMinorVersion: true,
        protectedSettings,
        // The token must be readable before the script asks for it.
        dependsOn: tokenReader ? [tokenReader] : undefined,
        tags,
      });
      hosts.push({
        computerName,
        networkInterface,
        virtualMachine,
        adminPassword,
        adminPasswordSecret,
        connectorInstall,
      });
    }
    this.hosts = hosts;
    this.computerNames = hosts.map((host) => host.computerName);

    const steps = {
      computerNames: this.computerNames,
      resourceGroupName: resourceGroup.name,
      tenantId,
      keyVaultId: dataPlane.keyVault.id,
    };
    this.registrationSteps = tokenSecret
      ? [
          `The connector hosts ${this.computerNames.join(", ")} register themselves with the token ` +
            `${connectorRegistrationTokenSecretId}; a missing, expired (a token lives about an hour) or malformed ` +
            "token fails the deploy at the connector-install extension. For a new token:",
          ...storeTokenSteps(steps),
          "   then set appProxy.connectorRegistrationTokenSecretId to the printed id and deploy again (a new version is",
          "   a new id, so the hosts run the registration again).",
          ...failedFirstInstallNote(steps),
        ].join("\n")
      : manualRegistrationSteps(steps);
  }
}

/** Quotes a value for a PowerShell single-quoted string. */
function powershellQuote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The install script with its parameters prepended. Terraform references stay references (GUIDs at apply). */
export function connectorInstallScript(parameters: {
  readonly tenantId: string;
  readonly tokenSecretId: string;
  readonly identityClientId: string;
  readonly installerUrl?: string;
}): string {
  const body = readFileSync(CONNECTOR_SCRIPT_FILE, "utf8");
  const header = [
    `$InstallerUrl = ${powershellQuote(parameters.installerUrl ?? CONNECTOR_INSTALLER_URL)}`,
    `$TenantId = ${powershellQuote(parameters.tenantId)}`,
    `$TokenSecretId = ${powershellQuote(parameters.tokenSecretId)}`,
    `$IdentityClientId = ${powershellQuote(parameters.identityClientId)}`,
  ].join("\n");
  const script = `${header}\n${body}`;
  assertNoTerraformTemplateSequence(script);
  return script;
}

/**
 * The extension's command line: Windows PowerShell 5.1 inflates the gzip+base64 script and runs it as a script
 * block (so `exit` sets the extension's exit code). Characters are plain ASCII with no cmd.exe metacharacters
 * outside the double-quoted -Command argument.
 */
export function connectorInstallCommand(base64GzipScript: string): string {
  return (
    "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command " +
    `"$gzip = [IO.Compression.GZipStream]::new([IO.MemoryStream]::new([Convert]::FromBase64String('${base64GzipScript}')), ` +
    "[IO.Compression.CompressionMode]::Decompress); " +
    '$script = [IO.StreamReader]::new($gzip).ReadToEnd(); & ([scriptblock]::Create($script))"'
  );
}

interface StepsContext {
  readonly computerNames: readonly string[];
  readonly resourceGroupName: string;
  readonly tenantId: string;
  /** Resource Manager id of the environment's Key Vault. */
  readonly keyVaultId: string;
}

/**
 * Bash lines that store a registration token in the environment's Key Vault through Resource Manager (works from
 * outside the VNet; the vault is private), reading the token without echo so it lands in neither the shell history
 * nor a process list (`read` and `printf` are bash builtins), and printing the new version's id.
 */
function storeTokenSteps(p: StepsContext): string[] {
  const url =
    `https://management.azure.com${p.keyVaultId}/secrets/${REGISTRATION_TOKEN_SECRET_NAME}` +
    `?api-version=${KEY_VAULT_SECRETS_ARM_API_VERSION}`;
  return [
    "   store it through Resource Manager (bash; paste the token at the prompt, it is not echoed):",
    '     read -rs TOKEN && umask 077 && printf \'{"properties":{"value":"%s","contentType":"application/jwt"}}\' "$TOKEN" > token.json && unset TOKEN',
    `     az rest --method put --url "${url}" --body @token.json --query properties.secretUriWithVersion -o tsv; rm -f token.json`,
  ];
}

/**
 * azurerm 4.55.0 records a VM extension only once its first create succeeded; after a failed first install the next
 * apply stops with "already exists - needs to be imported" (hashicorp/terraform-provider-azurerm@v4.55.0
 * internal/services/compute/virtual_machine_extension_resource.go: d.SetId after CreateOrUpdateThenPoll,
 * ImportAsExistsError on a new resource).
 */
function failedFirstInstallNote(p: StepsContext): string[] {
  return [
    "If the hosts' FIRST deploy failed at the extension, remove the failed extension before deploying again:",
    ...p.computerNames.map(
      (name) =>
        `   az vm extension delete -g ${p.resourceGroupName} --vm-name ${name} -n ${CONNECTOR_EXTENSION_NAME}`,
    ),
  ];
}

function manualRegistrationSteps(p: StepsContext): string {
  const registerScript = [
    "param([string]$Token, [string]$TenantId)",
    `& '${CONNECTOR_DIR}\\RegisterConnector.ps1' -modulePath '${CONNECTOR_DIR}\\Modules\\'`,
    "-moduleName 'MicrosoftEntraPrivateNetworkConnectorPSModule' -AuthenticationMode Token",
    "-Token (ConvertTo-SecureString $Token.Trim() -AsPlainText -Force) -TenantId $TenantId -Feature ApplicationProxy",
  ].join(" ");
  return [
    `The Microsoft Entra private network connector is installed on ${p.computerNames.join(", ")} but not registered.`,
    "Register it once, as a user with the Application Administrator role:",
    `1. Get a registration token ("Register the connector using a token created offline", ${REGISTER_CONNECTOR_DOC}),`,
    "   then, within the hour the token lives, EITHER",
    "2a. let the hosts register themselves:",
    ...storeTokenSteps(p),
    "    set appProxy.connectorRegistrationTokenSecretId to the printed id (it names the version) and deploy again:",
    "    the hosts read it with their managed identity and register; OR",
    "2b. register each host with Run Command (TOKEN holds the token, e.g. from read -rs TOKEN):",
    ...p.computerNames.map(
      (name) =>
        `    az vm run-command invoke -g ${p.resourceGroupName} -n ${name} --command-id RunPowerShellScript ` +
        `--scripts "${registerScript.replace(/\$/g, "\\$")}" --parameters "Token=$TOKEN" "TenantId=${p.tenantId}"`,
    ),
  ].join("\n");
}
