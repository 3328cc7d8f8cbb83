import { readFileSync } from "fs";
import { join } from "path";
import {
  PLUGIN_TOKEN_COMMAND,
  publicClientTokenCommand,
  tokenCommand,
} from "../../constructs/entra/token-command";
import { expectPytestPasses, findPython, pythonHas } from "../support/python";
import { skipCheck } from "../support/tools";

// The MLflow auth plugin (clients/python) is Python: its own pytest suite is the proof, and `npm test`
// runs it so a change there cannot land untested. CI installs the interpreter's modules from apt (.ci/run).
// msal is needed only by the tests of the device-code sign-in (the real MSAL against a fake Entra); without it those
// are skipped, and the skip is reported like a missing tool.
const root = join(__dirname, "../..");
const APT_PACKAGES = ["python3-pytest", "python3-requests"];
const MSAL_APT_PACKAGE = "python3-msal";

const python = findPython(["pytest", "requests"], ["msal"]);
const found = python ? { python, msal: pythonHas(python, "msal") } : undefined;
if (!found) {
  skipCheck("pytest suite of the MLflow auth plugin (clients/python)", "python3 with pytest and requests", [
    ...APT_PACKAGES,
    MSAL_APT_PACKAGE,
  ]);
} else if (!found.msal) {
  skipCheck(
    "the plugin's device-code sign-in tests with the real MSAL (clients/python/tests/test_public_client.py)",
    "python3 with msal",
    [MSAL_APT_PACKAGE],
  );
}

(python ? test : test.skip)(
  "the MLflow auth plugin's pytest suite passes (clients/python)",
  () => {
    expectPytestPasses(python as string, root, "clients/python");
  },
  120_000,
);

// The docs must select the plugin by the name it registers. `entra`, its name in 0.1.x, was removed in 0.3.0 because
// MLflow may ship a built-in provider of that name (mlflow#24363): a doc that still sets it would leave users without
// the plugin's token. See clients/python/mlflow_entra_auth/provider.py.
test("every doc sets MLFLOW_TRACKING_AUTH to the plugin's provider name, never the removed `entra`", () => {
  const provider = readFileSync(join(root, "clients/python/mlflow_entra_auth/provider.py"), "utf8");
  const current = /^PROVIDER_NAME = "([^"]+)"$/m.exec(provider)?.[1];
  // The removed name, hard-coded: provider.py no longer defines it (0.3.0 dropped DEPRECATED_PROVIDER_NAME).
  const removed = "entra";
  expect(current).toBe("azure-entra");
  const docs = ["README.md", "docs/clients.md", "clients/python/README.md"];
  const settings = docs.flatMap((doc) =>
    [
      // Instructions only (a shell export, a JSON or YAML setting at the start of a line), not prose about the old name.
      ...readFileSync(join(root, doc), "utf8").matchAll(
        /^\s*(?:export\b[^\n]*?)?"?MLFLOW_TRACKING_AUTH"?\s*[:=]\s*"?([\w-]+)/gm,
      ),
    ].map((match) => `${doc}: ${match[1]}`),
  );
  expect(settings.length).toBeGreaterThanOrEqual(4);
  expect(settings.filter((setting) => setting.endsWith(`: ${removed}`))).toEqual([]);
  expect(settings.filter((setting) => !setting.endsWith(`: ${current}`))).toEqual([]);
});

// token_command, the plugin's CLI and the docs must agree (issue 17): each doc shows the line each mode's stack
// synthesizes, with the docs' placeholders; App Proxy's runs the plugin's own command with options it declares; and
// every doc says the Azure CLI is an unverified opt-in for App Proxy.
describe("token_command and the docs say the same thing", () => {
  const docs = ["README.md", "docs/clients.md", "clients/python/README.md"];
  const read = (path: string) => readFileSync(join(root, path), "utf8");
  const easyAuthLine = tokenCommand("<identifier URI>");
  const appProxyLine = publicClientTokenCommand({
    scope: "<mlflow_entra_scope>",
    clientId: "<native_client_id>",
    tenantId: "<tenant_id>",
  });

  test.each(docs)("%s shows App Proxy's token_command line as synthesized", (doc) => {
    expect(read(doc)).toContain(appProxyLine);
  });

  test.each(["README.md", "docs/clients.md"])(
    "%s shows EasyAuth's token_command line as synthesized",
    (doc) => {
      expect(read(doc)).toContain(easyAuthLine);
    },
  );

  test.each(docs)("%s names the Azure CLI opt-in for App Proxy as unverified, and the token cache", (doc) => {
    const paragraphs = read(doc).split(/\n\s*\n/);
    const optIn = paragraphs.filter((p) => p.includes("MLFLOW_ENTRA_CREDENTIAL=azure-cli"));
    expect(optIn.some((p) => /App Proxy/.test(p) && /unverified|not verified/.test(p))).toBe(true);
    expect(read(doc)).toContain("~/.cache/mlflow-entra-auth");
  });

  test("App Proxy's line runs the plugin's token command with options it declares, and its cache is where the docs say", () => {
    const main = read("clients/python/mlflow_entra_auth/__main__.py");
    const declared = [...main.matchAll(/add_argument\("(--[\w-]+)"/g)].map((m) => m[1]);
    const used = [...appProxyLine.matchAll(/ (--[\w-]+) /g)].map((m) => m[1]);
    expect(used).toEqual(["--scope", "--client-id", "--tenant"]);
    expect(declared).toEqual(expect.arrayContaining(used));
    expect(main).toMatch(/add_parser\("token"/);
    expect(PLUGIN_TOKEN_COMMAND).toBe("python3 -m mlflow_entra_auth token");
    expect(read("clients/python/mlflow_entra_auth/public_client.py")).toContain(
      'Path.home() / ".cache" / "mlflow-entra-auth" / "msal_token_cache.json"',
    );
    for (const doc of ["docs/clients.md", "clients/python/README.md"]) {
      expect(read(doc)).toContain("~/.cache/mlflow-entra-auth/msal_token_cache.json");
    }
  });
});
