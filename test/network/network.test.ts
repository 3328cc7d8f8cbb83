import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Testing } from "cdktf";
import { ResourceNames } from "../../constructs/naming";
import { Network, subnetPrefixes } from "../../constructs/network";
import { refTo, resourceAt, resourcesOf, type TerraformJson } from "../support/json";

/** A Network alone, in a stack with nothing but its resource group. */
function synthNetwork(mlflowVmSourceCidrs?: string[]): TerraformJson {
  return JSON.parse(
    Testing.synthScope((scope) => {
      const names = new ResourceNames("test", "t3st01");
      const resourceGroup = new ResourceGroup(scope, "resource-group", {
        name: names.resourceGroup,
        location: "westeurope",
      });
      new Network(scope, "network", {
        names,
        resourceGroup,
        addressSpace: "10.50.0.0/24",
        mlflowVmSourceCidrs,
        tags: { application: "mlflow", environment: "test" },
      });
    }),
  ) as TerraformJson;
}

const json = synthNetwork();
const subnets = resourcesOf(json, "azurerm_subnet");
const rules = resourcesOf(json, "azurerm_network_security_rule");

describe("subnet layout", () => {
  test("the five subnets are carved from the start of the address space without overlap", () => {
    expect(subnetPrefixes("10.50.0.0/24")).toEqual({
      appService: "10.50.0.0/26",
      privateEndpoints: "10.50.0.64/28",
      postgres: "10.50.0.80/28",
      mlflowVm: "10.50.0.96/28",
      connector: "10.50.0.112/28",
    });
  });

  test("a larger address space keeps the same layout at its start", () => {
    expect(subnetPrefixes("172.16.0.0/16").connector).toBe("172.16.0.112/28");
  });

  test("the VNet uses the configured address space", () => {
    expect(resourceAt(json, "azurerm_virtual_network", "network/virtual-network")).toMatchObject({
      address_space: ["10.50.0.0/24"],
    });
  });

  test("all five subnets exist, none with default outbound access", () => {
    expect(Object.keys(subnets).map((p) => p.split("/").pop())).toEqual(
      expect.arrayContaining([
        "subnet-app-service",
        "subnet-private-endpoints",
        "subnet-postgres",
        "subnet-mlflow-vm",
        "subnet-connector",
      ]),
    );
    for (const subnet of Object.values(subnets)) expect(subnet.default_outbound_access_enabled).toBe(false);
  });

  test("NSG rules apply to the private endpoints too (network policies enabled on their subnet)", () => {
    expect(
      resourceAt(json, "azurerm_subnet", "subnet-private-endpoints").private_endpoint_network_policies,
    ).toBe("Enabled");
  });

  test("App Service integration and PostgreSQL subnets are delegated to their services", () => {
    expect(resourceAt(json, "azurerm_subnet", "subnet-app-service").delegation).toEqual([
      expect.objectContaining({
        service_delegation: expect.objectContaining({ name: "Microsoft.Web/serverFarms" }),
      }),
    ]);
    expect(resourceAt(json, "azurerm_subnet", "subnet-postgres").delegation).toEqual([
      expect.objectContaining({
        service_delegation: expect.objectContaining({ name: "Microsoft.DBforPostgreSQL/flexibleServers" }),
      }),
    ]);
  });
});

describe("network security groups", () => {
  test("every subnet is associated with its own NSG", () => {
    const associations = Object.values(
      resourcesOf(json, "azurerm_subnet_network_security_group_association"),
    );
    expect(associations).toHaveLength(5);
    for (const path of Object.keys(subnets)) {
      const name = path
        .split("/")
        .pop()!
        .replace(/^subnet-/, "");
      expect(associations).toContainEqual({
        subnet_id: refTo(json, "azurerm_subnet", `subnet-${name}`, "id"),
        network_security_group_id: refTo(json, "azurerm_network_security_group", `nsg-${name}`, "id"),
      });
    }
  });

  test("no rule allows inbound traffic from the internet", () => {
    const open = ["*", "Internet", "Any", "0.0.0.0/0", "0.0.0.0"];
    for (const rule of Object.values(rules)) {
      if (rule.access !== "Allow" || rule.direction !== "Inbound") continue;
      const sources = [rule.source_address_prefix, ...((rule.source_address_prefixes as string[]) ?? [])];
      for (const source of sources) expect(open).not.toContain(source);
    }
  });

  test("MLflow's port on the VM subnet is reachable from the connector subnet only", () => {
    expect(
      resourceAt(json, "azurerm_network_security_rule", "nsg-mlflow-vm-AllowMlflowFromConnectors"),
    ).toMatchObject({
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      priority: 100,
      source_address_prefixes: ["10.50.0.112/28"],
      destination_address_prefix: "10.50.0.96/28",
      destination_port_range: "5000",
    });
    expect(resourceAt(json, "azurerm_network_security_rule", "nsg-mlflow-vm-DenyVnetInBound")).toMatchObject({
      access: "Deny",
      source_address_prefixes: ["VirtualNetwork"],
      destination_port_range: "*",
      priority: 4000,
    });
  });

  test("PostgreSQL admits 5432 from the two MLflow hosts and from its own subnet (HA), then refuses the VNet", () => {
    const postgresRules = Object.fromEntries(
      Object.entries(rules)
        .filter(([path, rule]) => path.includes("nsg-postgres-") && rule.direction === "Inbound")
        .map(([, rule]) => [rule.name, rule]),
    );
    expect(Object.keys(postgresRules).sort()).toEqual([
      "AllowPostgresFromMlflowHosts",
      "AllowPostgresSubnet",
      "DenyVnetInBound",
    ]);
    expect(postgresRules.AllowPostgresFromMlflowHosts).toMatchObject({
      access: "Allow",
      protocol: "Tcp",
      destination_port_range: "5432",
      // appService (VNet integration) and mlflowVm; the connector subnet is not among them.
      source_address_prefixes: ["10.50.0.0/26", "10.50.0.96/28"],
    });
    expect(postgresRules.AllowPostgresSubnet).toMatchObject({
      protocol: "Tcp",
      destination_port_range: "5432",
      source_address_prefixes: ["10.50.0.80/28"],
    });
    expect(postgresRules.DenyVnetInBound).toMatchObject({ access: "Deny", priority: 4000 });
  });

  test("private endpoints admit 443 from the MLflow hosts and the connectors (Key Vault token), then refuse the VNet", () => {
    const endpointRules = Object.fromEntries(
      Object.entries(rules)
        .filter(([path]) => path.includes("nsg-private-endpoints-"))
        .map(([, rule]) => [rule.name, rule]),
    );
    expect(endpointRules.AllowHttpsFromMlflowHosts).toMatchObject({
      destination_port_range: "443",
      source_address_prefixes: ["10.50.0.0/26", "10.50.0.96/28"],
    });
    expect(endpointRules.AllowHttpsFromConnectors).toMatchObject({
      destination_port_range: "443",
      source_address_prefixes: ["10.50.0.112/28"],
    });
    expect(endpointRules.DenyVnetInBound).toMatchObject({
      access: "Deny",
      source_address_prefixes: ["VirtualNetwork"],
    });
  });

  test("CIDRs in mlflowVmSourceCidrs reach MLflow's port, and nothing else is opened", () => {
    const withCidrs = synthNetwork(["10.60.0.0/24"]);
    expect(
      resourceAt(withCidrs, "azurerm_network_security_rule", "nsg-mlflow-vm-AllowMlflowFromListedCidrs"),
    ).toMatchObject({
      access: "Allow",
      source_address_prefixes: ["10.60.0.0/24"],
      destination_port_range: "5000",
    });
  });

  test("PostgreSQL may reach Microsoft Entra ID (HTTPS to the AzureActiveDirectory tag): Entra sign-in is the only way in", () => {
    expect(
      resourceAt(json, "azurerm_network_security_rule", "nsg-postgres-AllowAzureActiveDirectoryOutBound"),
    ).toMatchObject({
      direction: "Outbound",
      access: "Allow",
      protocol: "Tcp",
      source_address_prefix: "10.50.0.80/28",
      destination_address_prefix: "AzureActiveDirectory",
      destination_port_range: "443",
      network_security_group_name: refTo(json, "azurerm_network_security_group", "nsg-postgres", "name"),
    });
  });

  test("no other subnet gets an outbound rule: Azure's defaults stay (egress through the NAT gateway)", () => {
    const outbound = Object.entries(rules).filter(([, rule]) => rule.direction === "Outbound");
    expect(outbound.map(([path]) => path.split("/").pop())).toEqual([
      "nsg-postgres-AllowAzureActiveDirectoryOutBound",
    ]);
  });

  test("the connector subnet accepts nothing from the rest of the VNet", () => {
    expect(resourceAt(json, "azurerm_network_security_rule", "nsg-connector-DenyVnetInBound")).toMatchObject({
      access: "Deny",
      direction: "Inbound",
    });
  });
});

describe("egress", () => {
  test("the NAT gateway serves exactly the subnets whose workloads need the internet", () => {
    const associations = Object.values(resourcesOf(json, "azurerm_subnet_nat_gateway_association"));
    expect(associations.map((a) => a.subnet_id).sort()).toEqual(
      ["app-service", "mlflow-vm", "connector"]
        .map((s) => refTo(json, "azurerm_subnet", `subnet-${s}`, "id"))
        .sort(),
    );
  });

  test("the NAT gateway's public IP is a Standard static address attached to it", () => {
    expect(resourceAt(json, "azurerm_public_ip", "egress/public-ip")).toMatchObject({
      sku: "Standard",
      allocation_method: "Static",
    });
    expect(
      resourceAt(json, "azurerm_nat_gateway_public_ip_association", "egress/public-ip-association"),
    ).toMatchObject({
      nat_gateway_id: refTo(json, "azurerm_nat_gateway", "egress/nat-gateway", "id"),
      public_ip_address_id: refTo(json, "azurerm_public_ip", "egress/public-ip", "id"),
    });
  });
});

describe("private DNS", () => {
  test.each([
    ["blob", "privatelink.blob.core.windows.net"],
    ["key-vault", "privatelink.vaultcore.azure.net"],
    ["postgres", "mlflow-test.private.postgres.database.azure.com"],
  ])("the %s zone exists and is linked to the VNet without auto-registration", (id, zoneName) => {
    expect(resourceAt(json, "azurerm_private_dns_zone", `private-dns/${id}`)).toMatchObject({
      name: zoneName,
    });
    expect(
      resourceAt(json, "azurerm_private_dns_zone_virtual_network_link", `private-dns/${id}-link`),
    ).toMatchObject({
      private_dns_zone_name: refTo(json, "azurerm_private_dns_zone", `private-dns/${id}`, "name"),
      virtual_network_id: refTo(json, "azurerm_virtual_network", "virtual-network", "id"),
      registration_enabled: false,
    });
  });
});
