import { NetworkInterface } from "@cdktf/provider-azurerm/lib/network-interface";
import type { ResourceGroupReference } from "../resource-group";
import type { ResourceReference } from "../references";
import type { Construct } from "constructs";
import type { Tags } from "../config";

/** What the MLflow VM and the connector hosts share: hardening, a private NIC, and the OS disk. */

/** Managed disk types for an OS disk; premium needs a VM size with premium storage (an `s` in the name). */
export type OsDiskStorageAccountType = "Premium_LRS" | "Premium_ZRS" | "StandardSSD_LRS" | "StandardSSD_ZRS";

/** The OS disk type when none is given: premium is what gives a single VM its 99.9% SLA. */
export const DEFAULT_OS_DISK_TYPE: OsDiskStorageAccountType = "Premium_LRS";

/** Settings every VM here gets, Linux or Windows alike. */
export function vmHardening() {
  return {
    // Temp disk and caches encrypted too; needs the subscription feature Microsoft.Compute/EncryptionAtHost.
    // https://learn.microsoft.com/azure/virtual-machines/disk-encryption#encryption-at-host---end-to-end-encryption-for-your-vm-data
    encryptionAtHostEnabled: true,
    // Trusted Launch: Secure Boot and vTPM (Gen2 images). https://learn.microsoft.com/azure/virtual-machines/trusted-launch
    secureBootEnabled: true,
    vtpmEnabled: true,
    // Azure installs critical and security updates off-peak; needs the VM agent.
    // https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching
    provisionVmAgent: true,
    patchMode: "AutomaticByPlatform",
    patchAssessmentMode: "AutomaticByPlatform",
    // Managed storage account: serial log and screenshot without a storage account of ours.
    bootDiagnostics: {},
  };
}

/** The OS disk of a VM: cached read-write, of the given type. */
export function osDisk(
  name: string,
  storageAccountType: OsDiskStorageAccountType | undefined,
  sizeGb?: number,
) {
  return {
    name,
    caching: "ReadWrite",
    storageAccountType: storageAccountType ?? DEFAULT_OS_DISK_TYPE,
    diskSizeGb: sizeGb,
  };
}

export interface PrivateNicProps {
  readonly name: string;
  readonly resourceGroup: ResourceGroupReference;
  readonly subnet: ResourceReference;
  /** @default - an address Azure picks (Dynamic) */
  readonly privateIpAddress?: string;
  readonly tags?: Tags;
}

/** A NIC with no public IP and no forwarding: the VM only dials out, through the subnet's NAT gateway. */
export function privateNic(scope: Construct, id: string, props: PrivateNicProps): NetworkInterface {
  return new NetworkInterface(scope, id, {
    name: props.name,
    resourceGroupName: props.resourceGroup.name,
    location: props.resourceGroup.location,
    ipForwardingEnabled: false,
    ipConfiguration: [
      {
        name: "internal",
        subnetId: props.subnet.id,
        privateIpAddressAllocation: props.privateIpAddress === undefined ? "Dynamic" : "Static",
        privateIpAddress: props.privateIpAddress,
      },
    ],
    tags: { ...props.tags },
  });
}
