import { App } from "cdktf";
import { ConfigError, MlflowStack, resolveConfig, STACK_ID_PREFIX } from "./constructs";
import { environments } from "./environments";

// Validate every environment before the App exists (it creates the output directory): a configuration mistake
// is the user's to fix, not a crash, so print the message alone and write nothing.
try {
  for (const [name, config] of Object.entries(environments)) resolveConfig(name, config);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// No stack traces in the manifest: the output is the same on every machine and safe to paste into an issue.
const app = new App({ stackTraces: false });
for (const [name, config] of Object.entries(environments)) {
  new MlflowStack(app, `${STACK_ID_PREFIX}${name}`, config);
}
app.synth();
