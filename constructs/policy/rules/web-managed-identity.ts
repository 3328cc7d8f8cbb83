import { verdict, type Rule } from "../rule";
import { blocksAt } from "../values";
import { WEB_APP_TYPES } from "./common";

/** The app reaches Blob storage and Key Vault as a managed identity, never with keys. */
export const webManagedIdentity: Rule = {
  id: "MLF-WEB-7",
  title: "Web apps run with a managed identity.",
  appliesTo: WEB_APP_TYPES,
  fix: 'give the web app identity: { type: "UserAssigned", identityIds: [...] } (or "SystemAssigned").',
  check: ({ config }) =>
    verdict(blocksAt(config, "identity").length === 0 && "the identity block is missing"),
};
