import { EMBEDDED_HOST_FILES } from "./scripts/embedded";

/**
 * The text of a script or unit file of constructs/app-proxy/scripts/, from the constants generated at build time
 * (scripts/embed-host-files.mjs), not from disk: the compiled package and a consumer's bundle have no such folder.
 */
export function hostFile(name: string): string {
  const text = EMBEDDED_HOST_FILES[name];
  if (text === undefined) {
    throw new Error(
      `hostFile: constructs/app-proxy/scripts/${name} is not embedded; add the file there and run \`npm run embed\`.`,
    );
  }
  return text;
}
