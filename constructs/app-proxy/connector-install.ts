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

/** Quotes a value for a PowerShell single-quoted string. */
function powershellQuote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The install script with its parameters prepended. Terraform references stay references (GUIDs at apply). */
export function connectorInstallScript(parameters: {
  readonly tenantId: string;
  readonly tokenSecretId: string;
  readonly identityClientId: string;
  readonly installerUrl?: string;
}): string {
  const body = hostFile(CONNECTOR_SCRIPT_NAME);
  const header = [
    `$InstallerUrl = ${powershellQuote(parameters.installerUrl ?? CONNECTOR_INSTALLER_URL)}`,
    `$TenantId = ${powershellQuote(parameters.tenantId)}`,
    `$TokenSecretId = ${powershellQuote(parameters.tokenSecretId)}`,
    `$IdentityClientId = ${powershellQuote(parameters.identityClientId)}`,
  ].join("\n");
  const script = `${header}\n${body}`;
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
