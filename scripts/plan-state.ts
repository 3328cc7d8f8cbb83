/**
 * `npm run --silent plan-state -- --stack <stack>`: run by the deploy workflow's plan job before `cdktf diff`. Prints
 * `state=existing|new|local` (for $GITHUB_OUTPUT); for a new environment (no state blob yet) it points the stack's
 * cdk.tf.json at an empty local state, so the plan identity, which may only read the state container, can plan.
 * Reads cdktf.out (`--out <dir>` to change). Why: scripts/lib/plan-state.ts.
 */
import { optionValue } from "./lib/cli-options";
import { azBlobExists, PlanStateError, preparePlanState } from "./lib/plan-state";
import { readSynthesizedStacks, SynthesizedOutputError } from "./lib/synthesized";

try {
  const argv = process.argv.slice(2);
  const name = optionValue(argv, "--stack");
  if (!name) {
    throw new PlanStateError(
      "Name the stack to plan, e.g. `npm run --silent plan-state -- --stack mlflow-prod`.",
    );
  }
  const outdir = optionValue(argv, "--out") ?? "cdktf.out";
  const stacks = readSynthesizedStacks(outdir);
  const stack = stacks.find((candidate) => candidate.name === name);
  if (!stack) {
    throw new PlanStateError(
      `No stack "${name}" in ${outdir}; synthesized: ${stacks.map((s) => s.name).join(", ")}.`,
    );
  }
  console.log(`state=${preparePlanState(stack, azBlobExists).state}`);
} catch (error) {
  console.error(
    error instanceof SynthesizedOutputError || error instanceof PlanStateError ? error.message : error,
  );
  process.exit(1);
}
