import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { delimiter, join } from "path";

/**
 * `npm run synth`, the Quick start's synth, is quiet offline: the cdktf CLI it starts sends no telemetry to
 * HashiCorp's checkpoint service (scripts/cdktf.mjs sets CHECKPOINT_DISABLE). One run of the real CLI, on a one-stack
 * app so that it stays cheap; the CLI costs about 2.5 s of CPU by itself.
 */
const root = join(__dirname, "..", "..");
const CHECKPOINT_HOST = "checkpoint-api.hashicorp.com";
const work = mkdtempSync(join(tmpdir(), "mlflow-cdktf-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

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
const app = join(work, "app.js");
writeFileSync(
  app,
  `const { App, TerraformStack } = require(${JSON.stringify(join(root, "node_modules", "cdktf"))});
const app = new App();
new TerraformStack(app, "quiet");
app.synth();
`,
);

test("`npm run synth` prints nothing about HashiCorp's checkpoint service, and synthesizes, with the network unavailable", () => {
  const script: string = require(join(root, "package.json")).scripts.synth;
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
  const printed = `${run.stdout}\n${run.stderr}`;
  expect(printed.split("\n").filter((line) => /ENOTFOUND|checkpoint/i.test(line))).toEqual([]);
  expect({ status: run.status, manifest: existsSync(join(out, "manifest.json")) }).toEqual({
    status: 0,
    manifest: true,
  });
}, 60_000);
