import { readdirSync, statSync } from "fs";
import { join, relative } from "path";
import { readSynthesizedStacks, SynthesizedOutputError, type SynthesizedStack } from "./synthesized";

/**
 * cdktf.out is what the sources gave at the last synth, and nothing updates it after: an environment removed from
 * environments.ts since is still one of its stacks. The tooling (npm run stacks, diagram, bom) reads it only when no
 * source was modified after cdktf wrote its manifest. Modification times rather than content: they cover the files
 * the constructs read at synth (cloud-init and connector scripts next to them) without a record written at synth,
 * and the mistake they can make, a synth more than needed after a checkout, is harmless.
 */

/** What a synth reads, relative to the project folder (a folder counts with every file in it). */
export const SYNTH_SOURCES = [
  "main.ts",
  "environments.ts",
  "constructs",
  "cdktf.json",
  "tsconfig.json",
  "package-lock.json",
] as const;

const PROJECT_ROOT = join(__dirname, "..", "..");

/** Every file of SYNTH_SOURCES under `root` modified after `time` (ms), newest first, relative to `root`. */
export function sourcesModifiedAfter(time: number, root: string): string[] {
  const found: { path: string; modified: number }[] = [];
  const visit = (path: string) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return; // an optional source (package-lock.json) that is not there
    }
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else if (stat.mtimeMs > time) found.push({ path: relative(root, path), modified: stat.mtimeMs });
  };
  for (const source of SYNTH_SOURCES) visit(join(root, source));
  return found.sort((a, b) => b.modified - a.modified).map((file) => file.path);
}

/**
 * The stacks in `outdir`, when it was synthesized from the sources as they are now.
 * @throws SynthesizedOutputError naming what changed since and the command to run, when it was not
 */
export function readCurrentStacks(outdir: string, root: string = PROJECT_ROOT): SynthesizedStack[] {
  const stacks = readSynthesizedStacks(outdir);
  const manifest = join(outdir, "manifest.json");
  const changed = sourcesModifiedAfter(statSync(manifest).mtimeMs, root);
  if (changed.length > 0) {
    const named =
      changed.length > 3
        ? `${changed.slice(0, 3).join(", ")} and ${changed.length - 3} more`
        : changed.join(", ");
    throw new SynthesizedOutputError(
      `${manifest} is older than ${named}: it may still list environments removed since, or miss new ones. ` +
        "Run `npm run synth` first, then run this again.",
    );
  }
  return stacks;
}
