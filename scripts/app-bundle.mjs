// Turns main.ts and the repository code it imports into one CommonJS file with esbuild: transpile only, no
// type-check (that is `npm run typecheck`). Packages stay external: cdktf and the providers load from node_modules
// as Node loads them anyway. The result is cached under node_modules/.cache, keyed by the content of every source
// file that went into it, so an unchanged tree runs without starting esbuild at all.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Problems esbuild found in the sources, already formatted `file:line:column: message`, one per line. */
export class BundleError extends Error {
  constructor(lines) {
    super(lines.join("\n"));
    this.name = "BundleError";
  }
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = join(ROOT, "node_modules", ".cache", "mlflow-synth");
// Changing how bundles are made (this file) or the esbuild version invalidates every cached bundle.
const RECIPE =
  readFileSync(fileURLToPath(import.meta.url), "utf8") +
  readFileSync(join(ROOT, "node_modules", "esbuild", "package.json"), "utf8");

/** Digest of the recipe and of each input's path and content. */
function digestOf(contents) {
  const hash = createHash("sha256").update(RECIPE);
  for (const [path, text] of contents) hash.update(`\0${path}\0`).update(text);
  return hash.digest("hex").slice(0, 16);
}

/** Current content of the inputs a cached bundle was made from; undefined if one no longer exists. */
function readInputs(paths) {
  const contents = [];
  for (const path of paths) {
    if (!existsSync(path)) return undefined;
    contents.push([path, readFileSync(path, "utf8")]);
  }
  return contents;
}

/**
 * Constructs read files next to their source (`join(__dirname, "scripts", ...)`). In a bundle every module would see
 * the bundle's directory, so each module that mentions `__dirname` or `__filename` gets its own constants, declared
 * on its first line so that line numbers (and remapped stack traces) stay those of the source.
 */
function sourceLocation(contents) {
  return {
    name: "source-location",
    setup(context) {
      context.onLoad({ filter: /\.[cm]?ts$/ }, ({ path }) => {
        const source = readFileSync(path, "utf8");
        contents.set(path, source);
        const locals = [];
        if (/\b__dirname\b/.test(source)) locals.push(`const __dirname = ${JSON.stringify(dirname(path))};`);
        if (/\b__filename\b/.test(source)) locals.push(`const __filename = ${JSON.stringify(path)};`);
        return { contents: locals.join(" ") + source, loader: "ts" };
      });
    },
  };
}

/** `file:line:column: message` for esbuild messages, file relative to the entry's directory, column from 1. */
function format(messages, prefix = "") {
  return messages.map(({ text, location }) =>
    location
      ? `${prefix}${location.file}:${location.line}:${location.column + 1}: ${text}`
      : `${prefix}${text}`,
  );
}

/** Writes a file so that a concurrent reader sees either nothing or all of it. */
function writeAtomically(path, data) {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, data);
  try {
    renameSync(partial, path);
  } catch (error) {
    // Windows refuses to replace a file another process has open; a concurrent run wrote the same bytes.
    rmSync(partial, { force: true });
    if (!existsSync(path)) throw error;
  }
}

/**
 * The bundle of `entry` (a .ts file), made now or taken from the cache.
 * @returns {{ file: string, map: string, warnings: string[] }} the CommonJS file to require and its source map file
 * @throws BundleError when a source does not parse or an import does not resolve
 */
export async function bundle(entry) {
  // One cache slot per entry file: main.ts here and a copy elsewhere (as tests make) never share a bundle.
  const name = `${basename(entry).replace(/\.[cm]?ts$/, "")}-${createHash("sha256").update(entry).digest("hex").slice(0, 8)}`;
  const manifestFile = join(CACHE, `${name}.json`);
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    const contents = readInputs(manifest.inputs);
    const file = join(CACHE, `${name}-${manifest.digest}.cjs`);
    if (contents && digestOf(contents) === manifest.digest && existsSync(file))
      return { file, map: `${file}.map`, warnings: [] };
  } catch {
    // no usable cache: build below
  }

  const contents = new Map();
  const workingDir = dirname(entry);
  // Loaded only when a bundle must be made: importing esbuild costs more than a cache hit.
  const { build } = await import("esbuild");
  let result;
  try {
    result = await build({
      entryPoints: [entry],
      absWorkingDir: workingDir,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      packages: "external",
      sourcemap: "external",
      sourcesContent: false,
      outfile: join(CACHE, `${name}.cjs`), // not written (write: false): it anchors the source map's paths
      write: false,
      metafile: true,
      logLevel: "silent",
      plugins: [sourceLocation(contents)],
    });
  } catch (failure) {
    if (!failure.errors) throw failure;
    throw new BundleError(format(failure.errors));
  }
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = resolve(workingDir, input);
    if (!contents.has(path)) contents.set(path, readFileSync(path, "utf8"));
  }
  // esbuild reads compiler options (e.g. useDefineForClassFields) from tsconfig.json: a change there is a change too.
  const tsconfig = join(workingDir, "tsconfig.json");
  if (existsSync(tsconfig)) contents.set(tsconfig, readFileSync(tsconfig, "utf8"));
  const inputs = [...contents.keys()].sort();
  const digest = digestOf(inputs.map((path) => [path, contents.get(path)]));
  const file = join(CACHE, `${name}-${digest}.cjs`);
  mkdirSync(CACHE, { recursive: true });
  const code = result.outputFiles.find((output) => output.path.endsWith(".cjs"));
  const map = result.outputFiles.find((output) => output.path.endsWith(".map"));
  writeAtomically(`${file}.map`, map.contents);
  writeAtomically(file, code.contents);
  writeAtomically(manifestFile, JSON.stringify({ digest, inputs }));
  // Older bundles of this entry are dead weight; one being run right now was read in full when it was required.
  for (const old of readdirSync(CACHE)) {
    const stale = old.startsWith(`${name}-`) && !old.startsWith(basename(file)) && !old.endsWith(".partial");
    if (stale) rmSync(join(CACHE, old), { force: true });
  }
  return { file, map: `${file}.map`, warnings: format(result.warnings, "warning: ") };
}
