import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { App, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { MlflowEntraApp, ON_PREMISES_APPLICATION_TEMPLATE_ID } from "../../constructs/entra";
import { ConnectorGroup, connectorJoinCommands } from "../../constructs/app-proxy/connector-group";
import { MSGRAPH_PROVIDER_VERSION, MsgraphProvider } from "../../constructs/app-proxy/msgraph";
import {
  APPLICATION_PROXY_DISABLED_MESSAGE,
  AppProxyPublishing,
  DefaultExternalUrl,
} from "../../constructs/app-proxy/publishing";

const EXTERNAL_URL = "https://mlflow-dev-contoso.msappproxy.net/";
const IDENTIFIER_URI = "https://mlflow-dev-contoso.msappproxy.net";
const INTERNAL_URL = "http://10.20.0.36:5000/";
const EXISTING_GROUP = "3e6f4c35-a04b-4d03-b98a-66fff89b72e6";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synth(options: { existingGroupId?: string; timeout?: "default" | "long" } = {}): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AzureadProvider(stack, "azuread", {});
  const provider = new MsgraphProvider(stack, "msgraph");
  const entraApp = new MlflowEntraApp(stack, "entra", {
    displayName: "MLflow (dev)",
    signInGroupObjectIds: [],
    templateId: ON_PREMISES_APPLICATION_TEMPLATE_ID,
    identifierUri: IDENTIFIER_URI,
    redirectUris: [EXTERNAL_URL],
    homepageUrl: EXTERNAL_URL,
  });
  const connectorGroup = new ConnectorGroup(stack, "connector-group", {
    provider,
    name: "mlflow-dev",
    existingGroupId: options.existingGroupId,
  });
  new AppProxyPublishing(stack, "publishing", {
    provider,
    entraApp,
    externalUrl: EXTERNAL_URL,
    internalUrl: INTERNAL_URL,
    connectorGroup,
    applicationServerTimeout: options.timeout,
  });
  return JSON.parse(Testing.synth(stack)) as Json;
}

const only = (synthJson: Json, type: string, nameMatching = /./): [string, Json] => {
  const resources = Object.entries((synthJson.resource?.[type] ?? {}) as Json).filter(([name]) =>
    nameMatching.test(name),
  );
  expect(resources).toHaveLength(1);
  return resources[0] as [string, Json];
};
const ASSIGNMENT = /connector-group-assignment/;
const ENABLED_CHECK = /application-proxy-enabled/;

describe("App Proxy publishing (Microsoft Graph through the msgraph provider)", () => {
  const json = synth();
  const [publishingName, publishing] = only(json, "msgraph_update_resource");
  const [assignmentName, assignment] = only(json, "msgraph_resource_action", ASSIGNMENT);
  const [groupName, group] = only(json, "msgraph_resource");

  test("the msgraph provider is pinned to an exact version and authenticates with the Azure CLI (delegated)", () => {
    expect(json.terraform.required_providers.msgraph).toEqual({
      source: "microsoft/msgraph",
      version: "0.5.0",
    });
    expect(MSGRAPH_PROVIDER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(json.provider.msgraph).toEqual([{ use_cli: true }]);
  });

  test("onPremisesPublishing is PATCHed alone, on beta, with every flag chosen explicitly (publishing and state validation on, as Microsoft's tutorial sets them)", () => {
    expect(publishing.url).toMatch(
      /^applications\/\$\{azuread_application\.entra_application_[0-9A-F]{8}\.object_id\}$/,
    );
    expect(publishing.api_version).toBe("beta");
    expect(publishing.body).toEqual({
      onPremisesPublishing: {
        externalUrl: EXTERNAL_URL,
        internalUrl: INTERNAL_URL,
        externalAuthenticationType: "aadPreAuthentication",
        isOnPremPublishingEnabled: true,
        isStateSessionEnabled: true,
        isHttpOnlyCookieEnabled: true,
        isSecureCookieEnabled: true,
        isPersistentCookieEnabled: false,
        isTranslateHostHeaderEnabled: false,
        isTranslateLinksInBodyEnabled: false,
        applicationServerTimeout: "long",
      },
    });
  });

  test("the Application Proxy check is a GET sent at apply time only, by the deploying person (no data source: those are read at plan), and publishing waits for it", () => {
    expect(json.data?.msgraph_resource).toBeUndefined();
    const [checkName, check] = only(json, "msgraph_resource_action", ENABLED_CHECK);
    expect(check).toMatchObject({
      resource_url: "onPremisesPublishingProfiles/applicationProxy",
      method: "GET",
      api_version: "beta",
      response_export_values: { is_enabled: "isEnabled" },
    });
    expect(check.body).toBeUndefined();
    expect(check.depends_on).toBeUndefined();
    expect(check.lifecycle.postcondition).toEqual([
      { condition: "${self.output.is_enabled == true}", error_message: APPLICATION_PROXY_DISABLED_MESSAGE },
    ]);
    expect(publishing.depends_on).toContain(`msgraph_resource_action.${checkName}`);
  });

  test("the check sends a new client-request-id on every run, so every deploy asks Graph again (a stale 'off' never blocks a later plan)", () => {
    const [, check] = only(json, "msgraph_resource_action", ENABLED_CHECK);
    // uuid() is unknown while planning: every plan updates the check in place, and its output is unknown until apply.
    expect(check.headers).toEqual({ "client-request-id": "${uuid()}" });
  });

  test("drift in onPremisesPublishing is detected (Graph returns it only when selected)", () => {
    expect(publishing.read_query_parameters).toEqual({ $select: ["onPremisesPublishing"] });
  });

  test("publishing waits for the identifier URI, the application and its service principal", () => {
    expect(publishing.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^azuread_application\.entra_application_/),
        expect.stringMatching(/^azuread_application_identifier_uri\.entra_identifier-uri_/),
        expect.stringMatching(/^azuread_service_principal\.entra_service-principal_/),
      ]),
    );
  });

  test("the connector group is assigned with PUT .../connectorGroup/$ref through msgraph_resource_action, after publishing", () => {
    expect(assignment.resource_url).toBe(publishing.url);
    expect(assignment.action).toBe("connectorGroup/$ref");
    expect(assignment.method).toBe("PUT");
    expect(assignment.api_version).toBe("beta");
    expect(assignment.body).toEqual({
      "@odata.id": `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/\${msgraph_resource.${groupName}.id}`,
    });
    expect(assignment.depends_on).toEqual([
      `msgraph_update_resource.${publishingName}`,
      `msgraph_resource.${groupName}`,
    ]);
    expect(json.resource.msgraph_resource[groupName].url).not.toContain("$ref");
    expect(assignmentName).toMatch(/connector-group-assignment/);
  });

  test("a connector group mlflow-<env> is created with POST on beta when none is configured", () => {
    expect(group.url).toBe("onPremisesPublishingProfiles/applicationProxy/connectorGroups");
    expect(group.api_version).toBe("beta");
    expect(group.body).toEqual({ name: "mlflow-dev" });
  });

  test("applicationServerTimeout can be set back to Graph's default", () => {
    const [, custom] = only(synth({ timeout: "default" }), "msgraph_update_resource");
    expect(custom.body.onPremisesPublishing.applicationServerTimeout).toBe("default");
  });
});

describe("an existing connector group", () => {
  const json = synth({ existingGroupId: EXISTING_GROUP });

  test("is used as given: nothing is created, the $ref points at it", () => {
    expect(json.resource.msgraph_resource).toBeUndefined();
    const [publishingName] = only(json, "msgraph_update_resource");
    const [, assignment] = only(json, "msgraph_resource_action", ASSIGNMENT);
    expect(assignment.body).toEqual({
      "@odata.id": `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${EXISTING_GROUP}`,
    });
    expect(assignment.depends_on).toEqual([`msgraph_update_resource.${publishingName}`]);
  });
});

describe("connector join commands", () => {
  /** Runs the join commands in bash against a fake `az` that lists `connectors` and logs every POST. */
  function runJoin(names: string[], connectors: [string, string][]): string[] {
    const dir = mkdtempSync(join(tmpdir(), "join-"));
    writeFileSync(join(dir, "listing"), connectors.map(([id, machine]) => `${id}\t${machine}\n`).join(""));
    writeFileSync(
      join(dir, "az"),
      [
        "#!/bin/bash",
        `if [ "$3" = get ]; then cat '${join(dir, "listing")}'; else echo "$@" >> '${join(dir, "posts")}'; fi`,
      ].join("\n"),
      { mode: 0o755 },
    );
    execFileSync("bash", ["-c", connectorJoinCommands(EXISTING_GROUP, names)], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
    });
    let posts = "";
    try {
      posts = readFileSync(join(dir, "posts"), "utf8");
    } catch {
      posts = "";
    }
    rmSync(dir, { recursive: true, force: true });
    return posts
      .split("\n")
      .filter(Boolean)
      .map((line) => /connectors\/([^/]+)\/memberOf/.exec(line)?.[1] ?? line);
  }

  const REGISTERED: [string, string][] = [
    ["id-1", "APC-DEV-1"],
    ["id-10", "apc-dev-10"],
    ["id-2", "apc-dev-2.internal.cloudapp.net"],
    ["id-other", "connector-a.contoso.com"],
    ["id-prefix", "apc-dev-1x.contoso.com"],
  ];

  test("join exactly the named hosts, case-insensitively, short or fully qualified: apc-dev-1 never takes apc-dev-10", () => {
    expect(runJoin(["apc-dev-1", "apc-dev-2"], REGISTERED)).toEqual(["id-1", "id-2"]);
  });

  test("join nothing when no registered connector has one of the names", () => {
    expect(runJoin(["apc-dev-3"], REGISTERED)).toEqual([]);
  });

  test("POST memberOf/$ref with the group's @odata.id", () => {
    const commands = connectorJoinCommands(EXISTING_GROUP, ["apc-dev-1", "apc-dev-2"]);
    expect(commands).toContain(`--query "value[].[id, machineName]" -o tsv`);
    expect(commands).toContain(
      `az rest --method post --url "https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectors/$id/memberOf/\\$ref" --body '{"@odata.id": "https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${EXISTING_GROUP}"}'`,
    );
  });

  test("never contain ${ or %{ (Terraform would interpolate them)", () => {
    for (const names of [[], ["apc-dev-1"]]) {
      expect(connectorJoinCommands(EXISTING_GROUP, names)).not.toMatch(/[$%]\{/);
    }
  });

  test("refuse a name that is not a Windows computer name (it goes into the shell command)", () => {
    expect(() => connectorJoinCommands(EXISTING_GROUP, ["apc'; rm -rf /"])).toThrow(
      /not a Windows computer name/,
    );
  });

  test("without machine names, list the connectors and take a connector id", () => {
    const commands = connectorJoinCommands(EXISTING_GROUP, []);
    expect(commands).toContain("connectors/<connector-id>/memberOf/\\$ref");
    expect(commands).toContain(
      'az rest --method get --url "https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectors"',
    );
  });
});

describe("the default external URL", () => {
  test("is https://<app>-<tenant>.msappproxy.net/ with <tenant> from the initial domain, read at plan time", () => {
    const app = new App();
    const stack = new TerraformStack(app, "test");
    new AzureadProvider(stack, "azuread", {});
    const url = new DefaultExternalUrl(stack, "external-url", { appName: "mlflow-dev" });
    new TerraformOutput(stack, "url", { value: url.url });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const [name, domains] = Object.entries(json.data.azuread_domains as Json)[0] as [string, Json];
    expect(domains).toEqual(expect.objectContaining({ only_initial: true }));
    expect(json.output.url.value).toBe(
      `https://mlflow-dev-\${lower(element(split(".", data.azuread_domains.${name}.domains[0].domain_name), 0))}.msappproxy.net/`,
    );
  });
});
