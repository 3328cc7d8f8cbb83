import { App } from "cdktf";
import { ConfigError, MlflowStack, STACK_ID_PREFIX } from "./constructs";
import { environments } from "./environments";

const app = new App();
try {
  for (const [name, config] of Object.entries(environments)) {
    new MlflowStack(app, `${STACK_ID_PREFIX}${name}`, config);
  }
} catch (error) {
  // A configuration mistake is the user's to fix, not a crash: print the message alone and write nothing.
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
app.synth();
