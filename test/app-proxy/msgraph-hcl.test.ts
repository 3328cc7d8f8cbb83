import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { Application } from "@cdktf/provider-azuread/lib/application";
import { TerraformStack, Testing } from "cdktf";
import { renderAttributes } from "cdktf/lib/hcl/render";
import { dynamicArgument, hclArguments } from "../../constructs/raw-provider";
import {
  MsgraphDataResource,
  MsgraphProvider,
  MsgraphResource,
  MsgraphResourceAction,
  MsgraphUpdateResource,
  type GraphBody,
} from "../../constructs/app-proxy/msgraph";
import { MlflowStack } from "../../constructs";
import { PROD_LIKE } from "../support/json";
import { hasTool } from "../support/tools";

/** Values cdktf's HCL renderer would get wrong if written as they are: a number-like string, quotes, escapes. */
const AWKWARD: GraphBody = {
  port: "5000",
  count: 5000,
  enabled: true,
  nothing: null,
  empty: "",
  quoted: 'say "hi"',
  windowsPath: "C:\\Program Files\\Connector",
  twoLines: "first\nsecond",
  literalTemplate: "not ${an.interpolation} nor %{a directive}",
  jsonLike: "[1, 2]",
  list: ["a", "7", { "@odata.type": "#microsoft.graph.x" }],
};

function synthesize() {
  const stack = new TerraformStack(Testing.app(), "graph");
  new AzureadProvider(stack, "azuread", {});
  const application = new Application(stack, "app", { displayName: "MLflow (test)" });
  const provider = new MsgraphProvider(stack, "msgraph", {
    tenantId: "00000000-0000-0000-0000-000000000001",
  });
  provider.alias = "delegated";
  const group = new MsgraphResource(stack, "group", {
    provider,
    url: "onPremisesPublishingProfiles/applicationProxy/connectorGroups",
    apiVersion: "beta",
    body: { name: "mlflow-test", ...AWKWARD },
    readQueryParameters: { $select: ["name", "region"] },
    responseExportValues: { id: "id" },
  });
  new MsgraphUpdateResource(stack, "publishing", {
    provider,
    url: `applications/${application.objectId}`,
    apiVersion: "beta",
    body: {
      onPremisesPublishing: { externalUrl: "https://mlflow.contoso.com/", isOnPremPublishingEnabled: true },
    },
    readQueryParameters: { $select: ["onPremisesPublishing"] },
  });
  new MsgraphResourceAction(stack, "assignment", {
    provider,
    resourceUrl: `applications/${application.objectId}`,
    action: "connectorGroup/$ref",
    method: "PUT",
    apiVersion: "beta",
    body: { "@odata.id": `https://graph.microsoft.com/beta/connectorGroups/${group.id}` },
  });
  new MsgraphDataResource(stack, "profile", {
    provider,
    url: "onPremisesPublishingProfiles/applicationProxy",
    apiVersion: "beta",
    responseExportValues: { is_enabled: "isEnabled" },
  });
  return { hcl: Testing.synthHcl(stack) as string, json: JSON.parse(Testing.synth(stack)) };
}

/** Top-level blocks start at the beginning of a line (cdktf's HCL does not indent what is inside them). */
const TOP_LEVEL = /^((resource|data|provider|output|variable|module) "|(locals|terraform) \{)/;

/** The text of the first top-level block whose header starts with `header`, up to the next top-level block. */
function block(hcl: string, header: string): string {
  const lines = hcl.split("\n");
  const start = lines.findIndex((line) => line.startsWith(header));
  if (start === -1) throw new Error(`no ${header} in:\n${hcl}`);
  const end = lines.findIndex((line, i) => i > start && TOP_LEVEL.test(line));
  return lines
    .slice(start, end === -1 ? undefined : end)
    .join("\n")
    .trim();
}

describe("msgraph bindings in HCL (cdktf synth --hcl)", () => {
  const { hcl, json } = synthesize();

  test("the provider keeps its settings and its alias, set after construction", () => {
    const provider = block(hcl, 'provider "msgraph" {');
    expect(provider).toContain("use_cli = true");
    expect(provider).toContain('tenant_id = "00000000-0000-0000-0000-000000000001"');
    expect(provider).toContain('alias = "delegated"');
    expect(json.provider.msgraph).toEqual([
      { alias: "delegated", tenant_id: "00000000-0000-0000-0000-000000000001", use_cli: true },
    ]);
  });

  test("msgraph_update_resource keeps url, api_version, body and read_query_parameters", () => {
    const update = block(hcl, 'resource "msgraph_update_resource"');
    expect(update).toMatch(/url = "applications\/\$\{azuread_application\.app\.object_id\}"/);
    expect(update).toContain('api_version = "beta"');
    expect(update).toContain('externalUrl = "https://mlflow.contoso.com/"');
    expect(update).toContain("isOnPremPublishingEnabled = true");
    expect(update).toMatch(/"\$select" = \[\n"onPremisesPublishing",\n\]/);
    expect(update).toContain('provider = "msgraph.delegated"');
  });

  test("msgraph_resource_action keeps resource_url, action, method, api_version and body", () => {
    const action = block(hcl, 'resource "msgraph_resource_action"');
    expect(action).toContain('resource_url = "applications/${azuread_application.app.object_id}"');
    expect(action).toContain('action = "connectorGroup/$ref"');
    expect(action).toContain('method = "PUT"');
    expect(action).toContain('api_version = "beta"');
    expect(action).toContain(
      '"@odata.id" = "https://graph.microsoft.com/beta/connectorGroups/${msgraph_resource.group.id}"',
    );
  });

  test("msgraph_resource and the data source keep their url, api_version and response exports", () => {
    const group = block(hcl, 'resource "msgraph_resource"');
    expect(group).toContain('url = "onPremisesPublishingProfiles/applicationProxy/connectorGroups"');
    expect(group).toContain('name = "mlflow-test"');
    expect(group).toMatch(/response_export_values = \{\nid = "id"\n\}/);
    const profile = block(hcl, 'data "msgraph_resource"');
    expect(profile).toContain('url = "onPremisesPublishingProfiles/applicationProxy"');
    expect(profile).toContain('is_enabled = "isEnabled"');
  });

  test("a number-like string stays a string, and quotes and escapes survive", () => {
    const group = block(hcl, 'resource "msgraph_resource"');
    expect(group).toContain('port = "${"5000"}"');
    expect(group).toContain("count = 5000");
    expect(group).toContain('quoted = "${"say \\"hi\\""}"');
  });

  (hasTool("terraform") ? test : test.skip)("Terraform parses the msgraph HCL (terraform fmt)", () => {
    const graphOnly = hcl
      .split("\n")
      .filter((line) => /^(provider "msgraph"|resource "msgraph_|data "msgraph_)/.test(line))
      .map((header) => block(hcl, header))
      .join("\n");
    const result = spawnSync("terraform", ["fmt", "-"], { input: graphOnly, encoding: "utf8" });
    expect(result.stderr.replace(/^.*(CLI configuration|terraformrc).*$|^[╷╵│\s]*$/gm, "").trim()).toBe("");
    expect(result.status).toBe(0);
  });

  (hasTool("terraform") ? test : test.skip)(
    "Terraform reads every awkward body value back as the value given (terraform console)",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "msgraph-hcl-"));
      try {
        const rendered = renderAttributes(hclArguments({ body: dynamicArgument(AWKWARD) }));
        writeFileSync(join(dir, "main.tf"), `locals {\n${rendered}\n}\n`);
        const result = spawnSync("terraform", ["console"], {
          cwd: dir,
          input: "jsonencode(local.body)\n",
          encoding: "utf8",
          env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
        });
        expect(result.status).toBe(0);
        const printed = result.stdout.trim().split("\n").pop()!;
        expect(JSON.parse(JSON.parse(printed) as string)).toEqual(AWKWARD);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe("the App Proxy front door in HCL", () => {
  const hcl = Testing.synthHcl(new MlflowStack(Testing.app(), "mlflow-prod", PROD_LIKE)) as string;

  test("the publishing calls keep their Graph requests", () => {
    const publishing = block(hcl, 'resource "msgraph_update_resource"');
    expect(publishing).toContain('api_version = "beta"');
    expect(publishing).toContain("onPremisesPublishing = {");
    expect(publishing).toContain('externalAuthenticationType = "aadPreAuthentication"');
    const assignment = block(hcl, 'resource "msgraph_resource_action" "app-proxy_publishing_connector-group');
    expect(assignment).toContain('action = "connectorGroup/$ref"');
    expect(assignment).toContain('method = "PUT"');
    expect(assignment).toContain(
      '"@odata.id" = "https://graph.microsoft.com/beta/onPremisesPublishingProfiles/',
    );
    const check = block(
      hcl,
      'resource "msgraph_resource_action" "app-proxy_publishing_application-proxy-enabled',
    );
    expect(check).toContain('method = "GET"');
    expect(check).toMatch(/headers = \{\nclient-request-id = "\$\{uuid\(\)\}"\n\}/);
    expect(block(hcl, 'provider "msgraph"')).toContain("use_cli = true");
  });

  test("the generated SSH key keeps its request and its one export (azapi bindings share the msgraph renderer)", () => {
    const key = block(hcl, 'resource "azapi_resource" ');
    expect(key).toContain('type = "Microsoft.Compute/sshPublicKeys@2024-11-01"');
    expect(key).toContain('name = "sshkey-vm-mlflow-prod"');
    expect(key).toContain('parent_id = "${azurerm_resource_group.resource-group.id}"');
    const action = block(hcl, 'resource "azapi_resource_action"');
    expect(action).toContain('action = "generateKeyPair"');
    expect(action).toContain('method = "POST"');
    expect(action).toMatch(/response_export_values = \[\n"publicKey",\n\]/);
    expect(hcl).toMatch(/azapi = \{\nversion = "2\.12\.0"\nsource = "Azure\/azapi"\n\}/);
  });
});
