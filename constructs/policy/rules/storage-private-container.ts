import { verdict, type Rule } from "../rule";
import { readString } from "../values";

/** Containers default to "private"; "blob" or "container" would serve artifacts anonymously. */
export const storagePrivateContainer: Rule = {
  id: "MLF-ST-6",
  title: "Storage containers are private.",
  appliesTo: ["azurerm_storage_container"],
  fix: 'set containerAccessType: "private" (or leave it unset).',
  check: ({ config }) => {
    const access = readString(config, "container_access_type");
    return verdict(access !== undefined && access !== "private" && `container_access_type is "${access}"`);
  },
};
