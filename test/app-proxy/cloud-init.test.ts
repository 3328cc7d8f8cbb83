import { spawnSync } from "child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import { join } from "path";
import {
  MLFLOW_VM_PATHS,
  renderMlflowCloudInit,
  type MlflowCloudInitProps,
} from "../../constructs/app-proxy/cloud-init";
import { DEFAULT_MLFLOW_IMAGE, MLFLOW_PORT, mlflowServer } from "../../constructs/mlflow-server";
import { findPython } from "../support/python";
import { hasTool, skipCheck } from "../support/tools";

const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
const HOST = "psql-mlflow-prod-abc123.postgres.database.azure.com";

function sampleProps(overrides: Partial<MlflowCloudInitProps> = {}, host = HOST): MlflowCloudInitProps {
  return {
    server: mlflowServer({
      image: DEFAULT_MLFLOW_IMAGE,
      workers: 2,
      artifactsDestination: "wasbs://mlflow-artifacts@stmlfprodabc123.blob.core.windows.net/",
      database: {
        host,
        databases: ["mlflow"],
        principal: { role: "id-mlflow-prod", clientId: CLIENT_ID },
        principalObjectId: "33333333-3333-3333-3333-333333333333",
        administrator: { role: "id-mlflow-prod-dbadmin", clientId: "22222222-2222-2222-2222-222222222222" },
        legacyOwners: ["mlflowadmin"],
      },
      publicUrls: ["https://mlflow-prod-contoso.msappproxy.net/", "http://10.20.0.68:5000/"],
    }),
    ...overrides,
  };
}

const rendered = renderMlflowCloudInit(sampleProps());

interface WriteFile {
  path: string;
  owner: string;
  permissions: string;
  content: string;
}
interface CloudConfig {
  packages: string[];
  write_files: WriteFile[];
  runcmd: string[][];
  [key: string]: unknown;
}

function run(command: string, args: string[], input?: string) {
  const result = spawnSync(command, args, { encoding: "utf8", input });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const pyYamlPython = findPython(["yaml"]);
const hasPyYaml = pyYamlPython !== undefined;

/** Parses the document with PyYAML, the parser cloud-init itself uses. */
function parseWithPyYaml(text: string): CloudConfig {
  const result = run(
    pyYamlPython as string,
    ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"],
    text,
  );
  if (result.status !== 0) throw new Error(result.output);
  return JSON.parse(result.output) as CloudConfig;
}

/** The rendered document as PyYAML reads it, parsed once for the file (each python3 start costs ~0.1 s). */
let renderedDocument: CloudConfig | undefined;
const parsedRendered = (): CloudConfig => (renderedDocument ??= parseWithPyYaml(rendered));

function fileAt(document: CloudConfig, path: string): WriteFile {
  const entry = document.write_files.find((f) => f.path === path);
  if (!entry) throw new Error(`no write_files entry for ${path}`);
  return entry;
}

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), "mlflow-cloud-init-"));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("MLflow VM cloud-init: content", () => {
  const unit = readFileSync(join(__dirname, "../../constructs/app-proxy/scripts/mlflow.service"), "utf8");

  test("starts with the #cloud-config header cloud-init requires", () => {
    expect(rendered.startsWith("#cloud-config\n")).toBe(true);
  });

  test("installs podman, and rsyslog (the Azure Monitor Agent reads syslog only through it), from the distribution and nothing from third-party repositories", () => {
    expect(rendered).toContain('packages:\n  - "podman"\n  - "rsyslog"');
    expect(rendered).not.toMatch(/apt_sources|apt:\s|curl [^\n]*\| *(ba)?sh/);
  });

  test("runs the configured image, on the MLflow port, with the shared start script under /bin/sh -c", () => {
    expect(rendered).toContain(`MLFLOW_IMAGE=${DEFAULT_MLFLOW_IMAGE}`);
    expect(rendered).toContain(`MLFLOW_PORT=${MLFLOW_PORT}`);
    expect(rendered).toContain(`--port '${MLFLOW_PORT}'`);
    expect(rendered).toContain("--entrypoint /bin/sh");
    expect(rendered).toContain('-c "$start_script"');
    for (const line of sampleProps().server.startScript.split("\n"))
      expect(rendered).toContain(`      ${line}\n`);
  });

  test("the systemd unit restarts forever, starts at boot, and waits for the network", () => {
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^StartLimitIntervalSec=0$/m);
    expect(unit).toMatch(/^WantedBy=multi-user\.target$/m);
    expect(unit).toMatch(/^After=network-online\.target$/m);
    expect(unit).toMatch(/^Wants=network-online\.target$/m);
    expect(rendered).toContain("Restart=always");
    expect(rendered).toContain('["systemctl", "enable", "mlflow.service"]');
    expect(rendered).toContain('["systemctl", "start", "--no-block", "mlflow.service"]');
  });

  test("the container signs in to PostgreSQL as the MLflow identity, with tokens fetched at run time (IMDS)", () => {
    // The same start script as on App Service (mlflow-server.ts): Entra sign-in modules, bootstrap, server.
    expect(rendered).toContain(`AZURE_CLIENT_ID=${CLIENT_ID}`);
    expect(rendered).toContain(`postgresql+psycopg2://id-mlflow-prod@${HOST}:5432/mlflow?sslmode=require`);
    expect(rendered).toContain("python -m entra_postgres 'bootstrap'");
    expect(rendered).toContain("ManagedIdentityCredential");
    expect(rendered).toContain("--network host");
  });

  test("the host holds no secret: no fetch step, no secret file, one env file of plain settings", () => {
    expect(unit).not.toMatch(/ExecStartPre|RuntimeDirectory|SECRET/);
    expect(rendered).not.toContain("fetch-backend-store-uri");
    expect(rendered.match(/--env-file/g)).toHaveLength(1);
  });

  test("nothing secret is in the document: no password in any URI, no Key Vault reference, no token", () => {
    expect(rendered).not.toMatch(/:\/\/[^/@\s'"]+:[^/@\s'"]+@/);
    expect(rendered).not.toContain("@Microsoft.KeyVault");
    expect(rendered).not.toMatch(/password\s*[:=]/i);
  });

  test("contains no Terraform template sequence (${ or %{) that Terraform would interpolate", () => {
    expect(rendered).not.toMatch(/(^|[^$])\$\{/);
    expect(rendered).not.toMatch(/(^|[^%])%\{/);
    expect(() =>
      renderMlflowCloudInit(
        sampleProps({
          server: { ...sampleProps().server, startScript: 'exec mlflow server --port "${PORT}"' },
        }),
      ),
    ).toThrow(/Terraform would read it as a template sequence/);
  });

  test("Terraform tokens passed in stay inside quoted or block scalars", () => {
    const token = "${TfToken[TOKEN.42]}";
    const withTokens = renderMlflowCloudInit(sampleProps({}, token));
    const lines = withTokens.split("\n").filter((line) => line.includes(token));
    // Only inside the start script, a literal block scalar, and there inside single quotes.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ {6}set -eu; /);
    expect(lines[0]).toContain(
      `backend_store_uri='postgresql+psycopg2://id-mlflow-prod@${token}:5432/mlflow?sslmode=require'`,
    );
  });

  test("refuses an image reference podman cannot pull without asking (no registry)", () => {
    expect(() =>
      renderMlflowCloudInit(sampleProps({ server: { ...sampleProps().server, image: "mlflow:latest" } })),
    ).toThrow(/fully qualified/);
    expect(() =>
      renderMlflowCloudInit(
        sampleProps({ server: { ...sampleProps().server, image: "library/mlflow:latest" } }),
      ),
    ).toThrow(/fully qualified/);
  });

  test("refuses environment values that would break an env file", () => {
    expect(() =>
      renderMlflowCloudInit(sampleProps({ server: { ...sampleProps().server, environment: { A: 'x"y' } } })),
    ).toThrow(/quote, backslash or line break/);
  });
});

describe("MLflow VM cloud-init: parsed as cloud-init parses it", () => {
  const check = hasPyYaml ? test : test.skip;
  if (!hasPyYaml) skipCheck("cloud-init document parsed with PyYAML", "python3-yaml");

  check("PyYAML reads exactly the intended files, permissions and commands", () => {
    const document = parsedRendered();
    const scripts = join(__dirname, "../../constructs/app-proxy/scripts");
    expect(document.packages).toEqual(["podman", "rsyslog"]);
    expect(document.package_update).toBe(true);
    expect(document.ssh_pwauth).toBe(false);
    expect(fileAt(document, MLFLOW_VM_PATHS.runScript)).toEqual({
      path: MLFLOW_VM_PATHS.runScript,
      owner: "root:root",
      permissions: "0755",
      content: readFileSync(join(scripts, "mlflow-run-container.sh"), "utf8"),
    });
    expect(fileAt(document, MLFLOW_VM_PATHS.unit).content).toBe(
      readFileSync(join(scripts, "mlflow.service"), "utf8"),
    );
    expect(fileAt(document, MLFLOW_VM_PATHS.startScript).content).toBe(
      `${sampleProps().server.startScript}\n`,
    );
    expect(fileAt(document, MLFLOW_VM_PATHS.hostEnvironment).content).toBe(
      `MLFLOW_IMAGE=${DEFAULT_MLFLOW_IMAGE}\nMLFLOW_PORT=5000\n`,
    );
    expect(fileAt(document, MLFLOW_VM_PATHS.containerEnvironment).content).toBe(
      `AZURE_CLIENT_ID=${CLIENT_ID}\nPYTHONUNBUFFERED=1\n`,
    );
    expect(document.runcmd).toEqual([
      ["systemctl", "daemon-reload"],
      ["systemctl", "enable", "mlflow.service"],
      ["systemctl", "start", "--no-block", "mlflow.service"],
    ]);
  });
});

describe("MLflow VM cloud-init: validated by the real tools", () => {
  const hasCloudInit = hasTool("cloud-init");
  const hasShellcheck = hasTool("shellcheck");
  if (!hasCloudInit) skipCheck("cloud-init schema validation of the MLflow VM's custom_data", "cloud-init");
  if (!hasShellcheck) skipCheck("shellcheck of the MLflow VM's scripts", "shellcheck");

  (hasCloudInit ? test : test.skip)("`cloud-init schema` accepts the document", () => {
    const path = join(workDir, "user-data.yaml");
    writeFileSync(path, rendered);
    const plain = run("cloud-init", ["schema", "--config-file", path]);
    expect(plain.output).toContain("Valid cloud-config");
    expect(plain.status).toBe(0);
  });

  (hasCloudInit ? test : test.skip)(
    "`cloud-init schema` rejects a broken document (the check can fail)",
    () => {
      const path = join(workDir, "broken.yaml");
      writeFileSync(path, rendered.replace('packages:\n  - "podman"\n  - "rsyslog"', "packages: podman"));
      expect(run("cloud-init", ["schema", "--config-file", path]).status).not.toBe(0);
    },
  );

  (hasShellcheck && hasPyYaml ? test : test.skip)(
    "every shell script in the document passes shellcheck",
    () => {
      const document = parsedRendered();
      const scripts = document.write_files.filter((f) => f.content.startsWith("#!/bin/"));
      expect(scripts.map((f) => f.path)).toEqual([MLFLOW_VM_PATHS.runScript]);
      for (const entry of scripts) {
        const path = join(workDir, entry.path.split("/").pop() as string);
        writeFileSync(path, entry.content);
        const result = run("shellcheck", ["--severity=style", path]);
        expect({ path: entry.path, ...result }).toEqual({ path: entry.path, status: 0, output: "" });
      }
    },
  );

  (hasShellcheck && hasPyYaml ? test : test.skip)(
    "the start script (run by /bin/sh -c in the image) passes shellcheck as sh",
    () => {
      const document = parsedRendered();
      const path = join(workDir, "start.sh");
      writeFileSync(path, fileAt(document, MLFLOW_VM_PATHS.startScript).content);
      const result = run("shellcheck", ["--shell=sh", "--severity=style", path]);
      expect(result).toEqual({ status: 0, output: "" });
    },
  );

  const hasSystemdAnalyze = hasTool("systemd-analyze");
  if (!hasSystemdAnalyze) skipCheck("systemd-analyze verify of the mlflow unit", "systemd-analyze");

  (hasSystemdAnalyze && hasPyYaml ? test : test.skip)(
    "`systemd-analyze verify` accepts the mlflow unit",
    () => {
      // A throwaway root with the distribution's units and stand-ins for the executables the unit names, so
      // verify checks the unit itself rather than this machine's installed software.
      const root = join(workDir, "root");
      const document = parsedRendered();
      for (const entry of document.write_files) {
        mkdirSync(join(root, entry.path, ".."), { recursive: true });
        writeFileSync(join(root, entry.path), entry.content);
        chmodSync(join(root, entry.path), parseInt(entry.permissions, 8));
      }
      mkdirSync(join(root, "usr/bin"), { recursive: true });
      writeFileSync(join(root, "usr/bin/podman"), "#!/bin/sh\n");
      chmodSync(join(root, "usr/bin/podman"), 0o755);
      const systemUnits = ["/usr/lib/systemd/system", "/lib/systemd/system"].find((dir) =>
        existsSync(join(dir, "sysinit.target")),
      );
      if (!systemUnits) throw new Error("no systemd unit directory with sysinit.target on this machine");
      cpSync(systemUnits, join(root, "usr/lib/systemd/system"), { recursive: true });
      const result = run("systemd-analyze", ["verify", `--root=${root}`, MLFLOW_VM_PATHS.unit]);
      expect(result).toEqual({ status: 0, output: "" });
    },
  );
});
