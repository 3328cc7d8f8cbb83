import { CONNECTOR_EXTENSION_NAME } from "./connector-install";

/**
 * What an administrator runs to register the connectors (Microsoft offers no unattended registration without a
 * user's token), as text for the connector_steps output. Joining the connector group is connector-group.ts's part.
 */

const REGISTER_CONNECTOR_DOC =
  "https://learn.microsoft.com/entra/global-secure-access/how-to-register-connector-powershell";

/** Name the connector_steps give the registration token's secret in the environment's Key Vault. */
export const REGISTRATION_TOKEN_SECRET_NAME = "connector-registration-token";

/**
 * API version of the Resource Manager `Microsoft.KeyVault/vaults/secrets` create-or-update the steps use: stable, body
 * `{ properties: { value, contentType } }`, response with `properties.secretUriWithVersion`
 * (Azure/azure-rest-api-specs specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2023-07-01/secrets.json
 * and examples/createSecret.json). A control-plane call: the vault's network rules apply to its data plane only
 * (https://learn.microsoft.com/azure/key-vault/general/network-security), so it works from outside the VNet.
 */
export const KEY_VAULT_SECRETS_ARM_API_VERSION = "2023-07-01";
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
  return [
    `The connector hosts ${p.computerNames.join(", ")} register themselves with the token ` +
      `${p.tokenSecretId}; a missing, expired (a token lives about an hour) or malformed ` +
      "token fails the deploy at the connector-install extension. For a new token:",
    ...storeTokenSteps(p),
    "   then set appProxy.connectorRegistrationTokenSecretId to the printed id and deploy again (a new version is",
    "   a new id, so the hosts run the registration again).",
    ...failedFirstInstallNote(p),
  ].join("\n");
}

/**
 * Bash lines that store a registration token in the environment's Key Vault through Resource Manager (works from
 * outside the VNet; the vault is private), reading the token without echo so it lands in neither the shell history
 * nor a process list (`read` and `printf` are bash builtins), and printing the new version's id.
 */
function storeTokenSteps(p: StepsContext): string[] {
  const url =
    `https://management.azure.com${p.keyVaultId}/secrets/${REGISTRATION_TOKEN_SECRET_NAME}` +
    `?api-version=${KEY_VAULT_SECRETS_ARM_API_VERSION}`;
  return [
    "   store it through Resource Manager (bash; paste the token at the prompt, it is not echoed):",
    '     read -rs TOKEN && umask 077 && printf \'{"properties":{"value":"%s","contentType":"application/jwt"}}\' "$TOKEN" > token.json && unset TOKEN',
    `     az rest --method put --url "${url}" --body @token.json --query properties.secretUriWithVersion -o tsv; rm -f token.json`,
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
    "   then, within the hour the token lives, EITHER",
    "2a. let the hosts register themselves:",
    ...storeTokenSteps(p),
    "    set appProxy.connectorRegistrationTokenSecretId to the printed id (it names the version) and deploy again:",
    "    the hosts read it with their managed identity and register; OR",
    "2b. register each host with Run Command (TOKEN holds the token, e.g. from read -rs TOKEN):",
    ...p.computerNames.map(
      (name) =>
        `    az vm run-command invoke -g ${p.resourceGroupName} -n ${name} --command-id RunPowerShellScript ` +
        `--scripts "${registerScript.replace(/\$/g, "\\$")}" --parameters "Token=$TOKEN" "TenantId=${p.tenantId}"`,
    ),
  ].join("\n");
}
