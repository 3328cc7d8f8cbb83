import { DataAzurermResources } from "@cdktf/provider-azurerm/lib/data-azurerm-resources";
import type { NetworkInterface } from "@cdktf/provider-azurerm/lib/network-interface";
import type { ResourceGroupReference } from "../resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { VirtualMachineExtension } from "@cdktf/provider-azurerm/lib/virtual-machine-extension";
import { WindowsVirtualMachine } from "@cdktf/provider-azurerm/lib/windows-virtual-machine";
import { Password } from "@cdktf/provider-random/lib/password";
import { Fn, TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import type { ResourceReference } from "../references";
import { ConstructError, withConstructPath } from "../construct-error";
import type { Tags } from "../config";
import { DEFAULTS } from "../config/defaults";
import type { DataPlane, VaultSecret } from "../data";
import { parseKeyVaultSecretId } from "../data/secret-id";
import type { ResourceNames } from "../naming";
import { suppressRule } from "../policy";
import {
  CONNECTOR_EXTENSION_NAME,
  connectorInstallCommand,
  connectorInstallScript,
} from "./connector-install";
import { registrationSteps } from "./connector-registration";
import { osDisk, privateNic, vmHardening, type OsDiskStorageAccountType } from "./vm-baseline";

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

/** Local administrator on the connector hosts (Windows refuses names like "admin" and "administrator"). */
export const CONNECTOR_ADMIN_USERNAME = "apcadmin";

export interface ConnectorHostsProps {
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroupReference;
  /** The connector subnet (outbound 443 through the NAT gateway; no inbound). */
  readonly subnet: ResourceReference;
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
  /** OS disk type of each host. @default "Premium_LRS" */
  readonly osDiskStorageAccountType?: OsDiskStorageAccountType;
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
 * Windows hosts for the Microsoft Entra private network connector, hardened like every VM here (vm-baseline.ts).
 * Registration with a token, or the printed steps without one: constructs/app-proxy/README.md, "Connector registration".
 */
export class ConnectorHosts extends Construct {
  readonly hosts: readonly ConnectorHost[];
  /** Windows computer names of the hosts: the connector names Graph shows after registration. */
  readonly computerNames: readonly string[];
  /** The identity that reads the registration token; only with `registrationTokenSecretId`. */
  readonly registrationIdentity: UserAssignedIdentity | undefined;
  /** Key Vault Secrets User for that identity on the token's secret; only with `registrationTokenSecretId`. */
  readonly registrationTokenReader: RoleAssignment | undefined;
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
    this.registrationTokenReader = tokenReader;
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
      // The connector only dials out (443), through the NAT gateway.
      const networkInterface = privateNic(this, `nic-${n}`, {
        name: names.networkInterface(computerName),
        resourceGroup,
        subnet: props.subnet,
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
        osDisk: osDisk(names.osDisk(computerName), props.osDiskStorageAccountType),
        ...vmHardening(),
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

    this.registrationSteps = registrationSteps({
      computerNames: this.computerNames,
      resourceGroupName: resourceGroup.name,
      tenantId,
      keyVaultId: dataPlane.keyVault.id,
      tokenSecretId: connectorRegistrationTokenSecretId,
    });
  }
}
