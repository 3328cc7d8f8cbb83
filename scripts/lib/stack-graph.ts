import { compare, itemsOf, literal, type SynthesizedStack, type TerraformItem } from "./synthesized";

/**
 * A stack as a graph: one node per resource or data source, grouped by construct path (`network`, `data/backend-store`,
 * `easyauth/entra-app`, ...), and one edge per Terraform reference (`${type.name.attr}`, `depends_on`, or through a
 * `local`). Edges point from the resource that refers to the one it uses.
 */

export interface DiagramNode {
  /** Terraform address, unique in the stack. */
  readonly id: string;
  readonly type: string;
  /** Provider name: the type's prefix (`azurerm`, `azuread`, `msgraph`, `random`, ...). */
  readonly provider: string;
  /** The last construct id, e.g. `server` for `data/backend-store/server`. */
  readonly shortName: string;
  /** Construct path of the cluster it is drawn in: `[]` (stack level), `["network"]`, `["data", "backend-store"]`. */
  readonly group: readonly string[];
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
}

export interface StackGraph {
  readonly stack: string;
  /** Resource group and region when the stack declares them as literals, e.g. `rg-mlflow-dev, westeurope`. */
  readonly context: string | undefined;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/**
 * Referenced by nearly every resource (the resource group's name and location, the tenant and subscription ids), so
 * drawn once in the title instead of as dozens of edges that hide the ones that matter.
 */
const CONTEXT_TYPES = new Set(["azurerm_resource_group", "azurerm_client_config", "azuread_client_config"]);

/** A reference starts an identifier (never after `.`, a letter or `-`): `type.name` or `data.type.name` or `local.x`. */
const REFERENCE = /(?<![\w.-])(?=((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+))/g;

export function buildStackGraph(stack: SynthesizedStack): StackGraph {
  const items = itemsOf(stack);
  const known = new Map(items.map((item) => [item.address, item]));
  const localRefs = localReferences(stack, known);

  const shown = items.filter((item) => !CONTEXT_TYPES.has(item.type));
  const shownIds = new Set(shown.map((item) => item.address));
  const edges = new Map<string, DiagramEdge>();
  for (const item of shown) {
    for (const target of referencesOf(item.body, known, localRefs)) {
      if (target === item.address || !shownIds.has(target)) continue;
      edges.set(`${item.address}\u0000${target}`, { from: item.address, to: target });
    }
  }

  return {
    stack: stack.name,
    context: contextOf(items),
    nodes: shown.map(toNode),
    edges: [...edges.values()].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to)),
  };
}

function toNode(item: TerraformItem): DiagramNode {
  const path = item.path.length > 0 ? item.path : [item.name];
  return {
    id: item.address,
    type: item.type,
    provider: item.type.split("_")[0],
    shortName: path[path.length - 1],
    // Two levels at most: the building block (network, data, easyauth, app-proxy) and the construct inside it.
    group: path.slice(0, Math.min(path.length - 1, 2)),
  };
}

function contextOf(items: readonly TerraformItem[]): string | undefined {
  const groups = items.filter((item) => item.type === "azurerm_resource_group" && item.mode === "managed");
  if (groups.length !== 1) return undefined;
  const parts = [literal(groups[0].body, "name"), literal(groups[0].body, "location")];
  const known = parts.filter((part): part is string => typeof part === "string");
  return known.length > 0 ? known.join(", ") : undefined;
}

/** Addresses of the resources and data sources each `local` refers to, following locals that use other locals. */
function localReferences(
  stack: SynthesizedStack,
  known: Map<string, TerraformItem>,
): Map<string, Set<string>> {
  const locals = stack.json.locals ?? {};
  const resolved = new Map<string, Set<string>>();
  const resolve = (name: string, visiting: Set<string>): Set<string> => {
    const done = resolved.get(name);
    if (done) return done;
    const refs = new Set<string>();
    if (!visiting.has(name) && name in locals) {
      visiting.add(name);
      for (const ref of rawReferences(locals[name])) {
        if (known.has(ref)) refs.add(ref);
        else if (ref.startsWith("local."))
          for (const inner of resolve(ref.slice(6), visiting)) refs.add(inner);
      }
      visiting.delete(name);
      resolved.set(name, refs);
    }
    return refs;
  };
  for (const name of Object.keys(locals)) resolve(name, new Set());
  return resolved;
}

function referencesOf(
  body: Record<string, unknown>,
  known: Map<string, TerraformItem>,
  localRefs: Map<string, Set<string>>,
): Set<string> {
  const refs = new Set<string>();
  for (const ref of rawReferences(body)) {
    if (known.has(ref)) refs.add(ref);
    else if (ref.startsWith("local.")) for (const inner of localRefs.get(ref.slice(6)) ?? []) refs.add(inner);
  }
  return refs;
}

/** Every `type.name` / `data.type.name` / `local.name` candidate in a value's strings (cdktf metadata skipped). */
function rawReferences(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (typeof node === "string") {
      for (const match of node.matchAll(REFERENCE)) found.push(match[1]);
    } else if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) if (key !== "//") walk(child);
    }
  };
  walk(value);
  return found;
}
