import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { dataPreventDestroy } from "../../../constructs/policy/rules/data-prevent-destroy";
import { keyVault, postgresServer, storageAccount } from "./fixtures";
import type { RuleCase } from "./rule-case";

export const DATA_PROTECTION_CASES: readonly RuleCase[] = [
  {
    rule: dataPreventDestroy,
    compliant: (scope) => {
      new ResourceGroup(scope, "resource-group", {
        name: "rg",
        location: "westeurope",
        lifecycle: { preventDestroy: true },
      });
      new LogAnalyticsWorkspace(scope, "logs", {
        name: "log",
        location: "westeurope",
        resourceGroupName: "rg",
        lifecycle: { preventDestroy: true },
      });
      storageAccount(scope);
      keyVault(scope);
      postgresServer(scope);
    },
    nonCompliant: (scope) => {
      new ResourceGroup(scope, "resource-group", { name: "rg", location: "westeurope" });
      storageAccount(scope, { lifecycle: { preventDestroy: false } });
    },
    problem:
      /azurerm_resource_group\.resource-group: lifecycle\.prevent_destroy is not true[\s\S]*azurerm_storage_account\.storage/,
  },
];
