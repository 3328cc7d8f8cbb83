import type { Json, JsonObject, SynthesizedElement } from "./synthesized";

/**
 * Reading synthesized Terraform JSON. Values are literals (what a rule can judge now) or Terraform expressions
 * (`${...}`, known only at plan time). Readers throw `UndecidableValue` for an expression where a rule needs a
 * literal, and the rule pack turns that into a warning instead of a verdict.
 */

/** A value the rule needs is a Terraform expression, so the rule cannot decide at synth time. */
export class UndecidableValue extends Error {
  constructor(
    readonly path: string,
    readonly value: unknown,
  ) {
    super(`${path} is the expression ${JSON.stringify(value)}, known only at plan time`);
    this.name = "UndecidableValue";
  }
}

/** A piece of a Terraform template string: literal text, or the inside of a `${...}` / `%{...}` sequence. */
export interface TemplatePart {
  readonly kind: "literal" | "expression";
  readonly text: string;
}

/**
 * Splits a Terraform template string into literal text and interpolations. `$${` and `%%{` are escapes for a
 * literal `${` / `%{` (https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences).
 */
export function templateParts(value: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  while (i < value.length) {
    const char = value[i];
    const next = value[i + 1];
    if ((char === "$" || char === "%") && next === char && value[i + 2] === "{") {
      literal += `${char}{`;
      i += 3;
      continue;
    }
    if ((char === "$" || char === "%") && next === "{") {
      const end = closingBrace(value, i + 2);
      if (literal) parts.push({ kind: "literal", text: literal });
      literal = "";
      parts.push({ kind: "expression", text: value.slice(i + 2, end) });
      i = end + 1;
      continue;
    }
    literal += char;
    i += 1;
  }
  if (literal) parts.push({ kind: "literal", text: literal });
  return parts;
}

/** Index of the `}` closing an interpolation that starts at `start`, skipping quoted strings and nested braces. */
function closingBrace(value: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < value.length; i++) {
    const char = value[i];
    if (inString) {
      if (char === "\\") i += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === "{") depth += 1;
    else if (char === "}") {
      if (depth === 0) return i;
      depth -= 1;
    }
  }
  return value.length;
}

/** True when a value carries a Terraform interpolation (so its final value is known only at plan time). */
export function isExpression(value: unknown): value is string {
  return typeof value === "string" && templateParts(value).some((part) => part.kind === "expression");
}

/** True when a string is exactly one interpolation (`${random_password.db.result}`), with no literal text. */
export function isPureExpression(value: string): boolean {
  const parts = templateParts(value);
  return parts.length === 1 && parts[0].kind === "expression";
}

/** A reference to another block's attribute, as found inside an interpolation. */
export interface TerraformReference {
  /** `resource` for `azurerm_key_vault.x.id`, `data` for `data.azurerm_client_config.x.tenant_id`. */
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  /** First attribute after the name (`id`, `result`, `identity`). */
  readonly attribute: string;
}

// Resource types of the providers this project uses; anything else inside ${...} is a function or a variable.
const REFERENCE =
  /(?<![\w.])(data\.)?((?:azurerm|azuread|random|tls|msgraph|time|null|terraform)_[a-z0-9_]*|terraform_data)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?\.([A-Za-z_][A-Za-z0-9_]*)/g;

/** Every resource or data-source reference inside the interpolations of a string. */
export function referencesIn(value: string): readonly TerraformReference[] {
  // Rules ask for the references of the same strings many times over: parse each string once.
  let found = parsedReferences.get(value);
  if (!found) {
    if (parsedReferences.size >= PARSED_REFERENCES_LIMIT) parsedReferences.clear();
    parsedReferences.set(value, (found = parseReferences(value)));
  }
  return found;
}

const parsedReferences = new Map<string, readonly TerraformReference[]>();
const PARSED_REFERENCES_LIMIT = 50_000;

function parseReferences(value: string): readonly TerraformReference[] {
  return templateParts(value)
    .filter((part) => part.kind === "expression")
    .flatMap((part) =>
      [...part.text.matchAll(REFERENCE)].map((match) => ({
        mode: match[1] ? ("data" as const) : ("resource" as const),
        type: match[2],
        name: match[3],
        attribute: match[4],
      })),
    );
}

/** True when `reference` points at `element` (same mode, type and name). */
export function refersTo(reference: TerraformReference, element: SynthesizedElement): boolean {
  return (
    reference.mode === element.kind && reference.type === element.type && reference.name === element.name
  );
}

/** Every string inside a JSON value, with its path (`site_config.app_command_line`, `app_settings.FOO`). */
export function stringsIn(
  value: Json | undefined,
  path = "",
): readonly { readonly path: string; readonly value: string }[] {
  if (typeof value === "string") return [{ path, value }];
  // Several rules walk the same element config: walk each object once (configs are never changed after synth).
  if (path === "" && value !== null && typeof value === "object") {
    let found = walked.get(value);
    if (!found) walked.set(value, (found = walkStrings(value, path)));
    return found;
  }
  return walkStrings(value, path);
}

const walked = new WeakMap<object, { path: string; value: string }[]>();

function walkStrings(value: Json | undefined, path: string): { path: string; value: string }[] {
  if (typeof value === "string") return [{ path, value }];
  if (value === null || value === undefined || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => walkStrings(item, `${path}[${index}]`));
  return Object.entries(value as JsonObject).flatMap(([key, item]) =>
    walkStrings(item, path ? `${path}.${key}` : key),
  );
}

/**
 * Values at a dotted path. Nested blocks may be synthesized as an object or as a list of objects; lists on the
 * way are walked, so `ip_configuration.public_ip_address_id` returns one value per IP configuration. The last
 * step's value is returned as it is (a list attribute stays a list). Nulls count as absent.
 */
export function valuesAt(config: Json | undefined, path: string): Json[] {
  let current: Json[] = config === undefined ? [] : [config];
  for (const key of path.split(".")) {
    current = current
      .flatMap((value) => (Array.isArray(value) ? (value as Json[]) : [value]))
      .filter((value): value is JsonObject => value !== null && typeof value === "object")
      .map((value) => value[key])
      .filter((value) => value !== undefined && value !== null);
  }
  return current;
}

/** The blocks at a path (`security_rule`, `site_config.ip_restriction`), whether synthesized as object or list. */
export function blocksAt(config: Json | undefined, path: string): JsonObject[] {
  return valuesAt(config, path)
    .flatMap((value) => (Array.isArray(value) ? (value as Json[]) : [value]))
    .filter(
      (value): value is JsonObject => value !== null && typeof value === "object" && !Array.isArray(value),
    );
}

/** The single value at a path (blocks with at most one item), or undefined when absent. */
export function valueAt(config: Json | undefined, path: string): Json | undefined {
  return valuesAt(config, path)[0];
}

/** A boolean attribute: true, false, or undefined when absent. Throws UndecidableValue for an expression. */
export function readBoolean(config: Json | undefined, path: string): boolean | undefined {
  const value = valueAt(config, path);
  if (value === undefined || typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  throw new UndecidableValue(path, value);
}

/** A string attribute, or undefined when absent. Throws UndecidableValue for an expression. */
export function readString(config: Json | undefined, path: string): string | undefined {
  const value = valueAt(config, path);
  if (value === undefined) return undefined;
  if (typeof value === "string" && !isExpression(value)) return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new UndecidableValue(path, value);
}

/** A number attribute, or undefined when absent. Throws UndecidableValue for an expression. */
export function readNumber(config: Json | undefined, path: string): number | undefined {
  const value = valueAt(config, path);
  if (value === undefined || typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  throw new UndecidableValue(path, value);
}

/** A string attribute that may be an expression (references are what some rules look for): raw, or undefined. */
export function rawString(config: Json | undefined, path: string): string | undefined {
  const value = valueAt(config, path);
  return typeof value === "string" ? value : undefined;
}
