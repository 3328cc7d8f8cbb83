import { ApplicationFederatedIdentityCredential } from "@cdktf/provider-azuread/lib/application-federated-identity-credential";
import { ApplicationPasswordA as ApplicationPassword } from "@cdktf/provider-azuread/lib/application-password";
import type { ResourceGroupReference } from "../resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import type { EasyAuthClientCredentialMode, Tags } from "../config";
import type { DataPlane, VaultSecret } from "../data";
import type { MlflowEntraApp } from "../entra";
import { keyVaultReference } from "./key-vault-reference";

/** App setting App Service reads the managed identity's client id from, instead of a client secret. */
export const MANAGED_IDENTITY_ASSERTION_SETTING = "OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID";
/** App setting holding the client secret (a Key Vault reference) in `client-secret` mode; the portal's own name. */
export const CLIENT_SECRET_SETTING = "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET";
/** Audience Entra expects in a managed identity's token exchanged through a federated credential. */
export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export interface EasyAuthClientCredentialProps {
  readonly mode: EasyAuthClientCredentialMode;
  readonly entraApp: MlflowEntraApp;
  /** Entra tenant id (issuer of the managed identity's tokens). */
  readonly tenantId: string;
  readonly resourceGroup: ResourceGroupReference;
  readonly dataPlane: DataPlane;
  /** Name of the dedicated identity (`managed-identity` mode). */
  readonly identityName: string;
  /** Tags on every resource. @default - none */
  readonly tags?: Tags;
}

/**
 * How App Service Authentication proves itself to Entra when it redeems a browser sign-in: a dedicated managed identity
 * (default, no secret) or a client secret in Key Vault (constructs/easyauth/README.md, "The client credential").
 */
export class EasyAuthClientCredential extends Construct {
  /** The dedicated identity (`managed-identity` mode). */
  readonly identity?: UserAssignedIdentity;
  readonly federatedCredential?: ApplicationFederatedIdentityCredential;
  readonly password?: ApplicationPassword;
  readonly secret?: VaultSecret;
  /** Key Vault Secrets User for the web app's reference identity on the secret (`client-secret` mode). */
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
      this.password = new ApplicationPassword(this, "password", {
        applicationId: entraApp.application.id,
        displayName: "App Service Authentication",
      });
      this.secret = dataPlane.addSecret(this, "secret", {
        name: "easyauth-client-secret",
        value: this.password.value,
        contentType: "text/plain",
        valueFrom: [this.password],
      });
      // The data-plane identity resolves Key Vault references, and is granted single secrets only.
      this.secretReader = new RoleAssignment(this, "secret-reader", {
        scope: this.secret.resourceVersionlessId,
        roleDefinitionName: "Key Vault Secrets User",
        principalId: dataPlane.identity.principalId,
        principalType: "ServicePrincipal",
        description: "Lets the MLflow web app resolve its EasyAuth client secret reference",
        // The scope is built from the vault's id: wait for the secret itself to exist.
        dependsOn: [this.secret],
      });
      this.clientSecretSettingName = CLIENT_SECRET_SETTING;
      this.appSettings = { [CLIENT_SECRET_SETTING]: keyVaultReference(this.secret) };
    }
    // Microsoft: mark the setting slot-sticky, so a swap never pairs a slot with the other slot's credential.
    this.stickySettingNames = [this.clientSecretSettingName];
  }
}
