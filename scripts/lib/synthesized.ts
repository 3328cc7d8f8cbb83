import { existsSync, readFileSync } from "fs";
import { join } from "path";

/**
 * Reads what `cdktf synth` wrote (cdktf.out/manifest.json and each stack's cdk.tf.json), never the construct code,
 * so the tooling keeps working while the constructs change. Terraform JSON syntax:
 * https://developer.hashicorp.com/terraform/language/syntax/json
 */

/** The parts of a synthesized stack (cdktf.out/stacks/<id>/cdk.tf.json) the tooling reads. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, TerraformBlock>>;
  readonly data?: Record<string, Record<string, TerraformBlock>>;
  readonly locals?: Record<string, unknown>;
  readonly terraform?: {
    readonly required_providers?: Record<string, { readonly source?: string }>;
    /** The one backend block, keyed by type: `{ azurerm: {...} }` or `{ local: {...} }`. */
    readonly backend?: Record<string, unknown>;
  };
  /** Terraform outputs by name, e.g. `mlflow_image` (made in constructs/mlflow-stack.ts). */
  readonly output?: Record<string, { readonly value?: unknown; readonly description?: string }>;
}

/** One resource or data block; cdktf adds `//.metadata.path`, the construct path, e.g. `mlflow-dev/network/vnet`. */
export type TerraformBlock = Record<string, unknown> & {
  readonly "//"?: { readonly metadata?: { readonly path?: string } };
};

export interface SynthesizedStack {
  /** Stack id, e.g. `mlflow-dev`. */
  readonly name: string;
  readonly json: TerraformJson;
  /** The cdk.tf.json it was read from (absent for a stack built in memory). */
  readonly file?: string;
}

/** One managed resource or data source of a stack. */
export interface TerraformItem {
  /** Terraform address: `<type>.<name>`, or `data.<type>.<name>` for a data source. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly mode: "managed" | "data";
  /** Construct path below the stack, e.g. `["data", "backend-store", "server"]`. */
  readonly path: readonly string[];
  readonly body: TerraformBlock;
}

export class SynthesizedOutputError extends Error {}

/** Every stack cdktf wrote to `outdir`, in the manifest's order (the order of `environments` in environments.ts). */
export function readSynthesizedStacks(outdir: string): SynthesizedStack[] {
  const manifestPath = join(outdir, "manifest.json");
  if (!existsSync(manifestPath)) {
    throw new SynthesizedOutputError(
      `${manifestPath} not found: nothing has been synthesized yet. Run \`npm run synth\` first, then run this again.`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    stacks?: Record<string, { synthesizedStackPath?: string }>;
  };
  const entries = Object.entries(manifest.stacks ?? {});
  if (entries.length === 0) {
    throw new SynthesizedOutputError(
      `${manifestPath} lists no stacks: add an environment to environments.ts and run \`npm run synth\`.`,
    );
  }
  return entries.map(([name, stack]) => {
    const stackPath = join(outdir, stack.synthesizedStackPath ?? join("stacks", name, "cdk.tf.json"));
    if (!existsSync(stackPath)) {
      throw new SynthesizedOutputError(
        `${stackPath} not found although ${manifestPath} lists stack "${name}": run \`npm run synth\` again.`,
      );
    }
    return { name, json: JSON.parse(readFileSync(stackPath, "utf8")) as TerraformJson, file: stackPath };
  });
}

/** Managed resources, then data sources, each sorted by address: the same input always yields the same order. */
export function itemsOf(stack: SynthesizedStack): TerraformItem[] {
  const items: TerraformItem[] = [];
  const collect = (mode: "managed" | "data", blocks: TerraformJson["resource"]) => {
    for (const [type, byName] of Object.entries(blocks ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        items.push({
          address: mode === "data" ? `data.${type}.${name}` : `${type}.${name}`,
          type,
          name,
          mode,
          path: constructPath(stack.name, name, body),
          body,
        });
      }
    }
  };
  collect("managed", stack.json.resource);
  collect("data", stack.json.data);
  return items.sort((a, b) => compare(a.mode, b.mode) || compare(a.address, b.address));
}

/**
 * The construct path below the stack. cdktf records it in `//.metadata.path`; without it (a hand-written block), the
 * Terraform name is the path joined with "_" plus an 8-digit hash (`network_subnet-app-service_AD07E1A5`).
 */
function constructPath(stackName: string, name: string, body: TerraformBlock): string[] {
  const recorded = body["//"]?.metadata?.path;
  if (recorded) {
    const segments = recorded.split("/");
    return segments[0] === stackName ? segments.slice(1) : segments;
  }
  return name.replace(/_[0-9A-F]{8}$/, "").split("_");
}

/** The value at `key` when it is a plain value Terraform knows before plan, undefined for `${...}` expressions. */
export function literal(body: Record<string, unknown>, key: string): unknown {
  const value = body[key];
  return typeof value === "string" && value.includes("${") ? undefined : value;
}

/** A nested block (`os_disk`, `high_availability`): cdktf writes it as an object or a one-element list. */
export function block(body: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = body[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === "object" ? (first as Record<string, unknown>) : undefined;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
