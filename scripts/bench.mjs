#!/usr/bin/env node
// Measures the edit-synth-test loop: wall time and peak memory (max RSS) of synth, type-check and the tests.
// Usage: npm run bench [-- --runs 3]. Prints a table; never fails on a number (no timing assertions anywhere).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 3;
const work = mkdtempSync(join(tmpdir(), "mlflow-bench-"));
// Preloaded into each measured Node process: reports its peak RSS when it exits.
const probe = join(work, "probe.cjs");
writeFileSync(
  probe,
  `process.on("exit", () => require("fs").writeSync(2, "\\nBENCH_MAX_RSS_KB=" + process.resourceUsage().maxRSS + "\\n"));`,
);

const tasks = [
  {
    name: "synth (main.ts via tsx, both stacks)",
    args: ["--import", "tsx", "main.ts"],
    env: { CDKTF_OUTDIR: join(work, "out") },
  },
  { name: "type-check (tsc --noEmit)", args: ["node_modules/typescript/bin/tsc", "--noEmit"] },
  { name: "tests (jest --runInBand)", args: ["node_modules/jest/bin/jest.js", "--runInBand", "--silent"] },
];

const rows = [];
for (const task of tasks) {
  const times = [];
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["--require", probe, ...task.args], {
      env: { ...process.env, ...task.env, CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (result.status !== 0) {
      console.error(`${task.name} failed:\n${result.stdout}\n${result.stderr}`);
      process.exit(1);
    }
    const rss = [...result.stderr.matchAll(/BENCH_MAX_RSS_KB=(\d+)/g)].map((m) => Number(m[1]));
    peak = Math.max(peak, ...rss);
  }
  times.sort((a, b) => a - b);
  rows.push({
    task: task.name,
    "median s": times[Math.floor(times.length / 2)].toFixed(2),
    "min s": times[0].toFixed(2),
    "peak MB": (peak / 1024).toFixed(0),
  });
}
rmSync(work, { recursive: true, force: true });
console.log(`node ${process.version}, ${runs} run(s) each`);
console.table(rows);
