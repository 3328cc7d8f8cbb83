import { verdict, type Rule } from "../rule";
import { blocksAt, readBoolean, readNumber } from "../values";
import { show } from "./common";

/**
 * A deleted or overwritten artifact can be restored: blob versioning plus soft delete for blobs and containers.
 * https://learn.microsoft.com/azure/storage/blobs/data-protection-overview
 */
export const storageDataProtection: Rule = {
  id: "MLF-ST-5",
  title: "Storage accounts keep blob versions and soft-delete blobs and containers.",
  appliesTo: ["azurerm_storage_account"],
  fix: "set blobProperties: { versioningEnabled: true, deleteRetentionPolicy: { days }, containerDeleteRetentionPolicy: { days } }.",
  check: ({ config }) => {
    const versioning = readBoolean(config, "blob_properties.versioning_enabled");
    const problems = [versioning !== true && `blob_properties.versioning_enabled is ${show(versioning)}`];
    for (const policy of ["delete_retention_policy", "container_delete_retention_policy"]) {
      const path = `blob_properties.${policy}`;
      const days = readNumber(config, `${path}.days`);
      problems.push(
        blocksAt(config, path).length === 0
          ? `${path} is missing`
          : days !== undefined && days < 1 && `${path}.days is ${days}`,
      );
    }
    return verdict(...problems);
  },
};
