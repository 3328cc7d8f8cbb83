import { LinuxVirtualMachine } from "@cdktf/provider-azurerm/lib/linux-virtual-machine";
import type { NetworkInterface } from "@cdktf/provider-azurerm/lib/network-interface";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { VirtualMachineExtension } from "@cdktf/provider-azurerm/lib/virtual-machine-extension";
import { Fn, TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { formatIpv4, isCidr, parseCidr } from "../cidr";
import { withConstructPath } from "../construct-error";
import type { ResourceGroupReference } from "../resource-group";
import type { ResolvedMlflowConfig, Tags } from "../config";
import type { DataPlane } from "../data";
import type { ResourceNames } from "../naming";
import { egressOf, type Network } from "../network";
import { MLFLOW_PORT, mlflowServer, type MlflowServerDefinition } from "../mlflow-server";
import { renderMlflowCloudInit } from "./cloud-init";
import { GeneratedSshPublicKey } from "./ssh-public-key";
import { osDisk, privateNic, vmHardening, type OsDiskStorageAccountType } from "./vm-baseline";

/**
 * Ubuntu 24.04 LTS, Gen2 (UEFI, so Trusted Launch), from Canonical's current offer naming. 24.04 rather than the
 * newest LTS: Entra SSH login (AADSSHLoginForLinux) and automatic VM guest patching list it; a brand-new LTS
 * reaches those lists months after release. `latest` is safe: the VM is replaced only when custom_data changes.
 * https://documentation.ubuntu.com/azure/azure-how-to/instances/find-ubuntu-images/
 */
export const MLFLOW_VM_IMAGE = {
  publisher: "Canonical",
  offer: "ubuntu-24_04-lts",
  sku: "server",
  version: "latest",
} as const;

/** Azure keeps the first four addresses of every subnet (network, gateway, 2x DNS); the VM takes the next one. */
const FIRST_USABLE_HOST_OFFSET = 4;

export interface MlflowVmProps {
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroupReference;
  /** The VM goes in the mlflowVm subnet and starts after its NAT gateway and the private DNS links exist. */
  readonly network: Network;
  /** Identities, artifacts and the database sign-in the server uses. */
  readonly dataPlane: DataPlane;
  /** Image and workers of the MLflow server. */
  readonly mlflow: ResolvedMlflowConfig;
  /** URLs clients use, e.g. the App Proxy external URL (see MlflowServerProps.publicUrls). */
  readonly publicUrls: readonly string[];
  /**
   * Also accept requests addressed to the VM itself (`internalUrl`), for networks allowed to reach it directly.
   * @default false
   */
  readonly acceptInternalUrl?: boolean;
  /** VM size; premium disks need a size with an `s`, like `Standard_D2s_v5`. */
  readonly vmSize: string;
  /** Local admin user (SSH key only, no password). */
  readonly adminUsername: string;
  /**
   * OpenSSH public key of the admin user.
   * @default - a key Azure generates, whose private half nobody keeps (GeneratedSshPublicKey): people sign in with
   *   Entra ID (`az ssh vm`)
   */
  readonly sshPublicKey?: string;
  /**
   * Entra groups (object ids) granted Virtual Machine Administrator Login on the VM: Entra SSH login with sudo.
   * @default - none: nobody can sign in until a role is granted
   */
  readonly administratorGroupObjectIds?: readonly string[];
  /**
   * OS disk type. Premium needs a size with premium storage (an `s` in the name, like the default D2s_v5) and is
   * what gives a single VM its 99.9% SLA.
   * @default "Premium_LRS"
   */
  readonly osDiskStorageAccountType?: OsDiskStorageAccountType;
  /** OS disk size; the MLflow `-full` image alone is a few GB. @default 64 */
  readonly osDiskSizeGb?: number;
  /** Tags on every resource. @default - none */
  readonly tags?: Tags;
}

/**
 * The private Linux VM that runs MLflow for `authMode: "app-proxy"`: Ubuntu LTS, no public IP, SSH key or
 * Entra ID login only, encryption at host, Trusted Launch, platform patching, managed boot diagnostics, the data
 * plane's user-assigned identities (Blob artifacts and PostgreSQL; the database bootstrap), and cloud-init that runs the shared
 * MLflow server definition as a systemd service (see cloud-init.ts).
 *
 * custom_data forces a new VM when it changes (image bump, flags): the VM keeps no state (database and artifacts
 * live in the data plane), and its NIC, hence its private IP and the App Proxy internal URL, survive replacement.
 */
export class MlflowVm extends Construct {
  readonly server: MlflowServerDefinition;
  /** The rendered `#cloud-config` document (with Terraform references for the identity ids and the server's host). */
  readonly cloudInit: string;
  readonly networkInterface: NetworkInterface;
  readonly virtualMachine: LinuxVirtualMachine;
  /** Entra ID SSH login (`az ssh vm`); needs the VM's system-assigned identity. */
  readonly entraSshLogin: VirtualMachineExtension;
  /** Virtual Machine Administrator Login for each of `administratorGroupObjectIds`. */
  readonly administratorLogins: readonly RoleAssignment[];
  /** The key Azure generated when `sshPublicKey` is not set; only its public half exists after the apply. */
  readonly generatedSshKey: GeneratedSshPublicKey | undefined;
  /** Static private IP, known at synth: the fifth address of the mlflowVm subnet. */
  readonly privateIpAddress: string;
  /** App Proxy internal URL, `http://<private ip>:5000/`. */
  readonly internalUrl: string;

  constructor(scope: Construct, id: string, props: MlflowVmProps) {
    super(scope, id);
    const { names, resourceGroup, network, dataPlane } = props;
    const tags = { ...props.tags };

    this.privateIpAddress = withConstructPath(this, () => mlflowVmPrivateIp(network.subnetPrefixes.mlflowVm));
    this.internalUrl = `http://${this.privateIpAddress}:${MLFLOW_PORT}/`;

    this.server = withConstructPath(this, () =>
      mlflowServer({
        image: props.mlflow.image,
        workers: props.mlflow.workers,
        artifactsDestination: dataPlane.artifactsDestination,
        database: dataPlane.databaseLogin,
        publicUrls: props.acceptInternalUrl ? [...props.publicUrls, this.internalUrl] : props.publicUrls,
      }),
    );
    this.cloudInit = withConstructPath(this, () => renderMlflowCloudInit({ server: this.server }));

    // App Proxy connectors reach MLflow from inside; a static address keeps the published internal URL known at plan
    // time and never moves.
    this.networkInterface = privateNic(this, "nic", {
      name: names.networkInterface(names.mlflowVm),
      resourceGroup,
      subnet: network.subnets.mlflowVm,
      privateIpAddress: this.privateIpAddress,
      tags,
    });

    let adminPublicKey = props.sshPublicKey;
    if (adminPublicKey === undefined) {
      // A Linux VM with password login off needs an SSH key (azurerm 4.55.0 linux_virtual_machine_resource.go: "at
      // least one `admin_ssh_key` must be specified"). People sign in with Entra ID; Azure generates this key and
      // its private half is kept nowhere, Terraform state included.
      this.generatedSshKey = new GeneratedSshPublicKey(this, "admin-ssh-key", {
        name: names.sshPublicKey(names.mlflowVm),
        resourceGroup,
        tags,
      });
      adminPublicKey = this.generatedSshKey.publicKey;
    }

    // cdktf's function helpers refuse literal strings with double quotes; a local carries the document verbatim
    // (JSON-escaped by the synthesizer) and base64encode reads it.
    const cloudInitLocal = new TerraformLocal(this, "cloud-init", this.cloudInit);

    this.virtualMachine = new LinuxVirtualMachine(this, "virtual-machine", {
      name: names.mlflowVm,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      size: props.vmSize,
      networkInterfaceIds: [this.networkInterface.id],
      adminUsername: props.adminUsername,
      disablePasswordAuthentication: true,
      adminSshKey: [{ username: props.adminUsername, publicKey: adminPublicKey }],
      customData: Fn.base64encode(cloudInitLocal.asString),
      sourceImageReference: { ...MLFLOW_VM_IMAGE },
      osDisk: osDisk(names.osDisk(names.mlflowVm), props.osDiskStorageAccountType, props.osDiskSizeGb ?? 64),
      ...vmHardening(),
      // System-assigned: required by Entra SSH login. User-assigned: the MLflow identity (Blob, PostgreSQL) and the
      // database's Entra administrator (start-up bootstrap only); the container names each by client id, so IMDS
      // never hands out the system-assigned one.
      identity: { type: "SystemAssigned, UserAssigned", identityIds: dataPlane.hostIdentityIds },
      tags,
      // At first boot the unit pulls the image and the container prepares the database as its Entra administrator:
      // create the VM only once the administrator, the private DNS links and the subnet's NAT gateway exist.
      dependsOn: [...dataPlane.startDependencies(network), ...egressOf(network, "mlflowVm")],
    });

    // https://learn.microsoft.com/entra/identity/devices/howto-vm-sign-in-azure-ad-linux
    this.entraSshLogin = new VirtualMachineExtension(this, "entra-ssh-login", {
      name: "AADSSHLoginForLinux",
      virtualMachineId: this.virtualMachine.id,
      publisher: "Microsoft.Azure.ActiveDirectory",
      type: "AADSSHLoginForLinux",
      typeHandlerVersion: "1.0",
      autoUpgradeMinorVersion: true,
      tags,
    });

    // "To allow a user to sign in to a VM over SSH, you must assign the Virtual Machine Administrator Login or
    // Virtual Machine User Login role" (https://learn.microsoft.com/entra/identity/devices/howto-vm-sign-in-azure-ad-linux);
    // Administrator: operating MLflow needs sudo (systemctl). Scoped to this VM only.
    this.administratorLogins = (props.administratorGroupObjectIds ?? []).map(
      (groupObjectId) =>
        new RoleAssignment(this, `administrator-login-${groupObjectId}`, {
          scope: this.virtualMachine.id,
          roleDefinitionName: "Virtual Machine Administrator Login",
          principalId: groupObjectId,
          principalType: "Group",
          description: "Entra SSH login (az ssh vm) with sudo to the MLflow VM",
        }),
    );
  }
}

/** The MLflow VM's static private IP in its subnet: the first address Azure lets a NIC take. */
export function mlflowVmPrivateIp(subnetPrefix: string): string {
  const cidr = parseCidr(subnetPrefix);
  if (!isCidr(cidr)) throw new Error(`MlflowVm: subnet prefix "${subnetPrefix}" is ${cidr.error}.`);
  if (cidr.prefixLength > 29) {
    throw new Error(
      `MlflowVm: subnet prefix "${subnetPrefix}" is smaller than /29, the smallest subnet Azure allows.`,
    );
  }
  return formatIpv4(cidr.network + FIRST_USABLE_HOST_OFFSET);
}
