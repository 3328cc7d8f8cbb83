import { join } from "path";
import { assertNoTerraformTemplateSequence } from "../terraform-template";
import { hostFile } from "./host-files";

/**
 * What the connector hosts' CustomScriptExtension runs: the PowerShell script (scripts/, with its parameters
 * prepended) and the command line that carries it.
 */

/**
 * Where Microsoft serves the current connector installer (the admin center's "Download connector service" link;
 * the same URL Microsoft's and the community's unattended-install scripts use).
 */
export const CONNECTOR_INSTALLER_URL =
  "https://download.msappproxy.net/Subscription/d3c8b69d-6bf7-42be-a529-3fe9c2e70c90/Connector/DownloadConnectorInstaller";

/** Name of the CustomScriptExtension that installs and registers the connector on each host. */
export const CONNECTOR_EXTENSION_NAME = "install-private-network-connector";

/** File name of the silent-install and registration script (scripts/), run by the CustomScriptExtension. */
export const CONNECTOR_SCRIPT_NAME = "install-private-network-connector.ps1";

/** Where that script's source lives in the repository (tests and linters read it; the constructs use hostFile). */
export const CONNECTOR_SCRIPT_FILE = join(__dirname, "scripts", CONNECTOR_SCRIPT_NAME);

/**
 * The script that replaces the local administrator's password with one generated on the host and kept nowhere: the
 * install script's first action, and runnable alone with Run Command (docs/operations.md).
 */
export const ROTATE_ADMIN_PASSWORD_SCRIPT_NAME = "rotate-admin-password.ps1";

/** Where that script's source lives in the repository (tests read it; the constructs use hostFile). */
export const ROTATE_ADMIN_PASSWORD_SCRIPT_FILE = join(
  __dirname,
  "scripts",
  ROTATE_ADMIN_PASSWORD_SCRIPT_NAME,
);

/**
 * A PowerShell script without its whole-line comments and blank lines: the comments are for whoever reads the
 * repository, and the extension's command line (cmd.exe: 8,191 characters) carries the script. The scripts have no
 * here-strings or block comments, whose lines could start with `#` (a test checks).
 */
export function withoutCommentLines(script: string): string {
  const lines = script.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));
  return `${lines.join("\n")}\n`;
}

/** Quotes a value for a PowerShell single-quoted string. */
function powershellQuote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The install script with its parameters prepended, and the password rotation script as the script block
 * `$RotateAdminPassword` it calls first, both without comment lines. Terraform references stay references (GUIDs at
 * apply).
 */
export function connectorInstallScript(parameters: {
  readonly tenantId: string;
  readonly tokenSecretId: string;
  readonly identityClientId: string;
  /** Local administrator whose password the host replaces. */
  readonly adminUsername: string;
  /** Computer name of the host that registers last and then disables the token's secret version, or ''. */
  readonly lastHostName: string;
  readonly installerUrl?: string;
}): string {
  const body = withoutCommentLines(hostFile(CONNECTOR_SCRIPT_NAME));
  const rotation = withoutCommentLines(hostFile(ROTATE_ADMIN_PASSWORD_SCRIPT_NAME));
  const header = [
    `$InstallerUrl = ${powershellQuote(parameters.installerUrl ?? CONNECTOR_INSTALLER_URL)}`,
    `$TenantId = ${powershellQuote(parameters.tenantId)}`,
    `$TokenSecretId = ${powershellQuote(parameters.tokenSecretId)}`,
    `$IdentityClientId = ${powershellQuote(parameters.identityClientId)}`,
    `$AdminUsername = ${powershellQuote(parameters.adminUsername)}`,
    `$LastHostName = ${powershellQuote(parameters.lastHostName)}`,
  ].join("\n");
  const script = `${header}\n$RotateAdminPassword = {\n${rotation}}\n${body}`;
  assertNoTerraformTemplateSequence(script);
  return script;
}

/**
 * The extension's command line: Windows PowerShell 5.1 inflates the gzip+base64 script and runs it as a script
 * block (so `exit` sets the extension's exit code). Characters are plain ASCII with no cmd.exe metacharacters
 * outside the double-quoted -Command argument.
 */
export function connectorInstallCommand(base64GzipScript: string): string {
  return (
    "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command " +
    `"$gzip = [IO.Compression.GZipStream]::new([IO.MemoryStream]::new([Convert]::FromBase64String('${base64GzipScript}')), ` +
    "[IO.Compression.CompressionMode]::Decompress); " +
    '$script = [IO.StreamReader]::new($gzip).ReadToEnd(); & ([scriptblock]::Create($script))"'
  );
}
