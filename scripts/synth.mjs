#!/usr/bin/env node
// The cdktf.json app command (`npx cdktf synth` runs it with CDKTF_OUTDIR set): runs main.ts from an esbuild bundle
// in this one Node process. Why not `npx tsx main.ts`: that starts a second process and installs loader hooks that
// cost more than the synth itself (issue 11). Type-checking is its own step, `npm run typecheck`.
//
// Usage: node scripts/synth.mjs [entry.ts]   (default: main.ts next to this folder)
import { readFileSync } from "node:fs";
import { createRequire, SourceMap } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle, BundleError } from "./app-bundle.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const entry = resolve(process.argv[2] ?? join(root, "main.ts"));

/**
 * The error's stack with bundle positions turned back into TypeScript file:line:column. Source maps are not turned
 * on for the run itself: cdktf captures a full stack trace for every token it creates, and mapping each of those
 * through a source map made the synth a third slower.
 */
function remap(error, built) {
  const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  let map;
  try {
    map = new SourceMap(JSON.parse(readFileSync(built.map, "utf8")));
  } catch {
    return stack;
  }
  const positions = new RegExp(`${built.file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+):(\\d+)`, "g");
  return stack.replace(positions, (position, line, column) => {
    const found = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!found?.originalSource) return position;
    const source = found.originalSource.startsWith("file:")
      ? fileURLToPath(found.originalSource)
      : resolve(dirname(built.file), found.originalSource);
    return `${source}:${found.originalLine + 1}:${found.originalColumn + 1}`;
  });
}

let built;
try {
  built = await bundle(entry);
} catch (error) {
  if (!(error instanceof BundleError)) throw error;
  // e.g. a syntax error in environments.ts: `environments.ts:12:5: Expected "}" but found "location"`, no stack
  console.error(error.message);
  process.exit(1);
}
for (const warning of built.warnings) console.error(warning);
// cdktf records a stack trace for every token it creates (a plain object, Error.captureStackTrace with no frame
// limit), kept only to name a token's origin if it later fails to resolve; formatting them is a twentieth of the
// synth. Records get no frames here; real errors keep V8's own formatting.
Error.prepareStackTrace = (error, callSites) =>
  error instanceof Error ? `${error}${callSites.map((site) => `\n    at ${site}`).join("")}` : "";
try {
  createRequire(import.meta.url)(built.file);
} catch (error) {
  console.error(remap(error, built));
  process.exit(1);
}
