import { parseImageReference } from "../image-reference";
import { hostFile } from "./host-files";
import { assertNoTerraformTemplateSequence } from "../terraform-template";
import { DEFAULT_MLFLOW_IMAGE, type MlflowServerDefinition } from "../mlflow-server";

/**
 * The MLflow VM's cloud-init document (`#cloud-config`), rendered from the shared MLflow server definition.
 *
 * What it does at first boot: constructs/app-proxy/README.md, "The MLflow VM at first boot".
 *
 * Emission: hand-written YAML with a deliberately tiny grammar. Every single-line string is a JSON string, which
 * is also a valid YAML double-quoted scalar, so any value (a Terraform token included: it becomes a GUID or a URL
 * at apply time) stays a string and cannot change the document's structure; multi-line strings (the scripts) are
 * literal block scalars so they read on the VM (/var/lib/cloud/instance/user-data.txt) exactly as in the repo.
 * The tests parse the output with PyYAML (cloud-init's own parser) and validate it with `cloud-init schema`.
 *
 * Terraform interpolation: the document is passed through a Terraform string, where `${` and `%{` start
 * expressions. The scripts avoid both sequences (`$VAR`, never `${VAR}`), and `renderMlflowCloudInit` refuses
 * any text that contains them outside cdktf tokens (identity ids, server host name, storage account name).
 */

/** Where the scripts, the unit and the environment files land on the VM. */
export const MLFLOW_VM_PATHS = {
  hostEnvironment: "/etc/mlflow/host.env",
  containerEnvironment: "/etc/mlflow/mlflow.env",
  startScript: "/etc/mlflow/start.sh",
  runScript: "/usr/local/libexec/mlflow/run-container",
  unit: "/etc/systemd/system/mlflow.service",
} as const;

/** Name of the systemd unit (`journalctl -u mlflow`). */
export const MLFLOW_SERVICE_NAME = "mlflow.service";

export interface MlflowCloudInitProps {
  /**
   * The one MLflow server definition (image, port, start script, environment). None of it is secret: MLflow signs
   * in to PostgreSQL with Entra tokens of the VM's managed identity, fetched at run time.
   */
  readonly server: MlflowServerDefinition;
}

/** A file of scripts/ (embedded at build time: see host-files.ts). */
function script(name: string): string {
  return hostFile(name);
}

/** Renders the `#cloud-config` document. Pure: same props, same text. */
export function renderMlflowCloudInit(props: MlflowCloudInitProps): string {
  const { server } = props;
  assertFullyQualifiedImage(server.image);

  const hostEnvironment = envFile({ MLFLOW_IMAGE: server.image, MLFLOW_PORT: String(server.port) });
  const containerEnvironment = envFile(server.environment);

  const fixedText = [script("mlflow-run-container.sh"), script("mlflow.service"), server.startScript];
  for (const text of fixedText) assertNoTerraformTemplateSequence(text);

  const document = {
    // Platform patching (patch_mode AutomaticByPlatform) installs updates; first boot only refreshes the index.
    package_update: true,
    package_upgrade: false,
    // rsyslog: the Azure Monitor Agent collects syslog only through rsyslog or syslog-ng
    // (https://learn.microsoft.com/azure/azure-monitor/vm/data-collection-syslog) and installs rsyslog itself only on
    // Debian 12+, Amazon Linux 2023 and Azure Linux 4, not Ubuntu (Azure/azure-linux-extensions
    // AzureMonitorAgent/agent.py@b7eecd4b, install()). Already on the image, apt leaves it; installed after the agent,
    // the agent's 30-second syslog watcher adds its forwarding file once /etc/rsyslog.d exists (same file,
    // syslogconfig_watcher, generate_localsyslog_configs).
    packages: ["podman", "rsyslog"],
    ssh_pwauth: false,
    write_files: [
      file(MLFLOW_VM_PATHS.hostEnvironment, "0644", hostEnvironment),
      file(MLFLOW_VM_PATHS.containerEnvironment, "0644", containerEnvironment),
      file(MLFLOW_VM_PATHS.startScript, "0644", ensureTrailingNewline(server.startScript)),
      file(MLFLOW_VM_PATHS.runScript, "0755", script("mlflow-run-container.sh")),
      file(MLFLOW_VM_PATHS.unit, "0644", script("mlflow.service")),
    ],
    // --no-block: cloud-init finishes now; the unit pulls the image, and the container waits for the database.
    runcmd: [
      ["systemctl", "daemon-reload"],
      ["systemctl", "enable", MLFLOW_SERVICE_NAME],
      ["systemctl", "start", "--no-block", MLFLOW_SERVICE_NAME],
    ],
  };
  return `#cloud-config\n${toYaml(document, 0)}\n`;
}

function file(path: string, permissions: string, content: string) {
  return { path, owner: "root:root", permissions, content };
}

function ensureTrailingNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}

/**
 * `KEY=value` lines, read by systemd (EnvironmentFile) and podman (--env-file). Neither unquotes reliably the
 * same way, so values must be plain: no line breaks, quotes or backslashes.
 */
function envFile(variables: Readonly<Record<string, string>>): string {
  return Object.entries(variables)
    .map(([name, value]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new Error(
          `renderMlflowCloudInit: environment variable name "${name}" is not a valid shell name.`,
        );
      }
      if (/["'\\\r\n]/.test(value)) {
        throw new Error(
          `renderMlflowCloudInit: the value of ${name} contains a quote, backslash or line break; env files cannot carry it.`,
        );
      }
      return `${name}=${value}\n`;
    })
    .join("");
}

/** Podman refuses short names like `mlflow:latest` when no TTY can ask which registry to use. */
function assertFullyQualifiedImage(image: string): void {
  if (parseImageReference(image)?.registry === undefined) {
    throw new Error(
      `mlflow.image "${image}" is not a fully qualified image reference; the VM's podman needs the registry, e.g. "${DEFAULT_MLFLOW_IMAGE}" or "docker.io/library/<name>:<tag>".`,
    );
  }
}

type YamlValue = string | number | boolean | readonly YamlValue[] | { readonly [key: string]: YamlValue };

/**
 * Minimal YAML emitter: block mappings and sequences, JSON-quoted single-line strings, literal block scalars for
 * multi-line strings. Keys are plain identifiers (checked).
 */
function toYaml(value: YamlValue, indent: number): string {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    return value
      .map((item: YamlValue) => {
        if (isMapping(item)) {
          // "- key: value" with the remaining keys aligned under the first.
          return `${pad}- ${toYaml(item, indent + 2).slice(indent + 2)}`;
        }
        if (Array.isArray(item)) return `${pad}- ${flowSequence(item)}`;
        return `${pad}- ${scalar(item as string | number | boolean, indent + 2)}`;
      })
      .join("\n");
  }
  if (isMapping(value)) {
    return Object.entries(value)
      .map(([key, item]) => {
        if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) throw new Error(`toYaml: unsupported key "${key}"`);
        if (Array.isArray(item)) return `${pad}${key}:\n${toYaml(item, indent + 2)}`;
        if (isMapping(item)) return `${pad}${key}:\n${toYaml(item, indent + 2)}`;
        return `${pad}${key}: ${scalar(item as string | number | boolean, indent + 2)}`;
      })
      .join("\n");
  }
  return `${pad}${scalar(value as string | number | boolean, indent)}`;
}

function isMapping(value: YamlValue): value is { readonly [key: string]: YamlValue } {
  return typeof value === "object" && !Array.isArray(value);
}

/** `[a, b, c]` of JSON-quoted strings: how runcmd's argv lists read best. */
function flowSequence(items: readonly YamlValue[]): string {
  return `[${items
    .map((item) => {
      if (typeof item !== "string") throw new Error("toYaml: flow sequences hold strings only");
      return JSON.stringify(item);
    })
    .join(", ")}]`;
}

function scalar(value: string | number | boolean, indent: number): string {
  if (typeof value !== "string") return String(value);
  const blockable =
    value.includes("\n") &&
    !value.includes("\r") &&
    !value.includes("\t") &&
    !/^[ \n]/.test(value) &&
    !value.endsWith("\n\n");
  if (!blockable) return JSON.stringify(value);
  const chomping = value.endsWith("\n") ? "" : "-";
  const body = value.endsWith("\n") ? value.slice(0, -1) : value;
  const pad = " ".repeat(indent);
  return `|${chomping}\n${body
    .split("\n")
    .map((line) => (line === "" ? "" : pad + line))
    .join("\n")}`;
}
