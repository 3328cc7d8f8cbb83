import { App } from "cdktf";
import { MlflowStack, STACK_ID_PREFIX } from "./constructs";
import { checkEnvironments } from "./constructs/config";
import { environments } from "./environments";

// Validate every environment before the App exists (it creates the output directory): a configuration mistake
// is the user's to fix, not a crash, so print every problem of every environment at once, alone, and write nothing.
const problems = checkEnvironments(environments);
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}

// No stack traces in the manifest: the output is the same on every machine and safe to paste into an issue.
const app = new App({ stackTraces: false });
for (const [name, config] of Object.entries(environments)) {
  new MlflowStack(app, `${STACK_ID_PREFIX}${name}`, config);
}
app.synth();
