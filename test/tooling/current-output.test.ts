import { spawnSync } from "child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { readCurrentStacks, SYNTH_SOURCES } from "../../scripts/lib/current-output";
import { SynthesizedOutputError } from "../../scripts/lib/synthesized";
import { FIXTURE_OUTDIR } from "./fixture";

/**
 * npm run stacks, diagram and bom read cdktf.out only while it is current: once a source changed after the last
 * synth (an environment removed from environments.ts, a construct, a script a construct reads), they refuse it and
 * name the command to run, instead of reporting on what is no longer configured.
 */
const root = join(__dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "mlflow-current-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SYNTH_TIME = new Date("2026-01-01T12:00:00Z");
const before = new Date(SYNTH_TIME.getTime() - 60_000);
const after = new Date(SYNTH_TIME.getTime() + 60_000);

/** A project whose sources were all last modified before its cdktf.out (the fixture's two stacks) was written. */
function project(name: string): { dir: string; outdir: string } {
  const dir = join(work, name);
  const files = ["main.ts", "environments.ts", "constructs/app-proxy/scripts/start.sh", "cdktf.json"];
  for (const file of files) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), "");
    utimesSync(join(dir, file), before, before);
  }
  const outdir = join(dir, "cdktf.out");
  cpSync(FIXTURE_OUTDIR, outdir, { recursive: true });
  utimesSync(join(outdir, "manifest.json"), SYNTH_TIME, SYNTH_TIME);
  return { dir, outdir };
}

describe("readCurrentStacks", () => {
  test("reads cdktf.out when no source changed after it was written", () => {
    const { dir, outdir } = project("current");
    expect(readCurrentStacks(outdir, dir).map((stack) => stack.name)).toEqual([
      "mlflow-beta",
      "mlflow-alpha",
    ]);
  });

  test("refuses it once environments.ts changed (e.g. an environment was removed), naming the file and `npm run synth`", () => {
    const { dir, outdir } = project("environment-removed");
    utimesSync(join(dir, "environments.ts"), after, after);
    expect(() => readCurrentStacks(outdir, dir)).toThrow(SynthesizedOutputError);
    expect(() => readCurrentStacks(outdir, dir)).toThrow(
      `${join(outdir, "manifest.json")} is older than environments.ts: it may still list environments removed since, ` +
        "or miss new ones. Run `npm run synth` first, then run this again.",
    );
  });

  test("a file a construct reads at synth counts too, however deep in constructs/", () => {
    const { dir, outdir } = project("script-changed");
    utimesSync(join(dir, "constructs/app-proxy/scripts/start.sh"), after, after);
    expect(() => readCurrentStacks(outdir, dir)).toThrow(
      /is older than constructs[/\\]app-proxy[/\\]scripts[/\\]start\.sh: /,
    );
  });

  test("the sources are what the app reads: main.ts, environments.ts and the constructs folder among them", () => {
    expect(SYNTH_SOURCES).toEqual(expect.arrayContaining(["main.ts", "environments.ts", "constructs"]));
  });
});

describe("the npm scripts refuse a cdktf.out older than this repository's sources", () => {
  const scripts: Record<string, string> = require(join(root, "package.json")).scripts;

  /** Runs `npm run <name> -- <args>` as npm would (the script's command, through the shell, from the package). */
  function npmRun(name: string, args: string) {
    return spawnSync(`${scripts[name]} ${args}`, { cwd: root, shell: true, encoding: "utf8" });
  }

  /** A copy of the fixture's cdktf.out, its manifest written at `time`. */
  function outdirAt(name: string, time: Date): string {
    const outdir = join(work, name);
    cpSync(FIXTURE_OUTDIR, outdir, { recursive: true });
    utimesSync(join(outdir, "manifest.json"), time, time);
    return outdir;
  }

  test("npm run stacks: exits 1 on a stale cdktf.out, lists nothing, and says to run `npm run synth`", () => {
    const outdir = outdirAt("stale", new Date(0)); // before any file of this checkout
    const run = npmRun("stacks", `--out "${outdir}"`);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 1, stdout: "" });
    expect(run.stderr).toMatch(
      /manifest\.json is older than .*Run `npm run synth` first, then run this again\.\n$/,
    );
  });

  // One script is run above (each run bundles and starts a Node process); the others read cdktf.out the same way.
  test.each(["bom", "diagram"])("npm run %s reads cdktf.out only through the same check", (name) => {
    const source = readFileSync(join(root, "scripts", `${name}.ts`), "utf8");
    expect(scripts[name]).toBe(`node scripts/synth.mjs scripts/${name}.ts`);
    expect(source).toContain('import { readCurrentStacks } from "./lib/current-output";');
    expect(source).not.toMatch(/readSynthesizedStacks|readdirSync\(/);
  });
});
