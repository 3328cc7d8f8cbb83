import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import { Application } from "@cdktf/provider-azuread/lib/application";
import { ApplicationIdentifierUri } from "@cdktf/provider-azuread/lib/application-identifier-uri";
import { ApplicationPreAuthorized } from "@cdktf/provider-azuread/lib/application-pre-authorized";
import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import { ServicePrincipalDelegatedPermissionGrant } from "@cdktf/provider-azuread/lib/service-principal-delegated-permission-grant";
import { Construct } from "constructs";
import { ConstructError } from "../construct-error";
import { stableUuid } from "../naming";
import { AZURE_CLI_CLIENT_ID, GUID_PATTERN, MICROSOFT_GRAPH_CLIENT_ID } from "./well-known-ids";

/** Value of the delegated scope clients request (`<identifier-uri>/user_impersonation`), the Azure portal's convention. */
export const USER_IMPERSONATION_SCOPE = "user_impersonation";
/** App role for people (and the groups they are in). */
export const USER_APP_ROLE = "User";
/** App role for applications (managed identities, service principals running automation). */
export const APPLICATION_APP_ROLE = "Application";

/**
 * Tags a service principal needs to be an Application Proxy app: the ones Microsoft's Graph tutorial gives the
 * service principal of an App Proxy application (and the on-premises template's instantiation carries).
 * https://learn.microsoft.com/graph/application-proxy-configure-api
 */
export const APP_PROXY_SERVICE_PRINCIPAL_TAGS = [
  "WindowsAzureActiveDirectoryIntegratedApp",
  "WindowsAzureActiveDirectoryOnPremApp",
] as const;

export interface MlflowEntraAppProps {
  /** Display name of the app registration and its enterprise application, e.g. `MLflow (dev)`. */
  readonly displayName: string;
  /**
   * Object ids of the Entra groups whose members may sign in; each is assigned the `User` app role.
   * Assignment is required, so nobody else gets a token for the app until assigned.
   */
  readonly signInGroupObjectIds: readonly string[];
  /**
   * Declare the `Application` app role (`allowedMemberTypes: ["Application"]`), so service principals and managed
   * identities can be assigned and get app-only tokens. Only a front door that accepts app-only tokens should offer
   * it: App Service Authentication does; Application Proxy does not ("this solution doesn't use application
   * tokens", https://learn.microsoft.com/entra/identity/app-proxy/application-proxy-configure-native-client-application).
   * @default false
   */
  readonly applicationRole?: boolean;
  /**
   * Object ids of service principals (managed identities included) assigned the `Application` role. Requires
   * `applicationRole`. Their application (client) ids are read at plan time (`automationClientIds`).
   * @default - none
   */
  readonly automationPrincipalObjectIds?: readonly string[];
  /**
   * Delegated Microsoft Graph scopes the sign-in needs (e.g. EASYAUTH_SIGN_IN_SCOPES), declared in
   * `required_resource_access` and granted tenant-wide (admin consent) by this construct. With assignment required,
   * Entra allows no user consent for the app, so without the grant every non-admin stops at "Need admin approval".
   * https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent
   * @default - none: nothing declared or granted (Application Proxy manages the app's API permissions itself)
   */
  readonly graphSignInScopes?: readonly string[];
  /**
   * Identifier URI of the API (the `aud` clients ask for). App Proxy passes its external URL without the trailing
   * slash. Graph refuses identifier URIs that end with `/` (`IdentifierUrisEndsWithSlash`), so one is refused here.
   * @default - `api://<client-id>`, added after the app exists (the client id is only known then)
   */
  readonly identifierUri?: string;
  /**
   * Web platform redirect URIs, e.g. App Service's `https://<host>/.auth/login/aad/callback`.
   * @default - none
   */
  readonly redirectUris?: readonly string[];
  /**
   * Web platform home page URL.
   * @default - none
   */
  readonly homepageUrl?: string;
  /**
   * Let the authorize endpoint issue ID tokens (web implicit grant `id_token`), which App Service Authentication's
   * browser sign-in relies on (without it sign-in fails with AADSTS700054).
   * https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad
   * @default false
   */
  readonly idTokenIssuanceEnabled?: boolean;
  /**
   * Gallery template to instantiate the app from, e.g. ON_PREMISES_APPLICATION_TEMPLATE_ID for Application Proxy.
   * The template creates the service principal too; this construct then adopts it (`use_existing`).
   * @default - none: a plain app registration
   */
  readonly templateId?: string;
  /**
   * Client ids pre-authorized on the `user_impersonation` scope (no consent prompt for them).
   * @default - [AZURE_CLI_CLIENT_ID]
   */
  readonly preAuthorizedClientIds?: readonly string[];
  /**
   * Object ids of the owners of the app registration and its service principal. Include the deployer, so the app
   * can still be managed by whoever deploys without a tenant-wide admin role.
   * @default - none
   */
  readonly owners?: readonly string[];
  /**
   * Access token version Entra issues for this API. 2 is what App Service Authentication validates (issuer matches
   * the `/v2.0` endpoint, `aud` is the client id); Application Proxy apps use 1, as the portal creates them.
   * https://learn.microsoft.com/entra/identity-platform/reference-app-manifest#api-requestedaccesstokenversion
   * @default 2
   */
  readonly accessTokenVersion?: 1 | 2;
  /**
   * Application attributes another service manages once the app exists (Terraform names, e.g. `password`),
   * which Terraform must then leave alone.
   * @default - none besides `identifier_uris` (owned by the separate identifier-URI resource)
   */
  readonly externallyManagedAttributes?: readonly string[];
  /**
   * Tags of the service principal. Give them when a template created the service principal: azuread 3.7.0 adopts it
   * (`use_existing`) by calling its update, which sends `tags` from the configuration even when none are set (an
   * empty list), replacing the template's tags
   * (hashicorp/terraform-provider-azuread@v3.7.0 internal/services/serviceprincipals/service_principal_resource.go,
   * servicePrincipalResourceCreate -> servicePrincipalResourceUpdate, `Tags: &tags`).
   * @default - none; a non-templated app is tagged as an enterprise application (`feature_tags`)
   */
  readonly servicePrincipalTags?: readonly string[];
}

/**
 * The Entra app registration that protects MLflow, shared by both auth modes: single-tenant, an identifier URI,
 * a delegated `user_impersonation` scope with the Azure CLI pre-authorized, v2 access tokens, an app role for people
 * (and one for applications where the front door accepts app-only tokens), an enterprise application (service
 * principal) that requires assignment, and, when asked, the sign-in's Graph scopes granted tenant-wide.
 *
 * Why `azuread_application` with inline `api`/`app_role`/`web`, plus separate identifier-URI and pre-authorization
 * resources:
 * - `azuread_application` is the only resource that both instantiates a gallery template (`template_id`, needed
 *   by App Proxy) and sets `requested_access_token_version` and ID-token issuance; `azuread_application_registration`
 *   has no `template_id`, and `azuread_application_from_template` manages no properties at all.
 *   https://registry.terraform.io/providers/hashicorp/azuread/3.7.0/docs/resources/application_from_template
 * - Scopes and app roles stay inline (the application resource owns them), never also as
 *   `azuread_application_permission_scope`/`_app_role`: two resources managing the same list fight on every plan.
 * - The identifier URI is a separate `azuread_application_identifier_uri` because `api://<client-id>` needs the
 *   client id, which exists only after creation; the application ignores changes to `identifier_uris`, as the
 *   provider documents for using the two together.
 *   https://registry.terraform.io/providers/hashicorp/azuread/3.7.0/docs/resources/application_identifier_uri
 * - Pre-authorization has no inline form in `azuread_application` (azuread 2+): Graph rejects a
 *   `preAuthorizedApplications` entry that points at a scope created in the same request, so the provider made it
 *   a separate resource that runs after the scope exists (hashicorp/terraform-provider-azuread#472,
 *   microsoftgraph/microsoft-graph-docs#20177). No overlap, so no fight.
 */
export class MlflowEntraApp extends Construct {
  readonly application: Application;
  readonly identifierUriResource: ApplicationIdentifierUri;
  readonly servicePrincipal: ServicePrincipal;
  readonly preAuthorizations: readonly ApplicationPreAuthorized[];
  readonly signInGroupAssignments: readonly AppRoleAssignment[];
  /** The automation principals, each assigned the `Application` role. */
  readonly automationAssignments: readonly AppRoleAssignment[];
  /** Plan-time lookups of the automation principals (object id -> client id). */
  readonly automationPrincipals: readonly DataAzureadServicePrincipal[];
  /** Application (client) ids of the automation principals, in the order given (tokens). */
  readonly automationClientIds: readonly string[];
  /** Microsoft Graph's service principal, read at plan time; only with `graphSignInScopes`. */
  readonly microsoftGraph: DataAzureadServicePrincipal | undefined;
  /** Tenant-wide admin consent for `graphSignInScopes`; only with them. */
  readonly signInConsent: ServicePrincipalDelegatedPermissionGrant | undefined;
  /** Application (client) id. */
  readonly clientId: string;
  /** The identifier URI: `api://<client-id>` unless one was passed. */
  readonly identifierUri: string;
  /** Id of the `user_impersonation` scope (stable across synths). */
  readonly scopeId: string;
  /** `user_impersonation`. */
  readonly scopeValue: string;
  /** Fully qualified scope a client requests: `<identifier-uri>/user_impersonation`. */
  readonly scope: string;
  /** Id of the `User` app role (people, groups). */
  readonly userAppRoleId: string;
  /** Id of the `Application` app role (service principals, managed identities); undefined without `applicationRole`. */
  readonly applicationAppRoleId: string | undefined;
  /** `<identifier-uri>/.default`: the scope a client asks for to get a token for this app (v2 endpoint). */
  readonly defaultScope: string;

  constructor(scope: Construct, id: string, props: MlflowEntraAppProps) {
    super(scope, id);
    for (const groupId of props.signInGroupObjectIds) {
      if (!GUID_PATTERN.test(groupId)) {
        throw ConstructError.of(
          this,
          `signInGroupObjectIds: "${groupId}" is not an Entra object id. Use the group's Object ID (a GUID), ` +
            `e.g. from \`az ad group show --group <name> --query id -o tsv\`.`,
        );
      }
    }
    const automationPrincipalObjectIds = props.automationPrincipalObjectIds ?? [];
    for (const objectId of automationPrincipalObjectIds) {
      if (!GUID_PATTERN.test(objectId)) {
        throw ConstructError.of(
          this,
          `automationPrincipals: "${objectId}" is not an Entra object id. Use the service principal's Object ID (a GUID), ` +
            `e.g. from \`az ad sp show --id <appId> --query id -o tsv\`.`,
        );
      }
    }
    if (automationPrincipalObjectIds.length > 0 && !props.applicationRole) {
      throw ConstructError.of(
        this,
        "automationPrincipals: given, but this app declares no Application role (applicationRole is false), so they could not be assigned.",
      );
    }
    if (props.identifierUri?.endsWith("/")) {
      throw ConstructError.of(
        this,
        `identifierUri: "${props.identifierUri}" ends with "/"; Graph refuses it (IdentifierUrisEndsWithSlash). Drop the trailing slash.`,
      );
    }
    const preAuthorizedClientIds = props.preAuthorizedClientIds ?? [AZURE_CLI_CLIENT_ID];
    for (const clientId of preAuthorizedClientIds) {
      if (!GUID_PATTERN.test(clientId)) {
        throw ConstructError.of(
          this,
          `preAuthorizedClientIds: "${clientId}" is not an application (client) id; pass a GUID.`,
        );
      }
    }

    this.scopeId = stableUuid(`oauth2-permission-scope/${USER_IMPERSONATION_SCOPE}`);
    this.scopeValue = USER_IMPERSONATION_SCOPE;
    this.userAppRoleId = stableUuid(`app-role/${USER_APP_ROLE}`);
    this.applicationAppRoleId = props.applicationRole
      ? stableUuid(`app-role/${APPLICATION_APP_ROLE}`)
      : undefined;
    const owners = props.owners ? [...props.owners] : undefined;
    const graphSignInScopes = props.graphSignInScopes ?? [];
    // Microsoft Graph's service principal in this tenant: its scope ids (name -> id) come from Graph at plan time.
    this.microsoftGraph =
      graphSignInScopes.length > 0
        ? new DataAzureadServicePrincipal(this, "microsoft-graph", { clientId: MICROSOFT_GRAPH_CLIENT_ID })
        : undefined;
    const microsoftGraph = this.microsoftGraph;

    this.application = new Application(this, "application", {
      displayName: props.displayName,
      templateId: props.templateId,
      // Single tenant: only this directory's users and workloads.
      signInAudience: "AzureADMyOrg",
      owners,
      api: {
        // With 2, even v1-endpoint clients like the Azure CLI get v2 tokens (see accessTokenVersion).
        requestedAccessTokenVersion: props.accessTokenVersion ?? 2,
        // Apps created by the azuread provider get no user_impersonation scope unless declared.
        oauth2PermissionScope: [
          {
            id: this.scopeId,
            value: USER_IMPERSONATION_SCOPE,
            type: "User",
            enabled: true,
            adminConsentDisplayName: "Access MLflow",
            adminConsentDescription:
              "Allow the application to access MLflow on behalf of the signed-in user.",
            userConsentDisplayName: "Access MLflow",
            userConsentDescription: "Allow the application to access MLflow on your behalf.",
          },
        ],
      },
      appRole: [
        {
          id: this.userAppRoleId,
          value: USER_APP_ROLE,
          allowedMemberTypes: ["User"],
          displayName: "MLflow user",
          description: "People (and members of groups) who may sign in to MLflow.",
          enabled: true,
        },
        ...(this.applicationAppRoleId
          ? [
              {
                id: this.applicationAppRoleId,
                value: APPLICATION_APP_ROLE,
                allowedMemberTypes: ["Application"],
                displayName: "MLflow application",
                description: "Applications and managed identities that may call MLflow's API.",
                enabled: true,
              },
            ]
          : []),
      ],
      // The sign-in's delegated Graph scopes, declared so the tenant-wide grant below matches what the app asks for.
      requiredResourceAccess: microsoftGraph
        ? [
            {
              resourceAppId: MICROSOFT_GRAPH_CLIENT_ID,
              resourceAccess: graphSignInScopes.map((scope) => ({
                id: microsoftGraph.oauth2PermissionScopeIds.lookup(scope),
                type: "Scope",
              })),
            },
          ]
        : undefined,
      web: {
        homepageUrl: props.homepageUrl,
        redirectUris: props.redirectUris ? [...props.redirectUris] : undefined,
        implicitGrant: {
          accessTokenIssuanceEnabled: false,
          idTokenIssuanceEnabled: props.idTokenIssuanceEnabled ?? false,
        },
      },
      // azuread_application_identifier_uri owns the identifier URIs (see the class comment).
      lifecycle: { ignoreChanges: ["identifier_uris", ...(props.externallyManagedAttributes ?? [])] },
    });
    this.clientId = this.application.clientId;

    this.identifierUri = props.identifierUri ?? `api://${this.clientId}`;
    this.identifierUriResource = new ApplicationIdentifierUri(this, "identifier-uri", {
      applicationId: this.application.id,
      identifierUri: this.identifierUri,
    });
    this.scope = `${this.identifierUri}/${USER_IMPERSONATION_SCOPE}`;
    this.defaultScope = `${this.identifierUri}/.default`;

    this.preAuthorizations = preAuthorizedClientIds.map(
      (clientId) =>
        new ApplicationPreAuthorized(
          this,
          clientId === AZURE_CLI_CLIENT_ID ? "pre-authorized-azure-cli" : `pre-authorized-${clientId}`,
          {
            applicationId: this.application.id,
            authorizedClientId: clientId,
            permissionIds: [this.scopeId],
          },
        ),
    );

    this.servicePrincipal = new ServicePrincipal(this, "service-principal", {
      clientId: this.application.clientId,
      // Only assigned users, groups and applications get tokens for MLflow; EasyAuth itself checks authentication only.
      // https://learn.microsoft.com/entra/identity-platform/howto-restrict-your-app-to-a-set-of-users
      appRoleAssignmentRequired: true,
      owners,
      // A template instantiation already created the service principal: adopt it instead of failing on a duplicate.
      // https://registry.terraform.io/providers/hashicorp/azuread/3.7.0/docs/resources/application#create-application-from-a-gallery-template
      useExisting: props.templateId ? true : undefined,
      // List it under "Enterprise applications" so admins can assign people in the portal; a templated app gets its
      // template's tags back explicitly (see servicePrincipalTags: adopting it would otherwise empty them).
      featureTags: props.servicePrincipalTags || props.templateId ? undefined : [{ enterprise: true }],
      tags: props.servicePrincipalTags ? [...props.servicePrincipalTags] : undefined,
    });

    // Tenant-wide admin consent (no user_object_id) for the sign-in's Graph scopes: with assignment required,
    // users cannot consent themselves. https://registry.terraform.io/providers/hashicorp/azuread/3.7.0/docs/resources/service_principal_delegated_permission_grant
    this.signInConsent = microsoftGraph
      ? new ServicePrincipalDelegatedPermissionGrant(this, "sign-in-consent", {
          servicePrincipalObjectId: this.servicePrincipal.objectId,
          resourceServicePrincipalObjectId: microsoftGraph.objectId,
          claimValues: [...graphSignInScopes],
        })
      : undefined;

    this.signInGroupAssignments = props.signInGroupObjectIds.map(
      (groupId) =>
        new AppRoleAssignment(this, `sign-in-group-${groupId.toLowerCase()}`, {
          appRoleId: this.userAppRoleId,
          principalObjectId: groupId,
          resourceObjectId: this.servicePrincipal.objectId,
        }),
    );

    // Config names automation principals by object id (what an app role assignment takes); EasyAuth's allow-list
    // takes client ids, so each one's client id is read from Graph at plan time.
    const applicationAppRoleId = this.applicationAppRoleId;
    this.automationPrincipals = automationPrincipalObjectIds.map(
      (objectId) =>
        new DataAzureadServicePrincipal(this, `automation-principal-lookup-${objectId.toLowerCase()}`, {
          objectId,
        }),
    );
    this.automationClientIds = this.automationPrincipals.map((principal) => principal.clientId);
    this.automationAssignments = applicationAppRoleId
      ? automationPrincipalObjectIds.map(
          (objectId) =>
            new AppRoleAssignment(this, `automation-principal-${objectId.toLowerCase()}`, {
              appRoleId: applicationAppRoleId,
              principalObjectId: objectId,
              resourceObjectId: this.servicePrincipal.objectId,
            }),
        )
      : [];
  }
}
