import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import { Application } from "@cdktf/provider-azuread/lib/application";
import { ApplicationIdentifierUri } from "@cdktf/provider-azuread/lib/application-identifier-uri";
import { ApplicationPreAuthorized } from "@cdktf/provider-azuread/lib/application-pre-authorized";
import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import type { ServicePrincipalDelegatedPermissionGrant } from "@cdktf/provider-azuread/lib/service-principal-delegated-permission-grant";
import { Construct } from "constructs";
import { ConstructError } from "../construct-error";
import { stableUuid } from "../naming";
import { grantAdminConsent, graphDelegatedAccess, lookUpMicrosoftGraph } from "./admin-consent";
import { ADMIN_APP_ROLE } from "./admin-app-role";
import type { MlflowEntraAppProps } from "./entra-app-props";
import { AZURE_CLI_CLIENT_ID, GUID_PATTERN } from "./well-known-ids";

/** Value of the delegated scope clients request (`<identifier-uri>/user_impersonation`), the Azure portal's convention. */
export const USER_IMPERSONATION_SCOPE = "user_impersonation";
/** App role for people (and the groups they are in). */
export const USER_APP_ROLE = "User";
/** App role for applications (managed identities, service principals running automation). */
export const APPLICATION_APP_ROLE = "Application";
export { ADMIN_APP_ROLE } from "./admin-app-role";

/**
 * Optional claims MLflow's authorization function names callers by (server/python/mlflow_entra_authz/identity.py);
 * https://learn.microsoft.com/entra/identity-platform/optional-claims-reference.
 * - `upn`: v1 tokens always have it, v2 tokens (this app's) only when the app asks ("v1.0 basic claims",
 *   https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference). Without it a person is named by
 *   `preferred_username`, which Learn calls mutable and which is not the UPN for guests. Asked in both tokens, so a
 *   person has one name in the browser (ID token) and with a bearer token (access token).
 * - `idtyp`: access tokens only; `app` in an app-only token, which Learn calls the most accurate way to tell app-only
 *   from app+user tokens.
 */
export const CALLER_IDENTITY_CLAIMS = {
  idToken: ["upn"],
  accessToken: ["upn", "idtyp"],
} as const;

/**
 * Tags a service principal needs to be an Application Proxy app: the ones Microsoft's Graph tutorial gives the
 * service principal of an App Proxy application (and the on-premises template's instantiation carries).
 * https://learn.microsoft.com/graph/application-proxy-configure-api
 */
export const APP_PROXY_SERVICE_PRINCIPAL_TAGS = [
  "WindowsAzureActiveDirectoryIntegratedApp",
  "WindowsAzureActiveDirectoryOnPremApp",
] as const;

/**
 * The Entra app registration that protects MLflow, shared by both auth modes: single-tenant, a delegated
 * `user_impersonation` scope with the Azure CLI pre-authorized, app roles, and a service principal that requires
 * assignment. Why these azuread resources and not others: constructs/entra/README.md.
 */
export class MlflowEntraApp extends Construct {
  readonly application: Application;
  readonly identifierUriResource: ApplicationIdentifierUri;
  readonly servicePrincipal: ServicePrincipal;
  readonly preAuthorizations: readonly ApplicationPreAuthorized[];
  readonly signInGroupAssignments: readonly AppRoleAssignment[];
  /** The admin groups, each assigned the `MLflow.Admin` role; empty without `adminRole`. */
  readonly adminGroupAssignments: readonly AppRoleAssignment[];
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
  /** Id of the `MLflow.Admin` app role; undefined without `adminRole`. */
  readonly adminAppRoleId: string | undefined;
  /** `<identifier-uri>/.default`: the scope a client asks for to get a token for this app (v2 endpoint). */
  readonly defaultScope: string;

  constructor(scope: Construct, id: string, props: MlflowEntraAppProps) {
    super(scope, id);
    const refuseUnlessGuids = (field: string, values: readonly string[], what: string) => {
      const bad = values.find((value) => !GUID_PATTERN.test(value));
      if (bad !== undefined) throw ConstructError.of(this, `${field}: "${bad}" is not ${what}`);
    };
    refuseUnlessGuids(
      "signInGroupObjectIds",
      props.signInGroupObjectIds,
      "an Entra object id. Use the group's Object ID (a GUID), e.g. from `az ad group show --group <name> --query id -o tsv`.",
    );
    const automationPrincipalObjectIds = props.automationPrincipalObjectIds ?? [];
    refuseUnlessGuids(
      "automationPrincipals",
      automationPrincipalObjectIds,
      "an Entra object id. Use the service principal's Object ID (a GUID), e.g. from `az ad sp show --id <appId> --query id -o tsv`.",
    );
    if (automationPrincipalObjectIds.length > 0 && !props.applicationRole) {
      throw ConstructError.of(
        this,
        "automationPrincipals: given, but this app declares no Application role (applicationRole is false), so they could not be assigned.",
      );
    }
    const adminGroupObjectIds = props.adminGroupObjectIds ?? [];
    refuseUnlessGuids(
      "adminGroupObjectIds",
      adminGroupObjectIds,
      "an Entra object id. Use the group's Object ID (a GUID), e.g. from `az ad group show --group <name> --query id -o tsv`.",
    );
    if (adminGroupObjectIds.length > 0 && !props.adminRole) {
      throw ConstructError.of(
        this,
        "adminGroupObjectIds: given, but this app declares no MLflow.Admin role (adminRole is false), so they could not be assigned.",
      );
    }
    if (props.identifierUri?.endsWith("/")) {
      throw ConstructError.of(
        this,
        `identifierUri: "${props.identifierUri}" ends with "/"; Graph refuses it (IdentifierUrisEndsWithSlash). Drop the trailing slash.`,
      );
    }
    const preAuthorizedClientIds = props.preAuthorizedClientIds ?? [AZURE_CLI_CLIENT_ID];
    refuseUnlessGuids(
      "preAuthorizedClientIds",
      preAuthorizedClientIds,
      "an application (client) id; pass a GUID.",
    );

    this.scopeId = stableUuid(`oauth2-permission-scope/${USER_IMPERSONATION_SCOPE}`);
    this.scopeValue = USER_IMPERSONATION_SCOPE;
    this.userAppRoleId = stableUuid(`app-role/${USER_APP_ROLE}`);
    this.applicationAppRoleId = props.applicationRole
      ? stableUuid(`app-role/${APPLICATION_APP_ROLE}`)
      : undefined;
    this.adminAppRoleId = props.adminRole ? stableUuid(`app-role/${ADMIN_APP_ROLE}`) : undefined;
    const owners = props.owners ? [...props.owners] : undefined;
    const graphSignInScopes = props.graphSignInScopes ?? [];
    this.microsoftGraph =
      graphSignInScopes.length > 0 ? lookUpMicrosoftGraph(this, "microsoft-graph") : undefined;
    const microsoftGraph = this.microsoftGraph;
    const externallyManaged = props.externallyManagedAttributes ?? [];
    // Terraform leaves an attribute another service manages alone, so it does not write it either: Application Proxy
    // keeps the API permissions of its apps itself (see AppProxyFrontDoor), and the grant below stands without them.
    const declareGraphScopes = !externallyManaged.includes("required_resource_access");

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
        ...(this.adminAppRoleId
          ? [
              {
                id: this.adminAppRoleId,
                value: ADMIN_APP_ROLE,
                // Applications too only where app-only tokens are accepted (see applicationRole).
                allowedMemberTypes: this.applicationAppRoleId ? ["User", "Application"] : ["User"],
                displayName: "MLflow admin",
                description:
                  "MLflow admins: see and change every experiment and model, grant access, manage users.",
                enabled: true,
              },
            ]
          : []),
      ],
      optionalClaims: props.callerIdentityClaims
        ? {
            idToken: CALLER_IDENTITY_CLAIMS.idToken.map((name) => ({ name })),
            accessToken: CALLER_IDENTITY_CLAIMS.accessToken.map((name) => ({ name })),
          }
        : undefined,
      // The sign-in's delegated Graph scopes, declared so the tenant-wide grant below matches what the app asks for.
      requiredResourceAccess:
        microsoftGraph && declareGraphScopes
          ? [graphDelegatedAccess(microsoftGraph, graphSignInScopes)]
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
      lifecycle: { ignoreChanges: ["identifier_uris", ...externallyManaged] },
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

    // The service principal requires assignment, so users cannot consent to the sign-in's Graph scopes themselves.
    this.signInConsent = microsoftGraph
      ? grantAdminConsent(this, "sign-in-consent", {
          clientServicePrincipalObjectId: this.servicePrincipal.objectId,
          resourceServicePrincipalObjectId: microsoftGraph.objectId,
          scopes: graphSignInScopes,
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

    const adminAppRoleId = this.adminAppRoleId;
    this.adminGroupAssignments = adminAppRoleId
      ? adminGroupObjectIds.map(
          (groupId) =>
            new AppRoleAssignment(this, `admin-group-${groupId.toLowerCase()}`, {
              appRoleId: adminAppRoleId,
              principalObjectId: groupId,
              resourceObjectId: this.servicePrincipal.objectId,
            }),
        )
      : [];

    // Config names automation principals by object id (what an app role assignment takes); EasyAuth's allow-list
    // takes client ids, so each one's client id is read from Graph at plan time (Application.Read.All, as above).
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
