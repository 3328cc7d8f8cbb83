#!/usr/bin/env node
// Measures the edit-synth-test loop side by side: each command's wall time as a ratio to a bare
// `node -e "require('cdktf')"` measured in the same run (so a slow or busy machine cancels out), and peak memory.
// Usage: npm run bench [-- --runs 5]. Prints a table and which targets (issue 11) are met; it never fails on a number,
// and no test asserts a timing.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 3;
const work = mkdtempSync(join(tmpdir(), "mlflow-bench-"));
const app = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).app;

// Preloaded into every Node process a command starts: each one appends its peak RSS (KB) to BENCH_RSS_FILE.
const probe = join(work, "probe.cjs");
writeFileSync(
  probe,
  `process.on("exit", () => { try { require("fs").appendFileSync(process.env.BENCH_RSS_FILE, process.resourceUsage().maxRSS + "\\n"); } catch {} });`,
);

const tasks = [
  { id: "bare", name: `bare node -e "require('cdktf')"`, command: `node -e "require('cdktf')"`, repeat: 3 },
  { id: "app", name: `the cdktf.json app (${app})`, command: app, target: 3, memoryTargetMb: 300 },
  {
    id: "app-edit",
    name: "the app after an edit (bundle rebuilt)",
    command: app,
    before: () =>
      rmSync(join(root, "node_modules", ".cache", "mlflow-synth"), { recursive: true, force: true }),
  },
  { id: "synth", name: "npx cdktf synth", command: `npx cdktf synth --output ${join(work, "cli-out")}` },
  {
    id: "tsc",
    name: "tsc --noEmit (npm run typecheck)",
    command: "node node_modules/typescript/bin/tsc --noEmit",
  },
  { id: "test", name: "npm test", command: "npm test --silent", target: 50 },
];

/** Runs a command through the shell, as npm and cdktf do; returns seconds and the peak RSS of its processes. */
function measure(task) {
  task.before?.();
  const rssFile = join(work, "rss.txt");
  rmSync(rssFile, { force: true });
  const start = process.hrtime.bigint();
  const result = spawnSync(task.command, {
    cwd: root,
    shell: true,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      CDKTF_OUTDIR: join(work, "out"),
      CHECKPOINT_DISABLE: "1",
      BENCH_RSS_FILE: rssFile,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${probe}`.trim(),
    },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) {
    console.error(`${task.name} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    process.exit(1);
  }
  let peakKb = 0;
  try {
    for (const line of readFileSync(rssFile, "utf8").split("\n"))
      peakKb = Math.max(peakKb, Number(line) || 0);
  } catch {
    // the command started no Node process
  }
  return { seconds, peakKb };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// One warm-up of everything (caches: the app's bundle, Jest's transforms, tsc's nothing), then interleaved rounds so
// that a noisy neighbour hits every command alike.
console.error(`bench: warming up, then ${runs} round(s) of ${tasks.length} commands...`);
for (const task of tasks) measure(task);
const samples = Object.fromEntries(tasks.map((task) => [task.id, { seconds: [], peakKb: 0 }]));
for (let round = 0; round < runs; round++) {
  for (const task of tasks) {
    for (let i = 0; i < (task.repeat ?? 1); i++) {
      const { seconds, peakKb } = measure(task);
      samples[task.id].seconds.push(seconds);
      samples[task.id].peakKb = Math.max(samples[task.id].peakKb, peakKb);
    }
  }
  console.error(`bench: round ${round + 1}/${runs} done`);
}
rmSync(work, { recursive: true, force: true });

const bare = median(samples.bare.seconds);
const verdicts = [];
const rows = tasks.map((task) => {
  const { seconds, peakKb } = samples[task.id];
  const ratio = median(seconds) / bare;
  const peakMb = peakKb / 1024;
  const targets = [];
  if (task.target) {
    const met = ratio <= task.target;
    targets.push(`<= ${task.target}x: ${met ? "met" : "UNMET"}`);
    verdicts.push(met);
  }
  if (task.memoryTargetMb) {
    const met = peakMb < task.memoryTargetMb;
    targets.push(`< ${task.memoryTargetMb} MB: ${met ? "met" : "UNMET"}`);
    verdicts.push(met);
  }
  return {
    command: task.name,
    "median s": median(seconds).toFixed(2),
    "min s": Math.min(...seconds).toFixed(2),
    "x bare": ratio.toFixed(1),
    "peak MB": peakMb.toFixed(0),
    target: targets.join("; "),
  };
});
console.log(`node ${process.version}, ${runs} round(s); ratios are medians over the bare require's median`);
console.table(rows);
console.log(verdicts.every(Boolean) ? "all targets met" : "some targets UNMET");
