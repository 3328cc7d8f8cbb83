import { LinuxWebApp } from "@cdktf/provider-azurerm/lib/linux-web-app";
import { ServicePlan } from "@cdktf/provider-azurerm/lib/service-plan";
import { Construct } from "constructs";
import { withConstructPath } from "../construct-error";
import { AUTH_DATABASE_NAME } from "../data";
import { Diagnostics } from "../data/monitoring";
import { AZURE_CLI_CLIENT_ID, EASYAUTH_SIGN_IN_SCOPES, MlflowEntraApp, tokenCommand } from "../entra";
import type { ResolvedEasyAuthConfig, ResolvedPermissionsConfig } from "../config";
import type { FrontDoor, FrontDoorProps } from "../front-door";
import type { MonitoredHosts } from "../monitoring";
import { egressOf } from "../network";
import { CustomDomain } from "./custom-domain";
import { mlflowServer } from "../mlflow-server";
import { authSettingsV2, TOKEN_STORE_APP_SETTINGS } from "./auth-settings";
import { EasyAuthClientCredential } from "./client-credential";
import { CLIENT_SECRET_NAME, clientSecretSteps } from "./client-secret-steps";
import { containerImage } from "./container-image";
import { startupCommand } from "./startup-command";

export {
  CLIENT_SECRET_SETTING,
  EasyAuthClientCredential,
  MANAGED_IDENTITY_ASSERTION_SETTING,
  TOKEN_EXCHANGE_AUDIENCE,
} from "./client-credential";
export { CLIENT_SECRET_NAME, storeClientSecretCommand } from "./client-secret-steps";
export { TOKEN_STORE_APP_SETTINGS } from "./auth-settings";
export { START_SCRIPT_SETTING } from "./startup-command";

/** Web app log categories sent to Log Analytics: requests, container stdout/stderr, app logs, platform events. */
export const WEB_APP_LOG_CATEGORIES = [
  "AppServiceHTTPLogs",
  "AppServiceConsoleLogs",
  "AppServiceAppLogs",
  "AppServicePlatformLogs",
] as const;

export interface EasyAuthFrontDoorProps extends FrontDoorProps {
  /** Plan SKU and how App Service Authentication authenticates to Entra ID. */
  readonly easyAuth: ResolvedEasyAuthConfig;
  /**
   * Service principal object ids assigned the app's Application role and accepted by App Service Authentication.
   * @default - none
   */
  readonly automationPrincipals?: readonly string[];
  /**
   * MLflow's own permissions. When enabled, the Entra app declares the `MLflow.Admin` role, assigns it to the admin
   * groups, and asks for the claims the authorization function names callers by; the web app runs MLflow's auth app
   * with that function (mlflow-server.ts), its users and grants in the data plane's auth database.
   * @default - off
   */
  readonly permissions?: ResolvedPermissionsConfig;
}

/**
 * `authMode: "easyauth"`: MLflow in a Linux Web App for Containers behind App Service Authentication with
 * Entra ID. Public by design, every request authenticated; outbound traffic goes through the VNet to the private
 * database, blob storage and Key Vault.
 */
export class EasyAuthFrontDoor extends Construct implements FrontDoor {
  readonly entraApp: MlflowEntraApp;
  readonly clientCredential: EasyAuthClientCredential;
  readonly servicePlan: ServicePlan;
  readonly webApp: LinuxWebApp;
  readonly diagnostics: Diagnostics;
  /** `<web-app-name>.azurewebsites.net`. */
  readonly hostName: string;
  /** The custom domain (easyAuth.customDomain): its DNS records, and once they exist its binding and certificate. */
  readonly customDomain: CustomDomain | undefined;
  readonly trackingUri: string;
  readonly applicationClientId: string;
  readonly tokenCommand: string;
  readonly tokenScope: string;
  readonly monitoredHosts: MonitoredHosts;
  /**
   * The commands, with this app's client id and vault, that create a client secret and store it in Key Vault: to
   * switch to `client-secret` mode, or (in it) to rotate the secret. Text for the client_secret_steps output.
   */
  readonly clientSecretSteps: string;

  constructor(scope: Construct, id: string, props: EasyAuthFrontDoorProps) {
    super(scope, id);
    const { names, resourceGroup, network, dataPlane, tenantId } = props;
    // Known before the app exists (no self-reference): App Service names the default host after the app.
    this.hostName = `${names.webApp}.azurewebsites.net`;
    const defaultUrl = `https://${this.hostName}`;
    const customDomain = props.easyAuth.customDomain;
    const customUrl = customDomain ? `https://${customDomain.hostName}` : undefined;
    // The custom domain is MLflow's address once it is bound; sign-in, allowed hosts and CORS accept it from the
    // first deploy, and keep accepting the default host.
    const baseUrl = customUrl && customDomain?.dnsRecordsCreated ? customUrl : defaultUrl;
    const urls = [defaultUrl, ...(customUrl ? [customUrl] : [])];
    const tags = { ...props.tags };

    this.entraApp = new MlflowEntraApp(this, "entra-app", {
      displayName: names.entraApplication,
      signInGroupObjectIds: props.signInGroupObjectIds,
      homepageUrl: `${baseUrl}/`,
      // App Service Authentication's callback, and the ID token its browser sign-in needs (else AADSTS700054).
      redirectUris: urls.map((url) => `${url}/.auth/login/aad/callback`),
      idTokenIssuanceEnabled: true,
      owners: [props.deployerObjectId],
      // App Service Authentication accepts app-only tokens, so automation principals get the Application role here.
      applicationRole: true,
      automationPrincipalObjectIds: props.automationPrincipals ?? [],
      // The browser sign-in asks for these as MLflow's app; assignment is required, so consent is granted here.
      graphSignInScopes: EASYAUTH_SIGN_IN_SCOPES,
      adminRole: props.permissions?.enabled ?? false,
      adminGroupObjectIds: props.permissions?.enabled ? props.permissions.adminGroupObjectIds : [],
      callerIdentityClaims: props.permissions?.enabled ?? false,
    });

    this.clientCredential = new EasyAuthClientCredential(this, "client-credential", {
      mode: props.easyAuth.clientCredential,
      entraApp: this.entraApp,
      tenantId,
      resourceGroup,
      dataPlane,
      identityName: names.easyAuthIdentity,
      clientSecretKeyVaultSecretId: props.easyAuth.clientSecretKeyVaultSecretId,
      tags,
    });

    this.servicePlan = new ServicePlan(this, "service-plan", {
      name: names.servicePlan,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      osType: "Linux",
      skuName: props.easyAuth.skuName,
      tags,
    });

    const permissions = props.permissions?.enabled ? props.permissions : undefined;
    const server = withConstructPath(this, () =>
      mlflowServer({
        image: props.mlflow.image,
        workers: props.mlflow.workers,
        artifactsDestination: dataPlane.artifactsDestination,
        database: dataPlane.databaseLogin,
        publicUrls: urls.map((url) => `${url}/`),
        // MLflow's auth app with the Entra authorization function: the caller App Service Authentication verified
        // becomes the MLflow user, an admin while they hold MLflow.Admin (docs/permissions.md).
        permissions: permissions && {
          tenantId,
          clientId: this.entraApp.clientId,
          identifierUri: this.entraApp.identifierUri,
          defaultPermission: permissions.defaultPermission,
          authDatabase: AUTH_DATABASE_NAME,
        },
      }),
    );
    const image = withConstructPath(this, () => containerImage(server.image));
    const startup = startupCommand(server);

    this.webApp = new LinuxWebApp(this, "web-app", {
      name: names.webApp,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      servicePlanId: this.servicePlan.id,
      httpsOnly: true,
      // EasyAuth mode is reachable from the internet by design; every request is authenticated (auth_settings_v2).
      publicNetworkAccessEnabled: true,
      clientAffinityEnabled: false,
      // Both default to true: publishing with FTP or WebDeploy user/password would bypass Entra.
      ftpPublishBasicAuthenticationEnabled: false,
      webdeployPublishBasicAuthenticationEnabled: false,
      // Regional VNet integration: outbound calls leave from the appService subnet (NAT gateway for the internet).
      virtualNetworkSubnetId: network.subnets.appService.id,
      // The image pull goes through the VNet too (NAT gateway), like all other outbound traffic; the same switch
      // as the WEBSITE_PULL_IMAGE_OVER_VNET app setting. https://learn.microsoft.com/azure/app-service/configure-custom-container
      vnetImagePullEnabled: true,
      identity: {
        type: "UserAssigned",
        // The MLflow identity and the database's Entra administrator (start-up bootstrap only), then App Service
        // Authentication's own identity.
        identityIds: [
          ...dataPlane.hostIdentityIds,
          ...(this.clientCredential.identity ? [this.clientCredential.identity.id] : []),
        ],
      },
      // Key Vault references resolve with the data-plane identity (Key Vault Secrets User on single secrets): the
      // user-assigned identity exists, with its role, before the app, and "this setting applies to all Key Vault
      // references for the app".
      // https://learn.microsoft.com/azure/app-service/app-service-key-vault-references#access-vaults-with-a-user-assigned-identity
      keyVaultReferenceIdentityId: dataPlane.identity.id,
      siteConfig: {
        applicationStack: { dockerRegistryUrl: image.registryUrl, dockerImageName: image.imageName },
        appCommandLine: startup.appCommandLine,
        alwaysOn: true,
        http2Enabled: true,
        minimumTlsVersion: "1.2",
        scmMinimumTlsVersion: "1.2",
        ftpsState: "Disabled",
        remoteDebuggingEnabled: false,
        // Route all outbound traffic through the VNet: the private endpoints' DNS zones and the NSGs apply, and
        // Learn requires it for Key Vault references: "Linux applications that connect to private endpoints must
        // be explicitly configured to route all traffic through the virtual network" (vnetRouteAllEnabled = true).
        // https://learn.microsoft.com/azure/app-service/app-service-key-vault-references#access-network-restricted-vaults
        // azurerm v4.55.0 has no `outboundVnetRouting` argument; it sends this one as siteConfig.vnetRouteAllEnabled
        // and as the site's vnetRouteAllEnabled (internal/services/appservice/linux_web_app_resource.go), the
        // "legacy" setting that Learn says is "still supported for backwards compatibility".
        // https://learn.microsoft.com/azure/app-service/configure-vnet-integration-routing#configure-application-routing
        vnetRouteAllEnabled: true,
        // MLflow's /health answers without a database round trip; the platform's probe passes authentication by
        // itself (see auth-settings.ts), so nothing is opened anonymously for it.
        healthCheckPath: "/health",
        healthCheckEvictionTimeInMin: 5,
      },
      appSettings: {
        // The port `mlflow server` listens on inside the container.
        WEBSITES_PORT: String(server.port),
        // First start pulls a large image and runs `mlflow db upgrade`: allow more than the default 230 s.
        WEBSITES_CONTAINER_START_TIME_LIMIT: "600",
        ...server.environment,
        ...startup.appSettings,
        // Defence in depth: tokens must come from this tenant (`tid`), whatever the issuer check says.
        // https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad#use-a-built-in-authorization-policy
        WEBSITE_AUTH_AAD_ALLOWED_TENANTS: tenantId,
        // Persistent /home, where App Service Authentication's token store keeps the sessions' tokens.
        ...TOKEN_STORE_APP_SETTINGS,
        ...this.clientCredential.appSettings,
      },
      stickySettings: { appSettingNames: [...this.clientCredential.stickySettingNames] },
      authSettingsV2: authSettingsV2({
        clientId: this.entraApp.clientId,
        identifierUri: this.entraApp.identifierUri,
        tenantId,
        clientSecretSettingName: this.clientCredential.clientSecretSettingName,
        // The app itself (browser sign-in redeems its code as MLflow's app), the Azure CLI (token_command and the
        // Python plugin's default credential) and the configured automation principals.
        allowedClientIds: [this.entraApp.clientId, AZURE_CLI_CLIENT_ID, ...this.entraApp.automationClientIds],
      }),
      tags,
      // Nothing may start before what it uses at start exists and is authorised: the allowed audience
      // api://<client-id>, the database's Entra administrator, the Key Vault route (private endpoint and DNS) and
      // secret role of a client-secret reference, and the integration subnet's NAT gateway, through which the image is
      // pulled (vnetImagePullEnabled).
      dependsOn: [
        this.entraApp.identifierUriResource,
        ...dataPlane.startDependencies(network),
        // The auth database the start script prepares and MLflow's auth app migrates.
        ...(permissions ? [dataPlane.authDatabase] : []),
        ...(this.clientCredential.secretReader ? [this.clientCredential.secretReader] : []),
        ...egressOf(network, "appService"),
      ],
    });

    this.customDomain = customDomain
      ? new CustomDomain(this, "custom-domain", {
          webApp: this.webApp,
          resourceGroup,
          hostName: customDomain.hostName,
          bind: customDomain.dnsRecordsCreated,
          tags,
        })
      : undefined;

    this.diagnostics = new Diagnostics(this, "diagnostics", {
      targetResourceId: this.webApp.id,
      targetType: "Microsoft.Web/sites",
      workspace: dataPlane.logAnalytics,
      categories: [...WEB_APP_LOG_CATEGORIES],
    });

    this.trackingUri = `${baseUrl}/`;
    this.applicationClientId = this.entraApp.clientId;
    this.tokenScope = this.entraApp.defaultScope;
    this.monitoredHosts = { webApp: this.webApp };
    this.tokenCommand = tokenCommand(this.entraApp.identifierUri);
    const clientSecret = this.clientCredential.clientSecret;
    this.clientSecretSteps = clientSecretSteps({
      clientId: this.entraApp.clientId,
      keyVaultId: dataPlane.keyVault.id,
      versionlessSecretId: `${dataPlane.keyVault.vaultUri}secrets/${CLIENT_SECRET_NAME}`,
      webAppId: this.webApp.id,
      configuredSecretId: clientSecret ? props.easyAuth.clientSecretKeyVaultSecretId : undefined,
      versioned: clientSecret?.version !== undefined,
    });
  }
}
