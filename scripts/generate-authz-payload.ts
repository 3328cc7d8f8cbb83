/**
 * `npm run generate:authz`: writes constructs/authz/payload.generated.ts, the MLflow authorization package
 * (server/python/mlflow_entra_authz) as a Base64 zip archive the hosts put on PYTHONPATH. The constructs read that
 * constant, never the .py files, so a compiled or bundled copy of this library carries the package too.
 * Run it after changing a file of the package; test/authz/payload.test.ts fails until you do. A module that already
 * holds the package's current files is left alone (deflate's output can differ between zlib builds, the files cannot).
 */
import { existsSync, readFileSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import {
  AUTHZ_PAYLOAD_MODULE,
  authzArchive,
  authzPackageEntries,
  payloadModule,
  sameEntries,
} from "./lib/authz-package";

const root = resolve(__dirname, "..");
const output = join(root, AUTHZ_PAYLOAD_MODULE);
const current = existsSync(output)
  ? /MLFLOW_ENTRA_AUTHZ_ZIP_BASE64 =\s*"([A-Za-z0-9+/=]*)"/.exec(readFileSync(output, "utf8"))?.[1]
  : undefined;
const entries = authzPackageEntries(root);
if (current !== undefined && sameEntries(Buffer.from(current, "base64"), entries)) {
  console.log(`${AUTHZ_PAYLOAD_MODULE} already holds the ${entries.length} files of the package`);
} else {
  const archive = authzArchive(root);
  writeFileSync(output, payloadModule(archive));
  console.log(
    `wrote ${AUTHZ_PAYLOAD_MODULE}: ${entries.length} files, ${archive.length} bytes zipped, ${Math.ceil(archive.length / 3) * 4} in Base64`,
  );
}
