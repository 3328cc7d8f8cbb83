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

/**
 * Runs one pytest suite (a folder, from the repository root) with `python` and throws pytest's own output unless every
 * collected test passed. Only pytest's own plugins load (whatever else this machine has installed neither slows the
 * suite down nor changes how it runs), and no __pycache__ is left in the source tree.
 */
export function expectPytestPasses(python: string, root: string, suite: string): void {
  const result = spawnSync(python, ["-m", "pytest", suite, "-q", "-p", "no:cacheprovider"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", PYTEST_DISABLE_PLUGIN_AUTOLOAD: "1" },
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  // pytest exits 0 only when tests ran and all passed (5 means none were collected).
  if (result.status !== 0) {
    throw new Error(`${python} -m pytest ${suite} exited ${result.status ?? result.signal}:\n${output}`);
  }
  if (!/\d+ passed/.test(output)) throw new Error(`${python} -m pytest ${suite} ran no test:\n${output}`);
}
