import type { JsonObject, SynthesizedElement, SynthesizedStack } from "../synthesized";
import { rawString, referencesIn, stringsIn, valueAt, type TerraformReference } from "../values";
import { isKeyVaultReference } from "./common";

/** Shared lookups of the MLF-DEPLOY rules: what an element references and what it waits for. */

/** The resource of the stack a reference points at, if the stack has it. */
export function resourceOf(
  stack: SynthesizedStack,
  reference: TerraformReference,
): SynthesizedElement | undefined {
  if (reference.mode !== "resource") return undefined;
  return stack.elements.find(
    (e) => e.kind === "resource" && e.type === reference.type && e.name === reference.name,
  );
}

/** Addresses in `depends_on` (`azurerm_role_assignment.x`), without the `${...}` cdktf writes around them. */
export function dependsOn(config: JsonObject): Set<string> {
  const list = valueAt(config, "depends_on");
  return new Set(
    (Array.isArray(list) ? list : [])
      .filter((item): item is string => typeof item === "string")
      .map((item) => item.replace(/^\$\{(.*)\}$/, "$1")),
  );
}

/** The resources an element's `depends_on` names. */
export function dependencies(stack: SynthesizedStack, element: SynthesizedElement): SynthesizedElement[] {
  const addresses = dependsOn(element.config);
  return stack.elements.filter((e) => e.kind === "resource" && addresses.has(e.address));
}

/** Every reference in an element's arguments, following `local.<name>` into the stack's locals (custom_data). */
export function referencesOf(stack: SynthesizedStack, value: JsonObject | string): TerraformReference[] {
  const locals = Object.assign(
    {},
    ...stack.elements.filter((e) => e.kind === "locals").map((e) => e.config),
  ) as JsonObject;
  const seen = new Set<string>();
  const found: TerraformReference[] = [];
  const visit = (text: string) => {
    found.push(...referencesIn(text));
    for (const [, name] of text.matchAll(/\blocal\.([A-Za-z0-9_-]+)/g)) {
      if (seen.has(name) || locals[name] === undefined) continue;
      seen.add(name);
      for (const inner of stringsIn(locals[name])) visit(inner.value);
    }
  };
  for (const { value: text } of typeof value === "string" ? [{ value }] : stringsIn(value)) visit(text);
  return found;
}

/** True when any string of `config` references `target` (any attribute). */
export function mentions(config: JsonObject, target: SynthesizedElement): boolean {
  return stringsIn(config).some(({ value }) =>
    referencesIn(value).some(
      (r) => r.mode === "resource" && r.type === target.type && r.name === target.name,
    ),
  );
}

/** A web app's app settings that are Key Vault references (`@Microsoft.KeyVault(...)`), resolved by App Service. */
export function keyVaultReferences(webApp: SynthesizedElement): string[] {
  return Object.values((valueAt(webApp.config, "app_settings") ?? {}) as Record<string, unknown>).filter(
    isKeyVaultReference,
  );
}

/** The vaults of this stack a host reads at start: Key Vault references in app settings, or vault URIs in custom_data. */
export function vaultsRead(stack: SynthesizedStack, host: SynthesizedElement): SynthesizedElement[] {
  const sources =
    host.type === "azurerm_linux_web_app"
      ? keyVaultReferences(host).flatMap((value) => referencesIn(value))
      : referencesOf(stack, rawString(host.config, "custom_data") ?? "");
  const vaults = new Map<string, SynthesizedElement>();
  for (const reference of sources) {
    const target = resourceOf(stack, reference);
    if (!target) continue;
    // A secret's vault: key_vault_id (data-plane secret) or the vault a secret template deployment names.
    const vault =
      target.type === "azurerm_key_vault"
        ? target
        : referencesOf(stack, target.config)
            .map((r) => resourceOf(stack, r))
            .find((e) => e?.type === "azurerm_key_vault");
    if (vault) vaults.set(vault.address, vault);
  }
  return [...vaults.values()];
}
