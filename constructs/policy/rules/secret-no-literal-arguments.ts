import { verdict, type Rule } from "../rule";
import { referencesIn, stringsIn, templateParts } from "../values";
import { lastSegment, SECRET_ARGUMENTS } from "./secret-vocabulary";

/** True when the value takes its content from somewhere else (a resource, data source, variable or local). */
function isReferenced(value: string): boolean {
  return (
    referencesIn(value).length > 0 ||
    templateParts(value).some(
      (part) => part.kind === "expression" && /\b(var|local|ephemeral)\./.test(part.text),
    )
  );
}

/**
 * The synthesized JSON is safe to paste into an issue: a password, key or token argument is generated
 * (`random_password`) or referenced (Key Vault, variables), never written out.
 */
export const secretNoLiteralArguments: Rule = {
  id: "MLF-SEC-1",
  title: "Secret arguments (passwords, keys, tokens, Key Vault secret values) are never literals.",
  appliesTo: "all",
  fix: "generate the value (RandomPassword, TlsPrivateKey) or reference it (a Key Vault secret, a sensitive variable).",
  check: ({ type, config }) =>
    verdict(
      ...stringsIn(config)
        .filter(({ path }) => {
          const argument = lastSegment(path);
          return (
            SECRET_ARGUMENTS.has(argument) ||
            (type === "azurerm_key_vault_secret" && (argument === "value" || argument === "value_wo"))
          );
        })
        .map(({ path, value }) => value !== "" && !isReferenced(value) && `${path} is a literal`),
    ),
};
