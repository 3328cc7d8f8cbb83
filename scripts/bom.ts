/**
 * `npm run bom`: per synthesized stack, the billable resources with the SKU or size that sets their price, and how
 * many, read from cdktf.out (run `npm run synth` first: a cdktf.out older than the sources is refused). Options:
 * `--out <dir>` (default cdktf.out), `--json`.
 */
import { billOfMaterials } from "./lib/bill-of-materials";
import { bomMarkdown } from "./lib/bom-table";
import { optionValue } from "./lib/cli-options";
import { readCurrentStacks } from "./lib/current-output";
import { SynthesizedOutputError } from "./lib/synthesized";

try {
  const argv = process.argv.slice(2);
  const boms = readCurrentStacks(optionValue(argv, "--out") ?? "cdktf.out").map(billOfMaterials);
  console.log(argv.includes("--json") ? JSON.stringify(boms, null, 2) : boms.map(bomMarkdown).join("\n"));
} catch (error) {
  console.error(error instanceof SynthesizedOutputError ? error.message : error);
  process.exit(1);
}
