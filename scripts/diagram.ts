/**
 * `npm run diagram`: one SVG per synthesized stack, docs/diagrams/<stack>.svg, drawn from cdktf.out (run
 * `npm run synth` first: a cdktf.out older than the sources is refused). Options: `--out <dir>` (default cdktf.out),
 * `--to <dir>` (default docs/diagrams), `--check` (fail if a committed SVG differs from what the synthesized stacks
 * give, and write nothing).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { toDot } from "./lib/dot";
import { renderSvg } from "./lib/render-svg";
import { buildStackGraph } from "./lib/stack-graph";
import { readCurrentStacks } from "./lib/current-output";
import { SynthesizedOutputError } from "./lib/synthesized";
import { optionValue } from "./lib/cli-options";

async function main(argv: readonly string[]): Promise<number> {
  const outdir = optionValue(argv, "--out") ?? "cdktf.out";
  const target = optionValue(argv, "--to") ?? join("docs", "diagrams");
  const check = argv.includes("--check");
  const stale: string[] = [];
  for (const stack of readCurrentStacks(outdir)) {
    const graph = buildStackGraph(stack);
    const svg = await renderSvg(toDot(graph));
    const file = join(target, `${stack.name}.svg`);
    if (check) {
      if (!existsSync(file) || readFileSync(file, "utf8") !== svg) stale.push(file);
      continue;
    }
    mkdirSync(target, { recursive: true });
    writeFileSync(file, svg);
    console.log(`${file}: ${graph.nodes.length} resources, ${graph.edges.length} references`);
  }
  if (stale.length > 0) {
    console.error(
      `Out of date: ${stale.join(", ")}. Run \`npm run synth && npm run diagram\` and commit the SVGs.`,
    );
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof SynthesizedOutputError ? error.message : error);
    process.exit(1);
  },
);
