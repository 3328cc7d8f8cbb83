import { execFileSync } from "child_process";
import { appendFileSync } from "fs";

/** True when `command` is on PATH. */
export function hasTool(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Records that a check was skipped because a tool is missing; the skipped-checks reporter prints the list
 * at the end of the run, with the apt command that enables it (`aptPackages`; by default the cloud-init,
 * shellcheck and systemd packages). In CI (CI=true) a missing tool is an error instead: CI must run every check.
 */
export function skipCheck(description: string, tool: string, aptPackages?: string[]): void {
  if (process.env.CI === "true") {
    throw new Error(
      `${description}: '${tool}' is not installed, and CI must run this check (.ci/run installs it).`,
    );
  }
  const log = process.env.SKIPPED_CHECKS_LOG;
  const packages = aptPackages ? `\tapt:${aptPackages.join(" ")}` : "";
  if (log) appendFileSync(log, `${description} (needs '${tool}')${packages}\n`);
}
