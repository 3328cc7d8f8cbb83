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
import type { DataPlane } from "../data";
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
  /** The registration steps store a token in its vault. */
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
  /**
   * The password the VM is created with, and only that: the connector install replaces it at first boot with one
   * generated on the host and kept nowhere, so the value in Terraform state opens nothing.
   */
  readonly adminPassword: Password;
  /**
   * CustomScriptExtension that replaces the admin password, then installs (and, with a token, registers) the
   * connector.
   */
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
  /**
   * Key Vault Secrets Officer for that identity on the token's secret: the hosts read the token, and the last one
   * to register disables its version. Only with `registrationTokenSecretId`.
   */
  readonly registrationTokenAccess: RoleAssignment | undefined;
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

    let tokenAccess: RoleAssignment | undefined;
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
      // Secrets Officer, not User: disabling the token's version once every host has registered is Key Vault's
      // Update Secret, which needs secrets/set (https://learn.microsoft.com/rest/api/keyvault/secrets/update-secret).
      // Scoped to that one secret, as reading was.
      tokenAccess = new RoleAssignment(this, "registration-token-access", {
        scope: `${vault.resources.get(0).id}/secrets/${tokenSecret.secretName}`,
        roleDefinitionName: "Key Vault Secrets Officer",
        principalId: this.registrationIdentity.principalId,
        principalType: "ServicePrincipal",
        description:
          "Connector hosts read the connector registration token and disable it once registered; no other secret",
      });
      suppressRule(
        tokenAccess,
        "MLF-RBAC-1",
        "the scope is one Key Vault secret (<vault id found by name>/secrets/<name>); the vault id is known only at plan time",
      );
    }
    this.registrationTokenAccess = tokenAccess;
    this.registersAutomatically = tokenSecret !== undefined;

    const computerNames = Array.from({ length: connectorCount }, (_, index) => names.connectorVm(index));
    this.installScript = withConstructPath(this, () =>
      connectorInstallScript({
        tenantId,
        tokenSecretId: connectorRegistrationTokenSecretId ?? "",
        identityClientId: this.registrationIdentity?.clientId ?? "",
        adminUsername: CONNECTOR_ADMIN_USERNAME,
        // The host whose extension runs last (they run one after the other, below) disables the token.
        lastHostName: tokenSecret ? computerNames[computerNames.length - 1] : "",
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
      const computerName = computerNames[index];
      if (computerName.length > 15) {
        throw ConstructError.of(
          this,
          `Windows computer name "${computerName}" is longer than 15 characters.`,
        );
      }
      const n = index + 1;
      // Windows VMs need an admin password at creation, and azurerm 4.55.0 has no write-only one for them
      // (windows_virtual_machine_resource.go: admin_password is a plain Sensitive argument), so this value is in
      // state. It feeds ONLY this VM's admin_password, and THIS VM's connector-install extension replaces it at first
      // boot with a password generated on the host and kept nowhere (scripts/rotate-admin-password.ps1, the script's
      // first action; a failure fails the deploy): the value in state is invalidated at first boot. Never escrowed.
      const adminPassword = new Password(this, `admin-password-${n}`, {
        length: 32,
        minLower: 1,
        minUpper: 1,
        minNumeric: 1,
        minSpecial: 1,
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
        // With a token, the hosts register one after the other, so the last can disable the token once all have;
        // and the token must be usable before the first script asks for it.
        dependsOn: tokenAccess
          ? [tokenAccess, ...hosts.slice(-1).map((previous) => previous.connectorInstall)]
          : undefined,
        tags,
      });
      hosts.push({ computerName, networkInterface, virtualMachine, adminPassword, connectorInstall });
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
