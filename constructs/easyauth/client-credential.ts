import { ApplicationFederatedIdentityCredential } from "@cdktf/provider-azuread/lib/application-federated-identity-credential";
import type { ResourceGroupReference } from "../resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Fn, Op } from "cdktf";
import { Construct } from "constructs";
import { ConstructError } from "../construct-error";
import type { EasyAuthClientCredentialMode, Tags } from "../config";
import type { DataPlane } from "../data";
import { parseKeyVaultSecretId, type KeyVaultSecretId } from "../data/secret-id";
import type { MlflowEntraApp } from "../entra";
import { CLIENT_SECRET_SETTING } from "./client-secret-steps";
import { keyVaultReference } from "./key-vault-reference";

export { CLIENT_SECRET_SETTING } from "./client-secret-steps";
/** App setting App Service reads the managed identity's client id from, instead of a client secret. */
export const MANAGED_IDENTITY_ASSERTION_SETTING = "OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID";
/** Audience Entra expects in a managed identity's token exchanged through a federated credential. */
export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export interface EasyAuthClientCredentialProps {
  readonly mode: EasyAuthClientCredentialMode;
  readonly entraApp: MlflowEntraApp;
  /** Entra tenant id (issuer of the managed identity's tokens). */
  readonly tenantId: string;
  readonly resourceGroup: ResourceGroupReference;
  /** Its vault holds the client secret; its identity resolves the reference. */
  readonly dataPlane: DataPlane;
  /** Name of the dedicated identity (`managed-identity` mode). */
  readonly identityName: string;
  /**
   * `client-secret` mode, where it is required: the id of the secret, in the data plane's vault, that holds the client
   * secret (`https://<vault>.vault.azure.net/secrets/<name>`, with or without `/<version>`).
   * @default - none
   */
  readonly clientSecretKeyVaultSecretId?: string;
  /** Tags on every resource. @default - none */
  readonly tags?: Tags;
}

/**
 * How App Service Authentication proves itself to Entra when it redeems a browser sign-in: a dedicated managed identity
 * (default, no secret) or a client secret an operator keeps in Key Vault (constructs/easyauth/README.md, "The client
 * credential"). Neither puts anything usable in Terraform state.
 */
export class EasyAuthClientCredential extends Construct {
  /** The dedicated identity (`managed-identity` mode). */
  readonly identity?: UserAssignedIdentity;
  readonly federatedCredential?: ApplicationFederatedIdentityCredential;
  /** The configured client secret's vault, name and version (`client-secret` mode). */
  readonly clientSecret?: KeyVaultSecretId;
  /** Key Vault Secrets User for the web app's reference identity on that one secret (`client-secret` mode). */
  readonly secretReader?: RoleAssignment;
  /** Name of the app setting `active_directory_v2.client_secret_setting_name` points at. */
  readonly clientSecretSettingName: string;
  /** App settings the web app needs for this credential. */
  readonly appSettings: Readonly<Record<string, string>>;
  /** Settings that must stay with the slot on a swap. */
  readonly stickySettingNames: readonly string[];

  constructor(scope: Construct, id: string, props: EasyAuthClientCredentialProps) {
    super(scope, id);
    const { entraApp, resourceGroup, dataPlane } = props;

    if (props.mode === "managed-identity") {
      this.identity = new UserAssignedIdentity(this, "identity", {
        name: props.identityName,
        resourceGroupName: resourceGroup.name,
        location: resourceGroup.location,
        tags: { ...props.tags },
      });
      // Issuer, subject and audience are accepted at creation whatever they are and only fail at sign-in:
      // issuer = the tenant's v2.0 authority, subject = the identity's principal (object) id, the exchange audience.
      this.federatedCredential = new ApplicationFederatedIdentityCredential(this, "federated-credential", {
        applicationId: entraApp.application.id,
        displayName: "app-service-authentication",
        description:
          "App Service Authentication signs in with the web app's dedicated managed identity (no client secret)",
        issuer: `https://login.microsoftonline.com/${props.tenantId}/v2.0`,
        subject: this.identity.principalId,
        audiences: [TOKEN_EXCHANGE_AUDIENCE],
      });
      this.clientSecretSettingName = MANAGED_IDENTITY_ASSERTION_SETTING;
      this.appSettings = { [MANAGED_IDENTITY_ASSERTION_SETTING]: this.identity.clientId };
    } else {
      const secretId = props.clientSecretKeyVaultSecretId;
      const clientSecret = secretId === undefined ? undefined : parseKeyVaultSecretId(secretId);
      if (clientSecret === undefined) {
        throw ConstructError.of(
          this,
          `clientSecretKeyVaultSecretId ${JSON.stringify(secretId ?? "")} is not a Key Vault secret id; "client-secret" mode needs the id of the secret holding the client secret, like https://<vault>.vault.azure.net/secrets/easyauth-client-secret (client-secret-steps.ts prints the commands that create it).`,
        );
      }
      this.clientSecret = clientSecret;
      // The secret is the operator's: Entra made it, a pipe put it in the vault (client-secret-steps.ts), and the stack
      // holds only its id, so no value reaches synthesized JSON or Terraform state. Reference and role are built from
      // this stack's vault, which the web app reaches through its private endpoint; the condition refuses, at plan, an
      // id naming another vault (whose name, with a computed suffix, is unknown at synth).
      const versionlessUri = `${dataPlane.keyVault.vaultUri}secrets/${clientSecret.secretName}`;
      this.secretReader = new RoleAssignment(this, "secret-reader", {
        scope: `${dataPlane.keyVault.id}/secrets/${clientSecret.secretName}`,
        roleDefinitionName: "Key Vault Secrets User",
        // The web app's keyVaultReferenceIdentityId: it resolves Key Vault references, and is granted single secrets.
        principalId: dataPlane.identity.principalId,
        principalType: "ServicePrincipal",
        // Unchanged since 0.3: a new description would replace the assignment.
        description: "Lets the MLflow web app resolve its EasyAuth client secret reference",
        lifecycle: {
          precondition: [
            {
              condition: Op.eq(Fn.lower(dataPlane.keyVault.name), clientSecret.vaultName.toLowerCase()),
              errorMessage:
                `The EasyAuth client secret id names the vault "${clientSecret.vaultName}", but this environment's ` +
                "vault is another one: store the secret in this environment's vault, as the client_secret_steps output shows, " +
                "and set easyAuth.clientSecretKeyVaultSecretId to its id.",
            },
          ],
        },
      });
      this.clientSecretSettingName = CLIENT_SECRET_SETTING;
      this.appSettings = {
        [CLIENT_SECRET_SETTING]: keyVaultReference(
          clientSecret.version === undefined ? versionlessUri : `${versionlessUri}/${clientSecret.version}`,
        ),
      };
    }
    // Microsoft: mark the setting slot-sticky, so a swap never pairs a slot with the other slot's credential.
    this.stickySettingNames = [this.clientSecretSettingName];
  }
}
