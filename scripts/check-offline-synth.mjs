#!/usr/bin/env node
// `npm run synth`, the Quick start's synth, is quiet offline: the cdktf CLI it starts sends no telemetry to HashiCorp's
// checkpoint service (scripts/cdktf.mjs sets CHECKPOINT_DISABLE). Run by .ci/run rather than by `npm test`: the real
// CLI costs about 2.5 s of CPU by itself, and `npm test` has a budget (npm run bench). Exits 1, naming what it saw,
// when the synth prints anything about the checkpoint service or fails.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CHECKPOINT_HOST = "checkpoint-api.hashicorp.com";
const work = mkdtempSync(join(tmpdir(), "mlflow-cdktf-"));
try {
  // Offline on every machine, for that one host: a request to it is reported on stderr and sent to a name that never
  // resolves (.invalid, RFC 2606), so it fails as it does without a network and nothing leaves the machine.
  const offline = join(work, "offline-checkpoint.cjs");
  writeFileSync(
    offline,
    `const https = require("https");
const request = https.request;
https.request = function (url, ...rest) {
  if (String(url).includes(${JSON.stringify(CHECKPOINT_HOST)})) {
    process.stderr.write("request to ${CHECKPOINT_HOST}\\n");
    url = "https://checkpoint-api.invalid/";
  }
  return request.call(this, url, ...rest);
};
`,
  );
  // A one-stack app, so the check costs the CLI and little else.
  const app = join(work, "app.js");
  writeFileSync(
    app,
    `const { App, TerraformStack } = require(${JSON.stringify(join(root, "node_modules", "cdktf"))});
const app = new App();
new TerraformStack(app, "quiet");
app.synth();
`,
  );
  const script = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts.synth;
  const { CHECKPOINT_DISABLE: _ignored, ...env } = process.env; // the user's environment need not set it
  const out = join(work, "cdktf.out");
  // As npm runs a script: through the shell, in the package folder, with node_modules/.bin first on PATH.
  const run = spawnSync(`${script} --app "node ${app}" --output "${out}"`, {
    cwd: root,
    shell: true,
    encoding: "utf8",
    env: {
      ...env,
      PATH: `${join(root, "node_modules", ".bin")}${delimiter}${env.PATH ?? ""}`,
      NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --require ${offline}`.trim(),
    },
    timeout: 60_000,
  });
  const noisy = `${run.stdout}\n${run.stderr}`
    .split("\n")
    .filter((line) => /ENOTFOUND|checkpoint/i.test(line));
  if (noisy.length > 0 || run.status !== 0 || !existsSync(join(out, "manifest.json"))) {
    console.error(
      `check-offline-synth: \`npm run synth\` (${script}) ` +
        (noisy.length > 0 ? `printed:\n${noisy.join("\n")}` : `exited ${run.status}:\n${run.stderr}`),
    );
    process.exit(1);
  }
  console.log("check-offline-synth: npm run synth is quiet offline");
} finally {
  rmSync(work, { recursive: true, force: true });
}
