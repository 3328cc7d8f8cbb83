import { join } from "path";
import { readSynthesizedStacks, type SynthesizedStack } from "../../scripts/lib/synthesized";

/** A hand-written cdktf.out with two small stacks: `mlflow-alpha` (EasyAuth-like) and `mlflow-beta` (App Proxy-like). */
export const FIXTURE_OUTDIR = join(__dirname, "fixtures", "synthesized");

export function fixtureStack(name: "mlflow-alpha" | "mlflow-beta"): SynthesizedStack {
  const stack = readSynthesizedStacks(FIXTURE_OUTDIR).find((candidate) => candidate.name === name);
  if (!stack) throw new Error(`fixture stack ${name} missing from ${FIXTURE_OUTDIR}`);
  return stack;
}
