import { AUTHZ_MARKER_SETTING } from "../../authz/settings";
import type { Json, JsonObject, SynthesizedElement, SynthesizedStack } from "../synthesized";

/** Vocabulary of the MLF-AUTHZ rules: which hosts run MLflow's Entra authorization function. */

/** App Service apps that can run MLflow behind App Service Authentication, and their deployment slots. */
export const WEB_APP_SLOT_TYPES = ["azurerm_linux_web_app_slot", "azurerm_windows_web_app_slot"] as const;

/**
 * Hosts with no App Service Authentication in front of them: whatever runs there sees request headers as the caller
 * sent them. (Function apps have App Service Authentication too, but MLflow is not deployed there.)
 */
export const HOSTS_WITHOUT_APP_SERVICE_AUTHENTICATION = [
  "azurerm_linux_virtual_machine",
  "azurerm_windows_virtual_machine",
  "azurerm_virtual_machine",
  "azurerm_linux_virtual_machine_scale_set",
  "azurerm_windows_virtual_machine_scale_set",
  "azurerm_orchestrated_virtual_machine_scale_set",
  "azurerm_virtual_machine_extension",
  "azurerm_virtual_machine_scale_set_extension",
  "azurerm_container_group",
  "azurerm_container_app",
  "azurerm_linux_function_app",
  "azurerm_windows_function_app",
] as const;

/** A literal that may be Base64 (custom_data and user_data are). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * True when an element's configuration sets AUTHZ_MARKER_SETTING: as a key (an app setting, a container's
 * environment variable) or anywhere in a string (a start script, cloud-init), following `local.<name>` into the
 * stack's locals and decoding Base64 literals (a VM's custom_data).
 */
export function carriesAuthzMarker(stack: SynthesizedStack, element: SynthesizedElement): boolean {
  const locals = Object.assign(
    {},
    ...stack.elements.filter((e) => e.kind === "locals").map((e) => e.config),
  ) as JsonObject;
  const followed = new Set<string>();
  const inText = (text: string): boolean => {
    if (text.includes(AUTHZ_MARKER_SETTING)) return true;
    // The Base64 alphabet has no `$` or `{`, so a match is always a literal, never a Terraform expression.
    if (text.length >= 16 && BASE64.test(text)) {
      if (Buffer.from(text, "base64").toString("utf8").includes(AUTHZ_MARKER_SETTING)) return true;
    }
    for (const [, name] of text.matchAll(/\blocal\.([A-Za-z0-9_-]+)/g)) {
      if (followed.has(name) || locals[name] === undefined) continue;
      followed.add(name);
      if (inJson(locals[name])) return true;
    }
    return false;
  };
  const inJson = (value: Json): boolean => {
    if (typeof value === "string") return inText(value);
    if (value === null || typeof value !== "object") return false;
    if (Array.isArray(value)) return value.some(inJson);
    return Object.entries(value as JsonObject).some(
      ([key, item]) => key === AUTHZ_MARKER_SETTING || inJson(item),
    );
  };
  return inJson(element.config);
}
