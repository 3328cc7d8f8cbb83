import { spawnSync } from "child_process";

/** Every Python module a test here may need; each interpreter is asked about all of them once per worker. */
const MODULES = ["pytest", "requests", "msal", "flask", "werkzeug", "yaml", "importlib.metadata"];

interface Interpreter {
  /** The interpreter's own path (sys.executable): later starts skip any shim on PATH (pyenv's cost ~0.1 s each). */
  readonly executable: string;
  readonly modules: ReadonlySet<string>;
}

let interpreters: Interpreter[] | undefined;

/**
 * The interpreters to try, in order, each with the modules it can import: on Linux the system's `/usr/bin/python3`
 * first (where apt installs the modules, as CI does; a version manager's python3 on PATH, such as pyenv's, may lack
 * them or start slower), then `python3` on PATH; elsewhere (macOS's /usr/bin/python3 may be an installer stub) only
 * `python3` on PATH. Asked once per test worker; `importlib.util.find_spec` finds a module without importing it.
 */
function pythonInterpreters(): Interpreter[] {
  const candidates = process.platform === "linux" ? ["/usr/bin/python3", "python3"] : ["python3"];
  interpreters ??= candidates.flatMap((candidate) => {
    const probe = spawnSync(
      candidate,
      [
        "-c",
        "import importlib.util, sys\n" +
          "def has(name):\n  try: return importlib.util.find_spec(name) is not None\n  except ModuleNotFoundError: return False\n" +
          `print(sys.executable); print(" ".join(m for m in ${JSON.stringify(MODULES)} if has(m)))`,
      ],
      { encoding: "utf8" },
    );
    if (probe.status !== 0) return [];
    const [executable, modules = ""] = probe.stdout.trim().split("\n");
    return executable ? [{ executable, modules: new Set(modules.split(" ").filter(Boolean)) }] : [];
  });
  return interpreters;
}

/**
 * The first interpreter that can import `modules` (and, among those, the first that also has `preferred`), as its
 * own path; undefined when none can, and the caller then records a skip (skipCheck in tools.ts).
 */
export function findPython(
  modules: readonly string[],
  preferred: readonly string[] = [],
): string | undefined {
  const unknown = [...modules, ...preferred].filter((name) => !MODULES.includes(name));
  if (unknown.length > 0)
    throw new Error(`findPython: add ${unknown.join(", ")} to MODULES in test/support/python.ts`);
  const usable = pythonInterpreters().filter((python) => modules.every((name) => python.modules.has(name)));
  return (usable.find((python) => preferred.every((name) => python.modules.has(name))) ?? usable[0])
    ?.executable;
}

/** Whether `python` (a path findPython returned) can import `module`. */
export function pythonHas(python: string, module: string): boolean {
  return pythonInterpreters().some(
    (candidate) => candidate.executable === python && candidate.modules.has(module),
  );
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
