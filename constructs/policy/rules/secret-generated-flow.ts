import { verdict, type Rule } from "../rule";
import { referencesIn, stringsIn } from "../values";
import { isSecretSink, isSecretSource } from "./secret-vocabulary";

/**
 * A generated or stored secret (random_password.result, a Key Vault secret's value, a storage key) may flow only
 * into Key Vault or into the password argument of the resource it protects. Anywhere else (app settings,
 * custom_data, tags, outputs) it lands in plain text in places that are easier to read than Key Vault.
 */
export const secretGeneratedFlow: Rule = {
  id: "MLF-SEC-4",
  title: "Generated secrets flow only into Key Vault or the password argument they protect.",
  appliesTo: "all",
  fix: "store the secret in a Key Vault secret (DataPlane.addSecret) and let the host read it with its managed identity.",
  check: ({ type, config }) =>
    verdict(
      ...stringsIn(config).flatMap(({ path, value }) =>
        isSecretSink(type, path, config) || path.startsWith("depends_on") || path.startsWith("lifecycle")
          ? []
          : referencesIn(value)
              .filter(isSecretSource)
              .slice(0, 1)
              .map(
                (ref) =>
                  `${path} carries ${ref.mode === "data" ? "data." : ""}${ref.type}.${ref.name}.${ref.attribute}`,
              ),
      ),
    ),
};
