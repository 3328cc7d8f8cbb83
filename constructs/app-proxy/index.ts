import { Construct } from "constructs";
import {
  addNativeClient,
  APP_PROXY_SERVICE_PRINCIPAL_TAGS,
  APP_PROXY_SIGN_IN_SCOPES,
  MlflowEntraApp,
  type NativeClient,
  ON_PREMISES_APPLICATION_TEMPLATE_ID,
  publicClientTokenCommand,
} from "../entra";
import type { ResolvedAppProxyConfig } from "../config";
import type { FrontDoor, FrontDoorProps } from "../front-door";
import type { MonitoredHosts } from "../monitoring";
import { ConnectorGroup } from "./connector-group";
import { ConnectorHosts } from "./connector-hosts";
import { MlflowVm } from "./mlflow-vm";
import { MsgraphProvider } from "./msgraph";
import { AppProxyPublishing, DefaultExternalUrl } from "./publishing";

export {
  APPLICATION_PROXY_PROFILE_URL,
  CONNECTOR_GROUPS_ODATA_URL,
  ConnectorGroup,
  connectorJoinCommands,
} from "./connector-group";
export type { ConnectorGroupProps, ConnectorGroupRegion } from "./connector-group";
export { ConnectorHosts } from "./connector-hosts";
export type { ConnectorHost, ConnectorHostsProps } from "./connector-hosts";
export { MlflowVm } from "./mlflow-vm";
export type { MlflowVmProps } from "./mlflow-vm";
export { GeneratedSshPublicKey, SSH_PUBLIC_KEYS_API_VERSION } from "./ssh-public-key";
export type { GeneratedSshPublicKeyProps } from "./ssh-public-key";
export {
  AZAPI_PROVIDER_SOURCE,
  AZAPI_PROVIDER_VERSION,
  AzapiProvider,
  AzapiResource,
  AzapiResourceAction,
} from "./azapi";
export {
  MSGRAPH_PROVIDER_SOURCE,
  MSGRAPH_PROVIDER_VERSION,
  MsgraphProvider,
  MsgraphResource,
  MsgraphResourceAction,
  MsgraphUpdateResource,
} from "./msgraph";
export {
  AppProxyPublishing,
  ApplicationProxyEnabledCheck,
  DefaultExternalUrl,
  onPremisesPublishing,
} from "./publishing";
export type { AppProxyPublishingProps, ApplicationServerTimeout } from "./publishing";

/**
 * Application properties Application Proxy manages itself once publishing is on: its pre-authentication secret
 * (`CWAP_AuthSecret`), API permissions and the public-client switch. Microsoft: "should not be altered or deleted
 * ... will break pre-authentication", so Terraform leaves them alone.
 * https://learn.microsoft.com/entra/identity/app-proxy/application-proxy-faq
 */
export const APP_PROXY_MANAGED_APPLICATION_ATTRIBUTES = [
  "password",
  "required_resource_access",
  "fallback_public_client_enabled",
] as const;

export interface AppProxyFrontDoorProps extends FrontDoorProps {
  /** The MLflow VM, the connectors and the external URL. */
  readonly appProxy: ResolvedAppProxyConfig;
}

/**
 * `authMode: "app-proxy"`: MLflow on a private VM, published by Entra Application Proxy with Entra pre-authentication.
 * What it builds, in which order, and what deploying needs: constructs/app-proxy/README.md.
 */
export class AppProxyFrontDoor extends Construct implements FrontDoor {
  readonly graphProvider: MsgraphProvider;
  /** The external URL, `https://<host>/`. */
  readonly externalUrl: string;
  /** Host name of the external URL; MLflow's allowed host. */
  readonly externalHost: string;
  /** `https://<host>`: the external URL without its trailing slash, the app's identifier URI. */
  readonly identifierUri: string;
  readonly mlflowVm: MlflowVm;
  /** Undefined when `appProxy.connectorGroupId` is set (connectors are managed elsewhere). */
  readonly connectorHosts: ConnectorHosts | undefined;
  readonly entraApp: MlflowEntraApp;
  readonly connectorGroup: ConnectorGroup;
  readonly publishing: AppProxyPublishing;
  /** Public client (native) app registration holding a delegated permission on MLflow's scope. */
  readonly nativeClient: NativeClient;
  readonly trackingUri: string;
  readonly applicationClientId: string;
  readonly tokenCommand: string;
  readonly tokenScope: string;
  readonly monitoredHosts: MonitoredHosts;
  /** Application (client) id of the native client app registration. */
  readonly nativeClientId: string;
  /** What to do after deploy for the connectors: registration status or steps, then joining the group. */
  readonly connectorSteps: string;

  constructor(scope: Construct, id: string, props: AppProxyFrontDoorProps) {
    super(scope, id);
    const { names, resourceGroup, network, dataPlane, appProxy } = props;

    this.graphProvider = new MsgraphProvider(this, "msgraph");

    // The external URL is known at plan time (configured, or from the tenant's initial domain), so the VM's
    // allowed hosts and the app's URIs never wait for Graph.
    this.externalUrl =
      appProxy.externalUrl ??
      new DefaultExternalUrl(this, "external-url", { appName: names.appProxyApplication }).url;
    this.externalHost = this.externalUrl.replace(/^https:\/\//, "").replace(/\/$/, "");
    // Graph refuses identifier URIs ending with "/" (IdentifierUrisEndsWithSlash); Microsoft's tutorial sets the
    // external URL without it as identifier URI. https://learn.microsoft.com/graph/application-proxy-configure-api
    this.identifierUri = `https://${this.externalHost}`;

    // The connector forwards the browser's Host unchanged (isTranslateHostHeaderEnabled: false, see publishing.ts),
    // so the external URL is the one MLflow must accept (MlflowVm adds its own address when
    // appProxy.allowedSourceCidrs lets networks reach it directly).
    this.mlflowVm = new MlflowVm(this, "mlflow-vm", {
      names,
      resourceGroup,
      network,
      dataPlane,
      mlflow: props.mlflow,
      publicUrls: [this.externalUrl],
      // Networks listed in allowedSourceCidrs reach the VM directly, at its own address.
      acceptInternalUrl: appProxy.allowedSourceCidrs.length > 0,
      vmSize: appProxy.vmSize,
      adminUsername: appProxy.adminUsername,
      sshPublicKey: appProxy.sshPublicKey,
      administratorGroupObjectIds: appProxy.vmAdministratorGroupObjectIds,
      tags: props.tags,
    });

    this.connectorHosts =
      appProxy.connectorGroupId === undefined
        ? new ConnectorHosts(this, "connector-hosts", {
            names,
            resourceGroup,
            subnet: network.subnets.connector,
            dataPlane,
            tenantId: props.tenantId,
            count: appProxy.connectorCount,
            vmSize: appProxy.connectorVmSize,
            registrationTokenSecretId: appProxy.connectorRegistrationTokenSecretId,
            tags: props.tags,
          })
        : undefined;

    this.entraApp = new MlflowEntraApp(this, "entra-app", {
      displayName: names.entraApplication,
      signInGroupObjectIds: props.signInGroupObjectIds,
      templateId: ON_PREMISES_APPLICATION_TEMPLATE_ID,
      // Identifier URI (without the trailing slash, see above), redirect URI and home page = the external URL, set by
      // the azuread provider (which owns these properties; a Graph PATCH of them would be reverted on the next apply).
      // The ID token is what App Proxy's browser sign-in uses. https://learn.microsoft.com/graph/application-proxy-configure-api
      identifierUri: this.identifierUri,
      redirectUris: [this.externalUrl],
      homepageUrl: this.externalUrl,
      idTokenIssuanceEnabled: true,
      owners: [props.deployerObjectId],
      // v1 access tokens, as App Proxy apps made in the portal issue (the template leaves the version unset), which
      // is what Microsoft's bearer-token examples for App Proxy get.
      accessTokenVersion: 1,
      externallyManagedAttributes: APP_PROXY_MANAGED_APPLICATION_ATTRIBUTES,
      // Adopting the template's service principal would otherwise empty its tags (see MlflowEntraApp).
      servicePrincipalTags: APP_PROXY_SERVICE_PRINCIPAL_TAGS,
      // No Application role: App Proxy accepts no app-only tokens, so assigning one would grant nothing usable.
      applicationRole: false,
      // Pre-authentication signs users in to this app, which requires assignment: no user may consent, so the sign-in's
      // Graph scopes are granted tenant-wide (and not declared: App Proxy keeps the app's API permissions itself).
      graphSignInScopes: APP_PROXY_SIGN_IN_SCOPES,
    });

    this.connectorGroup = new ConnectorGroup(this, "connector-group", {
      provider: this.graphProvider,
      existingGroupId: appProxy.connectorGroupId,
      name: names.connectorGroup,
      connectorMachineNames: this.connectorHosts?.computerNames,
    });

    this.publishing = new AppProxyPublishing(this, "publishing", {
      provider: this.graphProvider,
      entraApp: this.entraApp,
      externalUrl: this.externalUrl,
      internalUrl: this.mlflowVm.internalUrl,
      connectorGroup: this.connectorGroup,
      // A first deploy builds the connector hosts before it checks that Application Proxy is enabled.
      applicationProxyPrerequisites: this.connectorHosts?.hosts.map((host) => host.connectorInstall),
    });

    this.nativeClient = addNativeClient(this, "native-client", {
      displayName: names.entraNativeClient,
      mlflowApp: this.entraApp,
      signInGroupObjectIds: props.signInGroupObjectIds,
      owners: [props.deployerObjectId],
      microsoftGraph: this.entraApp.microsoftGraph,
    });
    this.nativeClientId = this.nativeClient.clientId;

    this.trackingUri = this.externalUrl;
    this.applicationClientId = this.entraApp.clientId;
    // App Proxy accepts a delegated user token for the proxy app in the Authorization header.
    this.tokenScope = this.entraApp.defaultScope;
    this.monitoredHosts = {
      mlflowVm: this.mlflowVm.virtualMachine,
      connectorVms: this.connectorHosts?.hosts.map((host) => host.virtualMachine) ?? [],
      vmExtensions: [
        this.mlflowVm.entraSshLogin,
        ...(this.connectorHosts?.hosts.map((host) => host.connectorInstall) ?? []),
      ],
    };
    // The documented way to App Proxy with a token: the registered public client with MSAL (see token-command.ts).
    // The Azure CLI, which MlflowEntraApp pre-authorizes too, stays an opt-in of the plugin, unverified here.
    this.tokenCommand = publicClientTokenCommand({
      scope: this.tokenScope,
      clientId: this.nativeClientId,
      tenantId: props.tenantId,
    });

    this.connectorSteps = [
      this.connectorHosts
        ? this.connectorHosts.registrationSteps
        : `Connectors are managed outside this deployment: MLflow is published through connector group ${appProxy.connectorGroupId}, whose connectors must reach ${this.mlflowVm.internalUrl}.`,
      ...(this.connectorHosts
        ? ["", "Then put the connectors in MLflow's connector group:", this.connectorGroup.joinCommands]
        : []),
    ].join("\n");
  }
}
