import { resolveConfig, SecurityRulePack, type EnvironmentConfig } from "../constructs";
import { DEV_LIKE, PROD_LIKE, synthStack, type TerraformJson } from "./support/synth";

const SPOKE = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-spoke-net";
const VNET = `${SPOKE}/providers/Microsoft.Network/virtualNetworks/vnet-spoke-ml`;
const HUB_DNS =
  "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones";
const WORKSPACE =
  "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-hub-logs/providers/Microsoft.OperationalInsights/workspaces/log-hub";
const ROUTE_TABLE = `${SPOKE}/providers/Microsoft.Network/routeTables/rt-to-firewall`;
const subnet = (name: string, addressPrefix: string) => ({ id: `${VNET}/subnets/${name}`, addressPrefix });
const ZONES = {
  blob: `${HUB_DNS}/privatelink.blob.core.windows.net`,
  keyVault: `${HUB_DNS}/privatelink.vaultcore.azure.net`,
  postgres: `${HUB_DNS}/mlflow.private.postgres.database.azure.com`,
};

/** A spoke of an enterprise landing zone: its VNet, hub DNS zones, central workspace, an existing group. */
export const LANDING_ZONE_EASYAUTH: EnvironmentConfig = {
  ...DEV_LIKE,
  addressSpace: "10.80.0.0/16",
  resourceGroupName: "rg-spoke-ml",
  landingZone: {
    virtualNetwork: {
      id: VNET,
      subnets: {
        appService: subnet("snet-app", "10.80.1.0/26"),
        privateEndpoints: subnet("snet-pe", "10.80.2.0/27"),
        postgres: subnet("snet-psql", "10.80.3.0/28"),
      },
    },
    privateDnsZoneIds: ZONES,
    logAnalyticsWorkspaceId: WORKSPACE,
  },
};
const LANDING_ZONE_APP_PROXY: EnvironmentConfig = {
  ...PROD_LIKE,
  addressSpace: "10.80.0.0/16",
  resourceGroupName: "rg-spoke-ml",
  landingZone: {
    virtualNetwork: {
      id: VNET,
      subnets: {
        privateEndpoints: subnet("snet-pe", "10.80.2.0/27"),
        postgres: subnet("snet-psql", "10.80.3.0/28"),
        mlflowVm: subnet("snet-vm", "10.80.4.0/28"),
        connector: subnet("snet-connector", "10.80.5.0/28"),
      },
    },
    privateDnsZoneIds: ZONES,
    logAnalyticsWorkspaceId: WORKSPACE,
  },
};

/** What a landing zone provides; none of these may be created when it is brought. */
const LANDING_ZONE_TYPES = [
  "azurerm_resource_group",
  "azurerm_virtual_network",
  "azurerm_subnet",
  "azurerm_network_security_group",
  "azurerm_network_security_rule",
  "azurerm_subnet_network_security_group_association",
  "azurerm_subnet_nat_gateway_association",
  "azurerm_subnet_route_table_association",
  "azurerm_nat_gateway",
  "azurerm_public_ip",
  "azurerm_private_dns_zone",
  "azurerm_private_dns_zone_virtual_network_link",
  "azurerm_log_analytics_workspace",
];

const values = (json: TerraformJson, type: string) => Object.values(json.resource[type] ?? {});

describe.each([
  ["easyauth", LANDING_ZONE_EASYAUTH],
  ["app-proxy", LANDING_ZONE_APP_PROXY],
])("bring your own landing zone (%s)", (_mode, config) => {
  const { stack, json } = synthStack(config, "spoke");

  test("creates none of what the landing zone provides", () => {
    expect(LANDING_ZONE_TYPES.filter((type) => json.resource[type] !== undefined)).toEqual([]);
  });

  test("builds in the existing resource group, read at plan so a missing one fails early", () => {
    const group = Object.values(json.data?.azurerm_resource_group ?? {});
    expect(group).toEqual([expect.objectContaining({ name: "rg-spoke-ml" })]);
    const names = new Set(
      Object.values(json.resource)
        .flatMap((byName) => Object.values(byName))
        .map((resource) => resource.resource_group_name)
        .filter((name) => name !== undefined),
    );
    expect(names).toEqual(new Set(["${data.azurerm_resource_group.existing-resource-group.name}"]));
  });

  test("puts the private endpoints and PostgreSQL in the given subnets, with the hub's DNS zones", () => {
    for (const endpoint of values(json, "azurerm_private_endpoint")) {
      expect(endpoint.subnet_id).toBe(`${VNET}/subnets/snet-pe`);
      expect(endpoint.private_dns_zone_group).toEqual(
        expect.objectContaining({ private_dns_zone_ids: [expect.stringMatching(/^\/subscriptions\/1111/)] }),
      );
    }
    const [server] = values(json, "azurerm_postgresql_flexible_server");
    expect(server).toMatchObject({
      delegated_subnet_id: `${VNET}/subnets/snet-psql`,
      private_dns_zone_id: ZONES.postgres,
    });
  });

  test("sends every diagnostic log to the central workspace", () => {
    const settings = values(json, "azurerm_monitor_diagnostic_setting");
    expect(settings.length).toBeGreaterThan(0);
    for (const setting of settings) expect(setting.log_analytics_workspace_id).toBe(WORKSPACE);
  });

  test("passes the security rule pack", () => {
    expect(new SecurityRulePack().evaluate(stack).filter((finding) => finding.level === "error")).toEqual([]);
  });
});

describe("bring your own landing zone: the hosts use the given subnets", () => {
  test("EasyAuth: the web app's VNet integration", () => {
    const [app] = values(synthStack(LANDING_ZONE_EASYAUTH, "spoke").json, "azurerm_linux_web_app");
    expect(app.virtual_network_subnet_id).toBe(`${VNET}/subnets/snet-app`);
  });

  test("App Proxy: the MLflow VM's and connectors' NICs", () => {
    const nics = values(synthStack(LANDING_ZONE_APP_PROXY, "spoke").json, "azurerm_network_interface");
    const subnets = nics.map((nic) => (nic.ip_configuration as { subnet_id: string }[])[0]?.subnet_id);
    expect(new Set(subnets)).toEqual(new Set([`${VNET}/subnets/snet-vm`, `${VNET}/subnets/snet-connector`]));
  });
});

describe("egress through an existing route table (e.g. to the hub firewall) instead of the NAT gateway", () => {
  const { json } = synthStack({ ...DEV_LIKE, landingZone: { egressRouteTableId: ROUTE_TABLE } }, "egress");

  test("no NAT gateway and no public IP; the subnets that need egress get the route table", () => {
    expect(json.resource.azurerm_nat_gateway).toBeUndefined();
    expect(json.resource.azurerm_public_ip).toBeUndefined();
    const associations = values(json, "azurerm_subnet_route_table_association");
    expect(associations).toHaveLength(3);
    for (const association of associations) expect(association.route_table_id).toBe(ROUTE_TABLE);
  });
});

describe("landing-zone settings are checked at synth, one line per problem", () => {
  const lz = LANDING_ZONE_EASYAUTH.landingZone!;
  const vnet = lz.virtualNetwork!;
  const problemsOf = (config: EnvironmentConfig): string => {
    try {
      resolveConfig("spoke", config);
      return "";
    } catch (error) {
      return (error as Error).message;
    }
  };
  const withSubnets = (subnets: object, base = LANDING_ZONE_EASYAUTH): EnvironmentConfig => ({
    ...base,
    landingZone: { ...base.landingZone, virtualNetwork: { id: VNET, subnets: subnets as never } },
  });

  test("a subnet smaller than what runs in it", () => {
    expect(
      problemsOf(withSubnets({ ...vnet.subnets, postgres: subnet("snet-psql", "10.80.3.0/29") })),
    ).toMatch(
      /landingZone\.virtualNetwork\.subnets\.postgres\.addressPrefix: got "10\.80\.3\.0\/29"; expected a \/28 or larger/,
    );
  });

  test("a subnet outside addressSpace, or overlapping another", () => {
    expect(
      problemsOf(withSubnets({ ...vnet.subnets, postgres: subnet("snet-psql", "10.81.3.0/28") })),
    ).toMatch(
      /subnets\.postgres\.addressPrefix: got "10\.81\.3\.0\/28"; expected a prefix inside addressSpace/,
    );
    expect(
      problemsOf(withSubnets({ ...vnet.subnets, postgres: subnet("snet-psql", "10.80.1.0/28") })),
    ).toMatch(
      /subnets\.postgres\.addressPrefix: got "10\.80\.1\.0\/28"; expected a subnet of its own; it overlaps appService/,
    );
  });

  test("a subnet of another VNet", () => {
    const other = {
      id: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/virtualNetworks/z/subnets/a",
      addressPrefix: "10.80.2.0/27",
    };
    expect(problemsOf(withSubnets({ ...vnet.subnets, privateEndpoints: other }))).toMatch(
      /subnets\.privateEndpoints\.id: got ".*virtualNetworks\/z\/subnets\/a"; expected a subnet of that VNet/,
    );
  });

  test("a subnet the mode needs is missing, and one it does not use is refused", () => {
    const { appService: _appService, ...rest } = vnet.subnets;
    expect(problemsOf(withSubnets(rest))).toMatch(
      /subnets\.appService: got nothing; expected \{ id, addressPrefix \}: authMode "easyauth" runs in it/,
    );
    expect(problemsOf(withSubnets({ ...vnet.subnets, mlflowVm: subnet("snet-vm", "10.80.4.0/28") }))).toMatch(
      /subnets\.mlflowVm: got .*; remove it: authMode "easyauth" does not use a mlflowVm subnet/,
    );
  });

  test("a DNS zone id of the wrong zone, a route table with an existing VNet, retention with a central workspace", () => {
    const zones = { ...ZONES, blob: `${HUB_DNS}/privatelink.file.core.windows.net` };
    expect(
      problemsOf({ ...LANDING_ZONE_EASYAUTH, landingZone: { ...lz, privateDnsZoneIds: zones } }),
    ).toMatch(
      /privateDnsZoneIds\.blob: got .*; expected the id of a zone named privatelink\.blob\.core\.windows\.net/,
    );
    expect(
      problemsOf({ ...LANDING_ZONE_EASYAUTH, landingZone: { ...lz, egressRouteTableId: ROUTE_TABLE } }),
    ).toMatch(/landingZone\.egressRouteTableId: got .*; remove it: with landingZone\.virtualNetwork/);
    expect(problemsOf({ ...LANDING_ZONE_EASYAUTH, logAnalytics: { retentionInDays: 90 } })).toMatch(
      /logAnalytics: got .*; remove it: landingZone\.logAnalyticsWorkspaceId is used instead/,
    );
  });

  test("NSG sources with an existing VNet, whose NSGs are the landing zone's", () => {
    const config = {
      ...LANDING_ZONE_APP_PROXY,
      appProxy: { allowedSourceCidrs: ["10.90.0.0/24"] },
    };
    expect(problemsOf(config)).toMatch(
      /appProxy\.allowedSourceCidrs: got .*; remove it: with landingZone\.virtualNetwork the NSGs are the landing zone's/,
    );
  });

  test("the fixtures themselves are valid", () => {
    expect(problemsOf(LANDING_ZONE_EASYAUTH)).toBe("");
    expect(problemsOf(LANDING_ZONE_APP_PROXY)).toBe("");
  });
});
