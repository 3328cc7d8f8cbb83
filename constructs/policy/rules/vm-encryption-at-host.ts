import { verdict, type Rule } from "../rule";
import { readBoolean } from "../values";
import { show, VIRTUAL_MACHINE_TYPES } from "./common";

/**
 * Temp disk and caches are encrypted too, not only the managed disks. The subscription needs the
 * `Microsoft.Compute/EncryptionAtHost` feature registered once.
 * https://learn.microsoft.com/azure/virtual-machines/disks-enable-host-based-encryption-portal
 */
export const vmEncryptionAtHost: Rule = {
  id: "MLF-VM-2",
  title: "VMs encrypt at host (temp disk and caches included).",
  appliesTo: VIRTUAL_MACHINE_TYPES,
  fix: "set encryptionAtHostEnabled: true (and register the EncryptionAtHost feature on the subscription).",
  check: ({ config }) => {
    const enabled = readBoolean(config, "encryption_at_host_enabled");
    return verdict(enabled !== true && `encryption_at_host_enabled is ${show(enabled)}`);
  },
};
