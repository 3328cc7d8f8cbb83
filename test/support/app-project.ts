import { spawnSync } from "child_process";
import { createHash } from "crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { basename, dirname, join } from "path";

/**
 * Throw-away projects for the cdktf.json app command (scripts/synth.mjs): a test writes the files it needs, runs the
 * command as `npx cdktf synth` would, and reads what it printed and wrote. Each run is a new Node process, so a test
 * never shares modules with the test files around it.
 */
const root = join(__dirname, "..", "..");
const bundleCache = join(root, "node_modules", ".cache", "mlflow-synth");
const projects: string[] = [];
/** Projects at a fixed path: their bundle stays cached between runs (the cache checks every input's content). */
const keptBundles = new Set<string>();

/**
 * A new temporary project holding `files` (path relative to the project: text). Remove with removeProjects().
 * With `fixedName`, the project has the same path on every run, so a test that does not exercise bundling itself
 * reuses the app's cached bundle from the last run (an unchanged build costs npm test's budget nothing).
 */
export function project(files: Record<string, string>, fixedName?: string): string {
  let dir: string;
  if (fixedName === undefined) dir = mkdtempSync(join(tmpdir(), "mlflow-app-"));
  else {
    dir = join(tmpdir(), `mlflow-app-${fixedName}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    keptBundles.add(dir);
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  projects.push(dir);
  return dir;
}

/** Runs the app command on `entry` from its own folder, writing to `<folder>/cdktf.out`. */
export function runApp(entry: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(root, "scripts", "synth.mjs"), entry], {
    cwd: dirname(entry),
    env: { ...process.env, CDKTF_OUTDIR: join(dirname(entry), "cdktf.out"), CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Removes every project made so far and the bundles the app cached for their entries. Cache slots are named
 * `<entry name>-<first 8 hex of sha256(entry path)>` (scripts/app-bundle.mjs, bundle()), so only these projects'
 * bundles go: the repository's own main.ts bundle may be in use by a test running in parallel.
 */
export function removeProjects(): void {
  const slots = projects
    .filter((dir) => !keptBundles.has(dir))
    .flatMap((dir) =>
      readdirSync(dir)
        .filter((file) => file.endsWith(".ts"))
        .map(
          (file) =>
            `${basename(file, ".ts")}-${createHash("sha256").update(join(dir, file)).digest("hex").slice(0, 8)}`,
        ),
    );
  for (const file of readdirSync(bundleCache))
    if (slots.some((slot) => file.startsWith(`${slot}.`) || file.startsWith(`${slot}-`)))
      rmSync(join(bundleCache, file), { force: true });
  for (const dir of projects.splice(0)) rmSync(dir, { recursive: true, force: true });
}
