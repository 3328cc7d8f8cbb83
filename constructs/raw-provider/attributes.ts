import { Tokenization } from "cdktf";
import { CDKTF_TOKEN } from "../terraform-template";

/**
 * The arguments of a raw binding (of a provider without prebuilt cdktf bindings: msgraph, azapi), declared once and
 * written both ways: as JSON (`cdktf synth`) and as HCL (`cdktf synth --hcl`). A raw TerraformResource writes nothing
 * in HCL unless it implements `synthesizeHclAttributes()`, which generated bindings do with the shape built here:
 * `{ value, isBlock, type, storageClassType }` per argument (@cdktf/provider-azurerm@14.23.1 lib/provider/index.js,
 * synthesizeHclAttributes).
 */
export type ArgumentKind = "string" | "boolean" | "dynamic";

export interface Argument {
  readonly kind: ArgumentKind;
  /** undefined leaves the argument out. */
  readonly value: unknown;
}

/** Arguments by their Terraform (snake_case) name. */
export type Arguments = Readonly<Record<string, Argument>>;

export const stringArgument = (value: string | undefined): Argument => ({ kind: "string", value });
export const booleanArgument = (value: boolean | undefined): Argument => ({ kind: "boolean", value });
/** An object or list of any shape (a Terraform dynamic argument such as `body`). */
export const dynamicArgument = (value: unknown): Argument => ({ kind: "dynamic", value });

/** The JSON form: the values as they are (cdktf leaves undefined out). */
export function jsonArguments(args: Arguments): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).map(([name, arg]) => [name, arg.value]));
}

/**
 * The HCL form. cdktf's renderer writes a dynamic value (`type: "any"`) with a best guess per string: "5000" comes
 * out as a number and a quote, backslash or line break unescaped (cdktf@0.21.0 lib/hcl/render.js,
 * renderFuzzyJsonExpression), so every string goes through `hclString` first.
 */
export function hclArguments(args: Arguments): Record<string, unknown> {
  const entries = Object.entries(args)
    .filter(([, arg]) => arg.value !== undefined)
    .map(([name, { kind, value }]) => [
      name,
      kind === "dynamic"
        ? { value: hclValue(value), isBlock: false, type: "any", storageClassType: "any" }
        : {
            value: kind === "string" ? hclString(value as string) : value,
            isBlock: false,
            type: "simple",
            storageClassType: kind,
          },
    ]);
  return Object.fromEntries(entries);
}

/** A JSON-like value whose every string the renderer writes back as the same string. */
function hclValue(value: unknown): unknown {
  if (typeof value === "string") return hclString(value);
  if (value === null) return "${null}";
  if (typeof value !== "object" || Tokenization.isResolvable(value)) return value;
  if (Array.isArray(value)) return value.map(hclValue);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (/["\\\p{Cc}]/u.test(key)) {
        throw new Error(
          `Raw provider HCL: the property name ${JSON.stringify(key)} cannot be written in HCL.`,
        );
      }
      return [key, hclValue(item)];
    }),
  );
}

/** Text the renderer puts between quotes unchanged: nothing to escape, nothing it would read as a number or JSON. */
function isPlain(text: string): boolean {
  return (
    text !== "" &&
    !/["\\\p{Cc}]|[$%]\{/u.test(text) &&
    !/^[[{]/.test(text) &&
    String(parseInt(text, 10)) !== text
  );
}

/**
 * A string as the renderer must receive it. With a cdktf token in it, the renderer writes it between quotes as it
 * is, so its literal parts are escaped here. Plain text passes. Anything else becomes a template holding one
 * string literal, `${"..."}`, which Terraform evaluates to the string itself.
 */
function hclString(text: string): string {
  const tokens = text.match(CDKTF_TOKEN);
  if (tokens) {
    const literals = text.split(CDKTF_TOKEN).map(escapeLiteral);
    return literals.reduce((joined, literal, i) => joined + tokens[i - 1] + literal);
  }
  if (isPlain(text)) return text;
  return `\${"${escapeLiteral(text)}"}`;
}

/** HCL's quoted-string escapes, and `$${` / `%%{` so no literal text opens a template sequence. */
function escapeLiteral(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/([$%])\{/g, "$1$1{");
}
