#!/usr/bin/env node
// `npm run synth` is `cdktf synth` through this file, and `node scripts/cdktf.mjs <command> ...` runs any cdktf
// command the same way: the project's cdktf CLI, started with CHECKPOINT_DISABLE set. Without it each command posts
// telemetry to checkpoint-api.hashicorp.com, which offline prints `getaddrinfo ENOTFOUND checkpoint-api...` on every
// run. cdktf-cli 0.21.0 sends nothing when the variable is non-empty: hashicorp/terraform-cdk@v0.21.0,
// packages/@cdktf/commons/src/environment.ts (`CHECKPOINT_DISABLE = Boolean(process.env.CHECKPOINT_DISABLE)`),
// checked first by ReportRequest in src/checkpoint.ts (bundled in node_modules/cdktf-cli/bundle/bin/cmds/handlers.js).
// Terraform, which cdktf starts, reads the same variable:
// https://developer.hashicorp.com/terraform/cli/commands#upgrade-and-security-bulletin-checks
// Why not `CHECKPOINT_DISABLE=1 cdktf synth` in package.json: npm runs scripts with cmd.exe on Windows, which has no
// such syntax, and a helper package for it would be a new dependency for one variable.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// The CLI as its own command starts it (from the bin entry of its package.json), in a process of its own: loaded into
// this one it would take its `--version` from this project's package.json.
const manifest = createRequire(import.meta.url).resolve("cdktf-cli/package.json");
const cli = join(dirname(manifest), JSON.parse(readFileSync(manifest, "utf8")).bin.cdktf);
const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE || "1" },
});
// Ctrl-C reaches the CLI from the terminal itself; this process waits for it to finish. A signal sent to this
// process alone is passed on.
process.on("SIGINT", () => {});
for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
