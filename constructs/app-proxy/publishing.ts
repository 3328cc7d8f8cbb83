import { DataAzureadDomains } from "@cdktf/provider-azuread/lib/data-azuread-domains";
import { Fn, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { MlflowEntraApp } from "../entra";
import { APPLICATION_PROXY_PROFILE_URL, type ConnectorGroup } from "./connector-group";
import {
  MsgraphDataResource,
  MsgraphResourceAction,
  MsgraphUpdateResource,
  type GraphBody,
  type MsgraphProvider,
} from "./msgraph";

/**
 * How long the connector waits for MLflow's answer: `default` is 85 s, `long` 180 s.
 * https://learn.microsoft.com/graph/api/resources/onpremisespublishing?view=graph-rest-beta
 */
export type ApplicationServerTimeout = "default" | "long";

/**
 * The `onPremisesPublishing` object MLflow is published with. Every flag is set explicitly, so a re-apply corrects
 * drift and a reviewer sees each choice:
 * - `aadPreAuthentication`: App Proxy lets only signed-in, assigned users (or their bearer tokens) through.
 * - Cookies: HTTP-only and Secure (no script access, HTTPS only); not persistent (the session ends with the browser).
 * - `isTranslateHostHeaderEnabled: false`: the connector forwards the external Host header unchanged, so MLflow sees
 *   the host the browser and the Python client use. MLflow 3 refuses any Host not in `--allowed-hosts`: the external
 *   host name is then the one entry needed, known at plan time and the same whatever address the VM gets (with
 *   translation on, Host would be the internal `<ip>:5000` and any link MLflow builds from it would point inside).
 *   MLflow's UI uses relative links and redirects, so no response header needs rewriting on the way back.
 * - `isTranslateLinksInBodyEnabled: false`: nothing in MLflow's pages or JSON names the internal address; rewriting
 *   bodies would only cost time (and could alter artifact content).
 * - `applicationServerTimeout`: see ApplicationServerTimeout; `long` by default because proxied artifact uploads
 *   and downloads of large models outlast 85 s.
 * - `isOnPremPublishingEnabled` and `isStateSessionEnabled` (validation of the OAuth `state` at sign-in, CSRF
 *   protection) are `true`, as in Microsoft's publishing tutorial
 *   (https://learn.microsoft.com/graph/application-proxy-configure-api, step 2). Where this body differs from the
 *   tutorial's (persistent cookie, host header and link translation), it does so on purpose, for the reasons above.
 */
export function onPremisesPublishing(props: {
  readonly externalUrl: string;
  readonly internalUrl: string;
  readonly applicationServerTimeout: ApplicationServerTimeout;
}): GraphBody {
  return {
    externalUrl: props.externalUrl,
    internalUrl: props.internalUrl,
    externalAuthenticationType: "aadPreAuthentication",
    isOnPremPublishingEnabled: true,
    isStateSessionEnabled: true,
    isHttpOnlyCookieEnabled: true,
    isSecureCookieEnabled: true,
    isPersistentCookieEnabled: false,
    isTranslateHostHeaderEnabled: false,
    isTranslateLinksInBodyEnabled: false,
    applicationServerTimeout: props.applicationServerTimeout,
  };
}

/**
 * The default external URL, `https://<app>-<tenant>.msappproxy.net/`, where `<tenant>` is the first label of the
 * tenant's initial `<tenant>.onmicrosoft.com` domain, read at plan time (`data "azuread_domains"`, `only_initial`).
 * That is the form Microsoft's examples use (`https://finance-awcycles.msappproxy.net/`,
 * https://learn.microsoft.com/powershell/module/azuread/new-azureadapplicationproxyapplication). If Graph rejects
 * it (`ExternalUrl_InvalidAsciiRules`, whose message names the suffix the tenant must use), set
 * `appProxy.externalUrl`.
 */
export class DefaultExternalUrl extends Construct {
  readonly initialDomain: DataAzureadDomains;
  /** `https://<appName>-<tenant>.msappproxy.net/` (a token: the tenant part resolves at plan time). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: { readonly appName: string }) {
    super(scope, id);
    this.initialDomain = new DataAzureadDomains(this, "initial-domain", { onlyInitial: true });
    const tenant = Fn.lower(Fn.element(Fn.split(".", this.initialDomain.domains.get(0).domainName), 0));
    this.url = `https://${props.appName}-${tenant}.msappproxy.net/`;
  }
}

/** Says why publishing cannot run yet, and what to do, when Application Proxy is off in the tenant. */
export const APPLICATION_PROXY_DISABLED_MESSAGE =
  "Microsoft Entra application proxy is not enabled in this tenant, so MLflow cannot be published yet " +
  "(GET beta/onPremisesPublishingProfiles/applicationProxy: isEnabled is not true). Registering the first private " +
  "network connector enables it (follow the connector_steps output), or an Application Administrator enables it " +
  "in the Microsoft Entra admin center; then deploy again.";

/**
 * Checks, before anything is published, that Application Proxy is enabled in the tenant: publishing and connector
 * group calls need it ("Enable application proxy and install a connector" is the prerequisite Microsoft lists;
 * registering a first connector enables it, https://learn.microsoft.com/entra/identity/app-proxy/application-proxy-ping-access-publishing-guide).
 * A checked prerequisite rather than enabling it here: it is a tenant-wide switch, and Graph documents no update of
 * `isEnabled` (https://learn.microsoft.com/graph/api/resources/onpremisespublishingprofile?view=graph-rest-beta).
 *
 * The GET runs at plan time, or at apply time once `after` (the connector hosts) has changes to apply, so a first
 * deploy still builds the connector hosts before it stops here with APPLICATION_PROXY_DISABLED_MESSAGE.
 */
export class ApplicationProxyEnabledCheck extends Construct {
  readonly profile: MsgraphDataResource;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly provider: MsgraphProvider; readonly after?: ITerraformDependable[] },
  ) {
    super(scope, id);
    this.profile = new MsgraphDataResource(this, "profile", {
      provider: props.provider,
      url: APPLICATION_PROXY_PROFILE_URL,
      apiVersion: "beta",
      responseExportValues: { is_enabled: "isEnabled" },
      dependsOn: props.after && props.after.length > 0 ? props.after : undefined,
      lifecycle: {
        postcondition: [
          {
            condition: "${self.output.is_enabled == true}",
            errorMessage: APPLICATION_PROXY_DISABLED_MESSAGE,
          },
        ],
      },
    });
  }
}

export interface AppProxyPublishingProps {
  /** The msgraph provider (delegated, Azure CLI). */
  readonly provider: MsgraphProvider;
  /**
   * The Entra application, instantiated from the on-premises application template, whose identifier URI, redirect
   * URI and home page are already the external URL (set by MlflowEntraApp, which owns those properties).
   */
  readonly entraApp: MlflowEntraApp;
  /** `https://<host>/`, lowercase, ending with a slash (Graph stores it that way; anything else shows as drift). */
  readonly externalUrl: string;
  /** Where the connector sends requests, e.g. `http://10.20.0.36:5000/`. */
  readonly internalUrl: string;
  readonly connectorGroup: ConnectorGroup;
  /** @default "long" */
  readonly applicationServerTimeout?: ApplicationServerTimeout;
  /**
   * Resources that must exist before Application Proxy can be found enabled (the connector hosts).
   * @default - none
   */
  readonly applicationProxyPrerequisites?: ITerraformDependable[];
}

/**
 * Publishes MLflow through Entra Application Proxy with two Graph calls, in this order (each `depends_on` the one
 * before, and the first on the application's URIs, because Graph accepts `onPremisesPublishing` only on an app whose
 * identifier URI is already set, and on ApplicationProxyEnabledCheck):
 *
 * 1. `PATCH /beta/applications/{object-id}` with only `{ onPremisesPublishing }` (`msgraph_update_resource`).
 *    It must be a request of its own: combined with other properties Graph answers "request is currently not
 *    supported on the targeted entity set". Re-apply: the provider GETs `?$select=onPremisesPublishing` and PATCHes
 *    again only on a difference. Destroy: sends nothing; the settings go away with the application, which the
 *    azuread provider deletes.
 * 2. `PUT /beta/applications/{object-id}/connectorGroup/$ref` with `{ "@odata.id": ".../connectorGroups/{id}" }`
 *    (`msgraph_resource_action`; not `msgraph_resource`, whose create waits for a GET this URL does not support and
 *    fails after 30 minutes). Graph refuses it before publishing is enabled, hence the order. Re-apply: nothing is
 *    sent unless the application or group changes (then the PUT is sent again, which is idempotent). Destroy: sends
 *    nothing; the assignment goes with the application (removing only the assignment would put the app back in
 *    the default connector group).
 *
 * https://learn.microsoft.com/graph/application-proxy-configure-api
 */
export class AppProxyPublishing extends Construct {
  readonly applicationProxyEnabled: ApplicationProxyEnabledCheck;
  readonly onPremisesPublishing: MsgraphUpdateResource;
  readonly connectorGroupAssignment: MsgraphResourceAction;

  constructor(scope: Construct, id: string, props: AppProxyPublishingProps) {
    super(scope, id);
    const application = props.entraApp.application;
    const applicationUrl = `applications/${application.objectId}`;
    this.applicationProxyEnabled = new ApplicationProxyEnabledCheck(this, "application-proxy-enabled", {
      provider: props.provider,
      after: props.applicationProxyPrerequisites,
    });

    this.onPremisesPublishing = new MsgraphUpdateResource(this, "on-premises-publishing", {
      provider: props.provider,
      url: applicationUrl,
      apiVersion: "beta",
      body: {
        onPremisesPublishing: onPremisesPublishing({
          externalUrl: props.externalUrl,
          internalUrl: props.internalUrl,
          applicationServerTimeout: props.applicationServerTimeout ?? "long",
        }),
      },
      // Graph returns onPremisesPublishing only when selected; without it drift would go unseen.
      readQueryParameters: { $select: ["onPremisesPublishing"] },
      // The URIs first (Graph refuses publishing before), and the enterprise application the template created.
      dependsOn: [
        this.applicationProxyEnabled.profile,
        application,
        props.entraApp.identifierUriResource,
        props.entraApp.servicePrincipal,
      ],
    });

    this.connectorGroupAssignment = new MsgraphResourceAction(this, "connector-group-assignment", {
      provider: props.provider,
      resourceUrl: applicationUrl,
      action: "connectorGroup/$ref",
      method: "PUT",
      apiVersion: "beta",
      body: { "@odata.id": props.connectorGroup.odataId },
      dependsOn: [
        this.onPremisesPublishing,
        ...(props.connectorGroup.group ? [props.connectorGroup.group] : []),
      ],
    });
  }
}
