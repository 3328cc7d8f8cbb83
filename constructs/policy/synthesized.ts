import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Tokenization } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * The rule pack's view of a stack: every Terraform element (resource, data source, provider, output, variable,
 * local, backend) as it will be written to `cdk.tf.json`, tokens resolved to Terraform expressions
 * (`${azurerm_key_vault.data_vault_1234ABCD.id}`), escape-hatch overrides merged in. Rules read only this, so
 * what they judge is exactly what Terraform will receive.
 */

/** What kind of Terraform block an element is, as the top-level key of its JSON fragment names it. */
export type ElementKind =
  "resource" | "data" | "provider" | "output" | "variable" | "locals" | "terraform" | "other";

/** A JSON value from the synthesized configuration. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

export interface SynthesizedElement {
  readonly kind: ElementKind;
  /** Terraform type: `azurerm_storage_account` for resources and data sources, `azurerm` for a provider. */
  readonly type: string;
  /** Terraform name (the construct's friendly unique id), or the provider alias / type. */
  readonly name: string;
  /** How Terraform addresses it: `azurerm_storage_account.data_storage_1A2B3C4D`, `data.azurerm_client_config.x`. */
  readonly address: string;
  /** The element's block, e.g. the resource's arguments plus `lifecycle`, without cdktf's `//` metadata. */
  readonly config: JsonObject;
  /** The construct that produced it: annotations and suppressions attach here. */
  readonly construct: IConstruct;
}

/** Every element of one stack, with lookups that cross-resource rules need. */
export class SynthesizedStack {
  readonly elements: readonly SynthesizedElement[];

  constructor(elements: readonly SynthesizedElement[]) {
    this.elements = elements;
  }

  /** Resources (kind `resource`) of one Terraform type. */
  resourcesOfType(type: string): SynthesizedElement[] {
    return this.elements.filter((e) => e.kind === "resource" && e.type === type);
  }

  /** Providers of one type (`azurerm`), aliased ones included. */
  providersOfType(type: string): SynthesizedElement[] {
    return this.elements.filter((e) => e.kind === "provider" && e.type === type);
  }
}

const resolver = new DefaultTokenResolver(new StringConcat());

/** Reads a stack the way `cdktf synth` writes it: each element's `toTerraform()`, resolved in the stack's scope. */
export function synthesizeStack(stack: TerraformStack): SynthesizedStack {
  const elements = stack.node
    .findAll()
    .filter((node): node is TerraformElement => TerraformElement.isTerraformElement(node))
    .filter((element) => TerraformStack.of(element) === stack)
    .flatMap((element) => {
      const fragment = Tokenization.resolve(element.toTerraform(), {
        scope: stack,
        preparing: false,
        resolver,
      });
      return fromFragment(fragment as JsonObject, element);
    });
  return new SynthesizedStack(elements);
}

function withoutMetadata(block: Json): JsonObject {
  if (block === null || typeof block !== "object" || Array.isArray(block)) return {};
  return Object.fromEntries(Object.entries(block as JsonObject).filter(([key]) => key !== "//"));
}

/** Splits one element's JSON fragment (`{ resource: { type: { name: {...} } } }` and the like) into elements. */
function fromFragment(fragment: JsonObject, construct: IConstruct): SynthesizedElement[] {
  const found: SynthesizedElement[] = [];
  for (const [kind, body] of Object.entries(fragment)) {
    if (body === null || body === undefined || typeof body !== "object") continue;
    const entries = Object.entries(body as JsonObject);
    switch (kind) {
      case "resource":
      case "data":
        for (const [type, byName] of entries) {
          for (const [name, block] of Object.entries((byName ?? {}) as JsonObject)) {
            const address = kind === "data" ? `data.${type}.${name}` : `${type}.${name}`;
            found.push({ kind, type, name, address, config: withoutMetadata(block), construct });
          }
        }
        break;
      case "provider":
        for (const [type, blocks] of entries) {
          for (const block of Array.isArray(blocks) ? blocks : [blocks]) {
            const config = withoutMetadata(block);
            const alias = typeof config.alias === "string" ? config.alias : undefined;
            const address = alias ? `provider.${type}.${alias}` : `provider.${type}`;
            found.push({ kind, type, name: alias ?? type, address, config, construct });
          }
        }
        break;
      case "output":
      case "variable":
        for (const [name, block] of entries) {
          found.push({
            kind,
            type: kind,
            name,
            address: `${kind}.${name}`,
            config: withoutMetadata(block),
            construct,
          });
        }
        break;
      case "locals":
        found.push({
          kind,
          type: "locals",
          name: "locals",
          address: "locals",
          config: body as JsonObject,
          construct,
        });
        break;
      case "terraform":
        // Backends live here (an azurerm backend could carry an access key); required_providers carries no secrets.
        found.push({
          kind,
          type: "terraform",
          name: "terraform",
          address: "terraform",
          config: body as JsonObject,
          construct,
        });
        break;
      case "moved":
      case "import":
        break;
      default:
        found.push({
          kind: "other",
          type: kind,
          name: kind,
          address: kind,
          config: withoutMetadata(body as Json),
          construct,
        });
    }
  }
  return found;
}
