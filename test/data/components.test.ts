import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { Testing } from "cdktf";
import type { Construct } from "constructs";
import { DEFAULTS } from "../../constructs/config";
import { ArtifactStore, SecretStore } from "../../constructs/data";
import { ResourceNames } from "../../constructs/naming";
import { resourceAt, resourcesOf, type TerraformJson } from "../support/json";

/** Just what a data component needs: a resource group, a workspace, a subnet and a DNS zone (no network, no stack). */
function base(scope: Construct) {
  const names = new ResourceNames("test", "t3st01");
  const resourceGroup = new ResourceGroup(scope, "resource-group", { name: "rg", location: "westeurope" });
  const logAnalytics = new LogAnalyticsWorkspace(scope, "logs", {
    name: "log",
    resourceGroupName: "rg",
    location: "westeurope",
  });
  const subnet = new Subnet(scope, "subnet", {
    name: "snet",
    resourceGroupName: "rg",
    virtualNetworkName: "vnet",
    addressPrefixes: ["10.0.0.0/28"],
  });
  const dnsZone = new PrivateDnsZone(scope, "zone", { name: "privatelink.example", resourceGroupName: "rg" });
  return { names, resourceGroup, logAnalytics, subnet, dnsZone };
}

describe("data components are built from what they use, and alone", () => {
  test("a SecretStore: the vault, its private endpoint in the given subnet and zone, its diagnostics", () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        new SecretStore(scope, "secrets", { ...base(scope), tenantId: "tenant", softDeleteRetentionDays: 7 });
      }),
    ) as TerraformJson;
    expect(resourceAt(json, "azurerm_key_vault", "secrets/key-vault")).toMatchObject({
      name: "kv-mlf-test-t3st01",
      tenant_id: "tenant",
      soft_delete_retention_days: 7,
    });
    expect(resourceAt(json, "azurerm_private_endpoint", "secrets/private-endpoint")).toMatchObject({
      subnet_id: "${azurerm_subnet.subnet.id}",
      private_dns_zone_group: { private_dns_zone_ids: ["${azurerm_private_dns_zone.zone.id}"] },
    });
    expect(Object.keys(resourcesOf(json, "azurerm_monitor_diagnostic_setting"))).toEqual([
      "secrets/diagnostics",
    ]);
  });

  test("an ArtifactStore with the default storage settings", () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        new ArtifactStore(scope, "artifacts", { ...base(scope), settings: DEFAULTS.storage });
      }),
    ) as TerraformJson;
    expect(resourceAt(json, "azurerm_storage_account", "artifacts/storage-account")).toMatchObject({
      account_replication_type: "ZRS",
      tags: {},
    });
  });
});
