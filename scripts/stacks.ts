/**
 * `npm run --silent stacks`: the synthesized stacks as the deploy workflow's matrix, one JSON line:
 * `[{"stack":"mlflow-dev","environment":"dev","signIn":"workload-identity","reason":"","stateBackend":"azurerm"}, ...]`, in the order of
 * environments.ts. Reads cdktf.out (`--out <dir>` to change); run `npm run synth` first: a cdktf.out older than the
 * sources is refused, so an environment removed since is never listed.
 */
import { optionValue } from "./lib/cli-options";
import { pipelineStack } from "./lib/pipeline-stacks";
import { readCurrentStacks } from "./lib/current-output";
import { SynthesizedOutputError } from "./lib/synthesized";

try {
  const stacks = readCurrentStacks(optionValue(process.argv.slice(2), "--out") ?? "cdktf.out");
  console.log(JSON.stringify(stacks.map(pipelineStack)));
} catch (error) {
  console.error(error instanceof SynthesizedOutputError ? error.message : error);
  process.exit(1);
}
