import { spawnSync } from "child_process";

/**
 * The first interpreter that can import `modules`: `python3` on PATH, else Debian's (where apt installs them).
 * undefined when neither can; the caller then records a skip (skipCheck in tools.ts).
 */
export function findPython(modules: readonly string[]): string | undefined {
  for (const candidate of ["python3", "/usr/bin/python3"]) {
    const probe = spawnSync(candidate, ["-c", `import ${modules.join(", ")}`], { stdio: "ignore" });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}
