import { DataAzureadDomains } from "@cdktf/provider-azuread/lib/data-azuread-domains";
import { Fn, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { MlflowEntraApp } from "../entra";
import { APPLICATION_PROXY_PROFILE_URL, type ConnectorGroup } from "./connector-group";
import {
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
 * The `onPremisesPublishing` object, every flag explicit so a re-apply corrects drift; why each has its value:
 * constructs/app-proxy/README.md, "Default settings" (https://learn.microsoft.com/graph/application-proxy-configure-api).
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
 * Graph's request-tracing header, "a client-generated GUID to trace the request" as Graph's API pages describe it;
 * Microsoft's Dev Proxy flags Graph requests sent without one
 * (https://learn.microsoft.com/microsoft-cloud/dev/dev-proxy/technical-reference/graphclientrequestidguidanceplugin).
 * The check sends a fresh one on every run, which is also what makes it run on every deploy.
 */
export const CLIENT_REQUEST_ID_HEADER = "client-request-id";

/**
 * Stops the deploy with APPLICATION_PROXY_DISABLED_MESSAGE while Application Proxy is off in the tenant; runs after
 * `after`, so a first deploy builds the connector hosts first.
 * Graph: `isEnabled` (Boolean) "Represents if Microsoft Entra application proxy is enabled for the tenant"
 * (https://learn.microsoft.com/graph/api/resources/onpremisespublishingprofile?view=graph-rest-beta); GET documents
 * only `200 OK` with the object (https://learn.microsoft.com/graph/api/onpremisespublishingprofile-get?view=graph-rest-beta),
 * and the only documented update is `PATCH .../hybridAgentUpdaterConfiguration`, so `isEnabled` is read, never set
 * (https://learn.microsoft.com/graph/api/onpremisespublishingprofile-update?view=graph-rest-beta). What a tenant that
 * never enabled App Proxy answers is not documented: `== true` treats false and an absent (null) `isEnabled` alike;
 * an error answer fails the request itself, with Graph's message.
 *
 * The GET runs at apply time, with the deploying person's delegated token, never at plan time: that GET lists
 * "Application: Not supported", and a pull-request plan signs in as an application. A data source would be read at
 * plan even with `-refresh=false`, so the check is an `msgraph_resource_action` (GET), which sends nothing while
 * planning. It carries a new `client-request-id` (uuid(), unknown until apply) on every run, so every deploy plans an
 * in-place update that sends the GET again and leaves `output` unknown until then: the postcondition is judged at
 * apply, on a fresh answer. Without that, a check that once found Application Proxy off would keep its stale answer
 * in state, and Terraform would fail every later plan on it: a postcondition that fails at apply leaves the object in
 * state untainted "to fail on future operations until the user makes the condition succeed"
 * (hashicorp/terraform@v1.11.4 internal/terraform/node_resource_apply_instance.go, managedResourceExecute).
 */
export class ApplicationProxyEnabledCheck extends Construct {
  readonly profile: MsgraphResourceAction;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly provider: MsgraphProvider; readonly after?: ITerraformDependable[] },
  ) {
    super(scope, id);
    this.profile = new MsgraphResourceAction(this, "profile", {
      provider: props.provider,
      resourceUrl: APPLICATION_PROXY_PROFILE_URL,
      method: "GET",
      apiVersion: "beta",
      headers: { [CLIENT_REQUEST_ID_HEADER]: Fn.uuid() },
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
 * Publishes MLflow with two Graph calls in a fixed order, after a check that Application Proxy is on; the order, and
 * what re-apply and destroy do: constructs/app-proxy/README.md, "Graph call order".
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
