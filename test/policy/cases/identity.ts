import { Application } from "@cdktf/provider-azuread/lib/application";
import { ApplicationFromTemplate } from "@cdktf/provider-azuread/lib/application-from-template";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import type { Construct } from "constructs";
import { entraAssignmentRequired } from "../../../constructs/policy/rules/entra-assignment-required";
import { entraSingleTenant } from "../../../constructs/policy/rules/entra-single-tenant";
import { roleAssignmentDataPlane } from "../../../constructs/policy/rules/role-assignment-data-plane";
import { keyVault, storageAccount } from "./fixtures";
import type { RuleCase } from "./rule-case";

const PRINCIPAL = "${azurerm_user_assigned_identity.mlflow.principal_id}";
/** Application Proxy's "on-premises application" gallery template. */
const ON_PREMISES_TEMPLATE = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";

function grant(scope: Construct, role: { name?: string; id?: string }, target: string): RoleAssignment {
  return new RoleAssignment(scope, "grant", {
    principalId: PRINCIPAL,
    roleDefinitionName: role.name,
    roleDefinitionId: role.id,
    scope: target,
  });
}

function container(scope: Construct): StorageContainer {
  return new StorageContainer(scope, "container", {
    name: "mlflow-artifacts",
    storageAccountId: storageAccount(scope).id,
  });
}

export const IDENTITY_CASES: readonly RuleCase[] = [
  {
    rule: entraAssignmentRequired,
    compliant: (scope) =>
      new ServicePrincipal(scope, "sp", { clientId: "c", appRoleAssignmentRequired: true }),
    nonCompliant: (scope) => new ServicePrincipal(scope, "sp", { clientId: "c" }),
    problem: "app_role_assignment_required is unset (the default is false)",
  },
  {
    rule: entraAssignmentRequired,
    name: "an app created from a gallery template",
    compliant: (scope) => {
      const app = new ApplicationFromTemplate(scope, "app", {
        displayName: "MLflow",
        templateId: ON_PREMISES_TEMPLATE,
      });
      new ServicePrincipal(scope, "sp", {
        clientId: app.applicationId,
        useExisting: true,
        appRoleAssignmentRequired: true,
      });
    },
    nonCompliant: (scope) =>
      new ApplicationFromTemplate(scope, "app", { displayName: "MLflow", templateId: ON_PREMISES_TEMPLATE }),
    problem: "no azuread_service_principal adopts the service principal the template created",
  },
  {
    rule: entraSingleTenant,
    compliant: (scope) =>
      new Application(scope, "app", { displayName: "MLflow", signInAudience: "AzureADMyOrg" }),
    nonCompliant: (scope) =>
      new Application(scope, "app", { displayName: "MLflow", signInAudience: "AzureADMultipleOrgs" }),
    problem: 'sign_in_audience is "AzureADMultipleOrgs"',
  },
  {
    rule: roleAssignmentDataPlane,
    compliant: (scope) => grant(scope, { name: "Storage Blob Data Contributor" }, container(scope).id),
    nonCompliant: (scope) =>
      grant(scope, { name: "Storage Blob Data Contributor" }, storageAccount(scope).id),
    problem:
      '"Storage Blob Data Contributor" is granted on azurerm_storage_account.storage.id, not on a storage-container',
  },
  {
    rule: roleAssignmentDataPlane,
    name: "a control-plane role",
    compliant: (scope) => grant(scope, { name: "Key Vault Secrets Officer" }, keyVault(scope).id),
    nonCompliant: (scope) =>
      grant(
        scope,
        { name: "Contributor" },
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-mlflow-dev",
      ),
    problem: 'role "Contributor" is not one of the data-plane roles',
  },
  {
    rule: roleAssignmentDataPlane,
    name: "a Key Vault secret's data-plane URL as scope",
    compliant: (scope) =>
      grant(
        scope,
        { name: "Key Vault Secrets User" },
        "${azurerm_key_vault_secret.uri.resource_versionless_id}",
      ),
    nonCompliant: (scope) =>
      grant(scope, { name: "Key Vault Secrets User" }, "${azurerm_key_vault_secret.uri.versionless_id}"),
    problem:
      '"Key Vault Secrets User" is granted on azurerm_key_vault_secret.uri.versionless_id, not on a key-vault-secret',
  },
  {
    rule: roleAssignmentDataPlane,
    name: "role definition ids and literal ARM scopes",
    compliant: (scope) =>
      grant(
        scope,
        { id: "/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe" },
        "${azurerm_storage_account.storage.id}/blobServices/default/containers/mlflow-artifacts",
      ),
    nonCompliant: (scope) =>
      grant(
        scope,
        { id: "/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe" },
        "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stmlf",
      ),
    problem:
      '"Storage Blob Data Contributor" is granted on /subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stmlf',
  },
];
