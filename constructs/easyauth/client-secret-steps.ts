import { storeSecretCommand } from "../data/store-secret-steps";

/**
 * What an operator runs to give App Service Authentication a client secret that Terraform never sees: Entra makes the
 * password, a pipe carries it straight into the environment's Key Vault through Resource Manager, and the stack only
 * ever holds the secret's id (constructs/easyauth/README.md, "The client credential"). Text for the config error and
 * the client_secret_steps output.
 */

/**
 * App setting holding the client secret (a Key Vault reference) in `client-secret` mode: the name the portal gives it
 * ("stored as a slot-sticky application setting named MICROSOFT_PROVIDER_AUTHENTICATION_SECRET ... You can update that
 * setting later to use Key Vault references", https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad),
 * named by `identityProviders.azureActiveDirectory.registration.clientSecretSettingName`, "the app setting name that
 * contains the client secret of the relying party application"
 * (https://learn.microsoft.com/azure/templates/microsoft.web/sites/config-authsettingsv2).
 */
export const CLIENT_SECRET_SETTING = "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET";
/** Name of the Key Vault secret the steps write (the name 0.3 used, so an upgrade adds a version to the same secret). */
export const CLIENT_SECRET_NAME = "easyauth-client-secret";
/** Display name of the Entra password credentials the steps create (the same for each, told apart by their dates). */
export const CLIENT_SECRET_CREDENTIAL_NAME = "easyauth";
/**
 * App Service's calls on Key Vault references: the refresh (https://learn.microsoft.com/azure/app-service/app-service-key-vault-references#understand-rotation)
 * and one setting's reference status, `Resolved` when it worked: operation WebApps_GetAppSettingKeyVaultReference,
 * `GET .../config/configreferences/appsettings/{appSettingKey}`
 * (https://learn.microsoft.com/dotnet/api/azure.resourcemanager.appservice.websiteresource.getsiteconfigappsetting;
 * status values in the SDKs' ResolveStatus: Initialized, Resolved, AccessToKeyVaultDenied, SecretNotFound, ...).
 */
const APP_SERVICE_API_VERSION = "2022-03-01";
const BODY_FILE = "easyauth-client-secret.json";

/**
 * One bash line, run as the app registration's owner (whoever deployed) or a Cloud Application Administrator or
 * Application Administrator: Microsoft Graph addPassword accepts those
 * (https://learn.microsoft.com/graph/api/application-addpassword, "Permissions").
 * - `az ad app credential reset --append` adds a password credential and keeps the others (without `--append` it
 *   deletes them all first); `--years 1` ends it a year on; `--query password -o tsv` prints only the value
 *   (Azure/azure-cli src/azure-cli/azure/cli/command_modules/role/custom.py, `_reset_credential`: addPassword,
 *   `secretText`; https://learn.microsoft.com/cli/azure/ad/app/credential#az-ad-app-credential-reset).
 * - The value goes down a pipe: never echoed, never on a command line or in the shell's history; `read` and `printf`
 *   are builtins of the subshell that writes the request body, which dies with the variable. `sed` escapes `\` and
 *   `"` for JSON (Entra documents no alphabet for the 16-64 characters it generates).
 * - A failed reset leaves an empty pipe: `read` fails, the line says nothing was stored, and no PUT is made. The body
 *   file is private (umask 077, in a subshell so the caller's umask stays) and removed in every case.
 */
export function storeClientSecretCommand(clientId: string, keyVaultId: string): string {
  return (
    `(umask 077 && az ad app credential reset --id ${clientId} --append --display-name ${CLIENT_SECRET_CREDENTIAL_NAME} ` +
    `--years 1 --query password -o tsv | sed 's/[\\\\"]/\\\\&/g' | ` +
    `{ IFS= read -r SECRET && [ -n "$SECRET" ] && ` +
    `printf '{"properties":{"value":"%s","contentType":"text/plain"}}' "$SECRET" || ` +
    `{ echo "no client secret came back from Entra: nothing stored" >&2; false; }; } > ${BODY_FILE} && ` +
    `${storeSecretCommand({ keyVaultId, secretName: CLIENT_SECRET_NAME, bodyFile: BODY_FILE })})`
  );
}

export interface ClientSecretStepsContext {
  /** Application (client) id of the MLflow app registration. */
  readonly clientId: string;
  /** Resource Manager id of the environment's vault. */
  readonly keyVaultId: string;
  /** `https://<vault>.vault.azure.net/secrets/<CLIENT_SECRET_NAME>`: what to configure. */
  readonly versionlessSecretId: string;
  /** Resource Manager id of the web app. */
  readonly webAppId: string;
  /** The configured secret id, in `client-secret` mode. */
  readonly configuredSecretId?: string;
  /** Whether the configured id names a version. */
  readonly versioned?: boolean;
}

/** The steps to switch to a client secret (managed-identity mode) or to rotate it (client-secret mode). */
export function clientSecretSteps(p: ClientSecretStepsContext): string {
  const create = [
    "   (bash, as the app's owner, e.g. whoever deployed, or an Application Administrator; the secret is not echoed):",
    `   ${storeClientSecretCommand(p.clientId, p.keyVaultId)}`,
  ];
  if (p.configuredSecretId === undefined) {
    return [
      "App Service Authentication signs in with its managed identity: there is no client secret to keep. To use a",
      "client secret instead:",
      "1. Create one and store it in the environment's Key Vault through Resource Manager (it prints the new version's id)",
      ...create,
      `2. Set easyAuth: { clientCredential: "client-secret", clientSecretKeyVaultSecretId: "${p.versionlessSecretId}" }`,
      "   and deploy.",
    ].join("\n");
  }
  const settings = `https://management.azure.com${p.webAppId}/config/configreferences/appsettings`;
  return [
    `App Service Authentication uses the client secret in ${p.configuredSecretId} (a Key Vault reference).`,
    `Is it resolved? az rest --method get --url "${settings}/${CLIENT_SECRET_SETTING}?api-version=${APP_SERVICE_API_VERSION}" --query properties.status -o tsv`,
    "To rotate it:",
    "1. Create a new one and store it as a new version (it prints the version's id)",
    ...create,
    p.versioned
      ? "2. Set easyAuth.clientSecretKeyVaultSecretId to the printed id and deploy: the app restarts with the new version."
      : "2. App Service moves to the new version within 24 hours by itself; to move now:\n" +
        `   az rest --method post --url "${settings}/refresh?api-version=${APP_SERVICE_API_VERSION}"`,
    "3. Once sign-in works, delete the older credential (the one with the earlier startDateTime):",
    `   az ad app credential list --id ${p.clientId} --query "[].{keyId: keyId, name: displayName, start: startDateTime, end: endDateTime}" -o table`,
    `   az ad app credential delete --id ${p.clientId} --key-id <keyId of the older credential>`,
  ].join("\n");
}
