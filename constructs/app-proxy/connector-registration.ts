import { storeSecretCommand } from "../data/store-secret-steps";
import { CONNECTOR_EXTENSION_NAME } from "./connector-install";

/**
 * What an administrator runs to register the connectors (Microsoft offers no unattended registration without a
 * user's token), as text for the connector_steps output. Joining the connector group is connector-group.ts's part.
 */

const REGISTER_CONNECTOR_DOC =
  "https://learn.microsoft.com/entra/global-secure-access/how-to-register-connector-powershell";

/** Name the connector_steps give the registration token's secret in the environment's Key Vault. */
export const REGISTRATION_TOKEN_SECRET_NAME = "connector-registration-token";

const CONNECTOR_DIR = "C:\\Program Files\\Microsoft Entra private network connector";

export interface StepsContext {
  /** Windows computer names of the hosts. */
  readonly computerNames: readonly string[];
  readonly resourceGroupName: string;
  readonly tenantId: string;
  /** Resource Manager id of the environment's Key Vault. */
  readonly keyVaultId: string;
  /** The versioned token secret id the hosts register with, if one is configured. */
  readonly tokenSecretId?: string;
}

/** The registration status (with a token) or the one-time steps (without), for the connector_steps output. */
export function registrationSteps(p: StepsContext): string {
  if (p.tokenSecretId === undefined) return manualRegistrationSteps(p);
  const last = p.computerNames[p.computerNames.length - 1];
  return [
    `The connector hosts ${p.computerNames.join(", ")} register themselves, one after the other, with the token ` +
      `${p.tokenSecretId}; a missing, expired (a token lives 60-90 minutes) or malformed ` +
      "token fails the deploy at the connector-install extension. Once all have registered, " +
      `${last} disables that secret version: Key Vault no longer returns it to anyone.`,
    "For a new token (a host added, or this one expired before every host registered), get one and",
    ...storeTokenSteps(p),
    "   then set appProxy.connectorRegistrationTokenSecretId to the printed id and deploy again (a new version is",
    "   a new id, so the hosts run the registration again).",
    ...failedFirstInstallNote(p),
  ].join("\n");
}

/**
 * Bash lines that store a registration token in the environment's Key Vault through Resource Manager (works from
 * outside the VNet; the vault is private), reading the token without echo so it lands in neither the shell history
 * nor a process list (`read` and `printf` are bash builtins; the token reaches `cut` on stdin), and printing the new
 * version's id.
 *
 * The secret's `exp` attribute is the token's own `exp` claim (a JWT: the payload is its second, base64url part), so
 * the vault shows the secret expired when the token is. That is a label, not a lock: "A secret's get operation will
 * work for ... expired secrets" (https://learn.microsoft.com/azure/key-vault/secrets/about-secrets). What makes the
 * stored value worthless is the token's own expiry (60-90 minutes after it was issued, "Token lifetime" in
 * https://learn.microsoft.com/entra/identity-platform/access-tokens), and what makes it unreadable is the last host
 * disabling the version (scripts/install-private-network-connector.ps1). Something that is not a JWT stops here.
 */
function storeTokenSteps(p: StepsContext): string[] {
  const bodyFile = "token.json";
  return [
    "   store it through Resource Manager (bash; paste the token at the prompt, it is not echoed):",
    "     read -rs TOKEN && umask 077 && EXP=$(printf '%s' \"$TOKEN\" | cut -d. -f2 | tr '_-' '/+' | " +
      "awk '{ while (length($0) % 4) $0 = $0 \"=\"; print }' | base64 --decode | grep -o '\"exp\":[0-9]*' | cut -d: -f2) && " +
      'if [ -n "$EXP" ]; then printf \'{"properties":{"value":"%s","contentType":"application/jwt","attributes":{"exp":%s}}}\' ' +
      `"$TOKEN" "$EXP" > ${bodyFile}; else echo "not a token (a JWT with an expiry): nothing stored" >&2; fi; unset TOKEN EXP`,
    `     ${storeSecretCommand({ keyVaultId: p.keyVaultId, secretName: REGISTRATION_TOKEN_SECRET_NAME, bodyFile })}`,
  ];
}

/**
 * azurerm 4.55.0 records a VM extension only once its first create succeeded; after a failed first install the next
 * apply stops with "already exists - needs to be imported" (hashicorp/terraform-provider-azurerm@v4.55.0
 * internal/services/compute/virtual_machine_extension_resource.go: d.SetId after CreateOrUpdateThenPoll,
 * ImportAsExistsError on a new resource).
 */
function failedFirstInstallNote(p: StepsContext): string[] {
  return [
    "If the hosts' FIRST deploy failed at the extension, remove the failed extension before deploying again:",
    ...p.computerNames.map(
      (name) =>
        `   az vm extension delete -g ${p.resourceGroupName} --vm-name ${name} -n ${CONNECTOR_EXTENSION_NAME}`,
    ),
  ];
}

function manualRegistrationSteps(p: StepsContext): string {
  const registerScript = [
    "param([string]$Token, [string]$TenantId)",
    `& '${CONNECTOR_DIR}\\RegisterConnector.ps1' -modulePath '${CONNECTOR_DIR}\\Modules\\'`,
    "-moduleName 'MicrosoftEntraPrivateNetworkConnectorPSModule' -AuthenticationMode Token",
    "-Token (ConvertTo-SecureString $Token.Trim() -AsPlainText -Force) -TenantId $TenantId -Feature ApplicationProxy",
  ].join(" ");
  return [
    `The Microsoft Entra private network connector is installed on ${p.computerNames.join(", ")} but not registered.`,
    "Register it once, as a user with the Application Administrator role:",
    `1. Get a registration token ("Register the connector using a token created offline", ${REGISTER_CONNECTOR_DOC}),`,
    "   then, within the 60-90 minutes the token lives, EITHER",
    "2a. let the hosts register themselves:",
    ...storeTokenSteps(p),
    "    set appProxy.connectorRegistrationTokenSecretId to the printed id (it names the version) and deploy again:",
    "    the hosts read it with their managed identity and register, and the last disables that secret version; OR",
    "2b. register each host with Run Command, which stores the token nowhere (TOKEN holds it, e.g. from read -rs TOKEN):",
    ...p.computerNames.map(
      (name) =>
        `    az vm run-command invoke -g ${p.resourceGroupName} -n ${name} --command-id RunPowerShellScript ` +
        `--scripts "${registerScript.replace(/\$/g, "\\$")}" --parameters "Token=$TOKEN" "TenantId=${p.tenantId}"`,
    ),
  ].join("\n");
}
