import { Construct } from "constructs";
import { withConstructPath } from "../construct-error";
import { MsgraphResource, type MsgraphProvider } from "./msgraph";

/** Graph's root for Application Proxy objects (beta only). */
export const APPLICATION_PROXY_PROFILE_URL = "onPremisesPublishingProfiles/applicationProxy";
/** Absolute beta URL of the connector group collection, the form `@odata.id` references use. */
export const CONNECTOR_GROUPS_ODATA_URL = `https://graph.microsoft.com/beta/${APPLICATION_PROXY_PROFILE_URL}/connectorGroups`;

/**
 * Regions a connector group can be pinned to, so App Proxy serves it from the nearest cloud instance.
 * https://learn.microsoft.com/graph/api/resources/connectorgroup?view=graph-rest-beta
 */
export type ConnectorGroupRegion = "nam" | "eur" | "aus" | "asia" | "ind";

export interface ConnectorGroupProps {
  /** Provider the Graph calls go through (delegated, Azure CLI). */
  readonly provider: MsgraphProvider;
  /**
   * Object id of an existing connector group to publish through. When set, nothing is created here.
   * @default - none: a connector group named `name` is created
   */
  readonly existingGroupId?: string;
  /** Name of the group to create, e.g. `mlflow-dev`. Ignored with `existingGroupId`. */
  readonly name: string;
  /**
   * Region the created group is pinned to. Graph accepts it only while no connector and no application is in the
   * group, so it is set at creation.
   * @default - none: Graph's default, the tenant's region
   */
  readonly region?: ConnectorGroupRegion;
  /**
   * Windows computer names of the connector hosts that should join the group, e.g. `apc-dev-1`: the join commands
   * select connectors by these names.
   * @default - none: the join command takes a connector id
   */
  readonly connectorMachineNames?: readonly string[];
}

/**
 * The connector group MLflow is published through, created here unless an existing group's id is given. Connectors
 * join it after they register (`joinCommands`); destroy needs it empty: constructs/app-proxy/README.md.
 */
export class ConnectorGroup extends Construct {
  /** The created group; undefined when an existing group is used. */
  readonly group: MsgraphResource | undefined;
  /** Object id of the connector group (token when created here). */
  readonly groupId: string;
  /** `@odata.id` that references this group in `$ref` requests. */
  readonly odataId: string;
  /** Shell commands (Azure CLI, bash) that move this environment's registered connectors into the group. */
  readonly joinCommands: string;

  constructor(scope: Construct, id: string, props: ConnectorGroupProps) {
    super(scope, id);
    if (props.existingGroupId === undefined) {
      this.group = new MsgraphResource(this, "group", {
        provider: props.provider,
        url: `${APPLICATION_PROXY_PROFILE_URL}/connectorGroups`,
        apiVersion: "beta",
        body: props.region ? { name: props.name, region: props.region } : { name: props.name },
        responseExportValues: { id: "id", name: "name" },
      });
      this.groupId = this.group.id;
    } else {
      this.group = undefined;
      this.groupId = props.existingGroupId;
    }
    this.odataId = `${CONNECTOR_GROUPS_ODATA_URL}/${this.groupId}`;
    this.joinCommands = withConstructPath(this, () =>
      connectorJoinCommands(this.groupId, props.connectorMachineNames ?? []),
    );
  }
}

/**
 * `az rest` commands that add connectors to a group. `$ref` is escaped for the shell; nothing uses `${` or `%{`, which
 * Terraform would read as interpolation or a directive.
 *
 * With machine names, the connectors are picked by host name: Graph's `machineName` is the name the connector reports,
 * short or fully qualified and in any case (Microsoft's example: `connectorA.redmond.contoso.com`,
 * https://learn.microsoft.com/graph/application-proxy-configure-api), so awk lowercases it, keeps its first label and
 * compares that to each name exactly. A prefix match would let `apc-prod-1` take `apc-prod-10` too; JMESPath, which
 * `--query` speaks, has no lowercase function, hence awk.
 */
export function connectorJoinCommands(groupId: string, machineNames: readonly string[]): string {
  const connectors = `https://graph.microsoft.com/beta/${APPLICATION_PROXY_PROFILE_URL}/connectors`;
  const body = `'{"@odata.id": "${CONNECTOR_GROUPS_ODATA_URL}/${groupId}"}'`;
  const join = (connectorId: string) =>
    `az rest --method post --url "${connectors}/${connectorId}/memberOf/\\$ref" --body ${body}`;
  if (machineNames.length === 0) {
    return [
      "# List the registered connectors, then add each one that should serve MLflow:",
      `az rest --method get --url "${connectors}" --query "value[].{id:id, machineName:machineName, status:status}" -o table`,
      join("<connector-id>"),
    ].join("\n");
  }
  for (const name of machineNames) {
    if (!/^[A-Za-z0-9-]+$/.test(name)) {
      throw new Error(
        `connectorJoinCommands: "${name}" is not a Windows computer name (letters, digits, hyphens).`,
      );
    }
  }
  const wanted = machineNames.map((name) => name.toLowerCase()).join(" ");
  const pick =
    `awk -v wanted='${wanted}' 'BEGIN { n = split(wanted, w, " "); for (i = 1; i <= n; i++) keep[w[i]] = 1 } ` +
    `{ host = tolower($2); sub(/[.].*/, "", host); if (host in keep) print $1 }'`;
  return [
    "# After the connectors have registered (az login as an Application Administrator first):",
    `az rest --method get --url "${connectors}" --query "value[].[id, machineName]" -o tsv | ${pick} |`,
    "  while read -r id; do",
    `    ${join("$id")}`,
    "  done",
  ].join("\n");
}
