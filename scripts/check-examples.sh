#!/usr/bin/env bash
# The library as a consumer gets it, run by .ci/run after `npm run build` and `npm run package:python`:
# 1. `npm pack`: the tarball holds the compiled JS, the .d.ts and the jsii assembly, and no sources, tests,
#    environments.ts or main.ts.
# 2. Every TypeScript example (examples/*/tsconfig.json), in a temporary copy: `npm install <tarball>` with its other
#    dependencies from the npm cache (--prefer-offline: the registry is asked only for what the cache lacks), then
#    plain `tsc` under the example's strict tsconfig (skipLibCheck false: our .d.ts files are checked too), `node`,
#    `ts-node` (what `cdktf init` sets up), and an esbuild bundle run from an empty folder; all three must write the
#    same Terraform JSON. An example's check.mjs, if any, then asserts on that JSON.
# 3. The Python example, type-checked by pyright (strict) against the Python sources jsii-pacmak generates for this
#    package and its dependencies. A Python run is impossible offline: the jsii Python runtime comes from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CHECKPOINT_DISABLE=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=1

if [ ! -f .jsii ] || [ ! -f lib/library.js ] || [ ! -d dist/python/src ]; then
  echo "check-examples: run \`npm run build && npm run package:python\` first (no .jsii, lib/ or dist/python)." >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "--- npm pack"
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
tar tzf "$tarball" | sort >"$work/contents.txt"
for required in package/package.json package/.jsii package/lib/library.js package/lib/library.d.ts; do
  grep -qx "$required" "$work/contents.txt" || { echo "check-examples: $required is missing from the tarball" >&2; exit 1; }
done
unwanted=$(grep -Ev '^package/(package\.json|README\.md|LICENSE|\.jsii|lib/.+\.(js|d\.ts))$' "$work/contents.txt" || true)
if [ -n "$unwanted" ]; then
  echo "check-examples: the tarball holds files a consumer must not get:" >&2
  echo "$unwanted" >&2
  exit 1
fi
echo "tarball: $(wc -l <"$work/contents.txt") files, compiled JS, .d.ts and .jsii only"

for example in examples/*/; do
  name=$(basename "$example")
  [ -f "$example/tsconfig.json" ] || continue
  echo "--- examples/$name (TypeScript, against the packed tarball)"
  copy="$work/$name"
  cp -r "$example" "$copy"
  rm -rf "$copy/node_modules" "$copy/dist" "$copy/cdktf.out"
  (
    cd "$copy"
    npm install --prefer-offline --no-audit --no-fund --ignore-scripts "$tarball" >/dev/null
    npx tsc -p .
    node dist/main.js
    mv cdktf.out "$work/$name.node.out"
    npx ts-node --project tsconfig.json main.ts
    mv cdktf.out "$work/$name.ts-node.out"
    # Bundled, then run where neither our package nor node_modules exists: nothing may be read from disk at run time.
    "$root/node_modules/.bin/esbuild" dist/main.js --bundle --platform=node --target=node20 --log-level=warning \
      --outfile="$work/$name.bundle/main.js"
  )
  (cd "$work/$name.bundle" && node main.js)
  for run in ts-node bundle; do
    other="$work/$name.$run.out"
    [ "$run" = bundle ] && other="$work/$name.bundle/cdktf.out"
    if ! diff -r -q "$work/$name.node.out/stacks" "$other/stacks" >/dev/null; then
      echo "check-examples: examples/$name synthesizes differently under $run than under node" >&2
      diff -r "$work/$name.node.out/stacks" "$other/stacks" | head -20 >&2
      exit 1
    fi
  done
  if [ -f "$example/check.mjs" ]; then node "$example/check.mjs" "$work/$name.node.out"; fi
  echo "examples/$name: tsc, node, ts-node and a bundle all synthesize $(ls "$work/$name.node.out/stacks" | tr '\n' ' ')"
done

echo "--- examples/python (pyright against the generated Python sources)"
# The dependencies' Python sources, generated from their jsii assemblies in node_modules (azurerm takes about a minute).
npx jsii-pacmak --targets python --code-only --outdir "$work/python-deps" \
  node_modules/constructs node_modules/cdktf node_modules/@cdktf/provider-azurerm \
  node_modules/@cdktf/provider-azuread node_modules/@cdktf/provider-random
cp -r examples/python "$work/python-example"
cat >"$work/python-example/pyrightconfig.json" <<EOF
{
  "include": ["main.py"],
  "extraPaths": ["$root/dist/python/src", "$work/python-deps/python/src"],
  "typeCheckingMode": "strict",
  "pythonVersion": "3.11"
}
EOF
(cd "$work/python-example" && "$root/node_modules/.bin/pyright" -p pyrightconfig.json)
echo "check-examples: ok"
