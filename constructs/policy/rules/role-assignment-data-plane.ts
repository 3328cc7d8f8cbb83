import { verdict, type Rule } from "../rule";
import {
  isExpression,
  isPureExpression,
  rawString,
  readString,
  referencesIn,
  UndecidableValue,
} from "../values";

/** What a role assignment's scope points at. */
type ScopeKind =
  "storage-container" | "key-vault-secret" | "key-vault" | "virtual-machine" | "log-analytics-workspace";

/**
 * The roles this deployment may grant, each with the narrowest scopes that make sense. All are data-plane roles
 * (DataActions only): none can change a resource or grant access to others.
 * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
 */
const ALLOWED_ROLES: Record<string, { readonly id: string; readonly scopes: readonly ScopeKind[] }> = {
  "Storage Blob Data Contributor": {
    id: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    scopes: ["storage-container"],
  },
  "Storage Blob Data Reader": { id: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", scopes: ["storage-container"] },
  "Key Vault Secrets User": { id: "4633458b-17de-408a-b874-0445c86b69e6", scopes: ["key-vault-secret"] },
  // The deployer writes secrets before they exist, so the vault is the narrowest scope for it.
  "Key Vault Secrets Officer": {
    id: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
    scopes: ["key-vault", "key-vault-secret"],
  },
  // Read-only, for log alert rules' own identities: "View and search all monitoring data".
  "Log Analytics Reader": {
    id: "73c42c96-874c-492b-b04d-ab87d138a893",
    scopes: ["log-analytics-workspace"],
  },
  "Virtual Machine User Login": { id: "fb879df8-f326-4884-b1cf-06f3ad86be52", scopes: ["virtual-machine"] },
  "Virtual Machine Administrator Login": {
    id: "1c0163c0-47e6-4577-8991-ea5c82e286e4",
    scopes: ["virtual-machine"],
  },
};

/** Which reference gives an ARM id usable as a scope, per resource type (Key Vault secret `id` is a data-plane URL). */
const SCOPE_REFERENCES: Record<string, { readonly kind: ScopeKind; readonly attributes: readonly string[] }> =
  {
    azurerm_storage_container: { kind: "storage-container", attributes: ["id", "resource_manager_id"] },
    azurerm_key_vault_secret: {
      kind: "key-vault-secret",
      attributes: ["resource_id", "resource_versionless_id"],
    },
    azurerm_key_vault: { kind: "key-vault", attributes: ["id"] },
    azurerm_linux_virtual_machine: { kind: "virtual-machine", attributes: ["id"] },
    azurerm_log_analytics_workspace: { kind: "log-analytics-workspace", attributes: ["id"] },
    azurerm_windows_virtual_machine: { kind: "virtual-machine", attributes: ["id"] },
  };

/** ARM id shapes, most specific first. */
const ARM_SCOPES: [RegExp, ScopeKind][] = [
  [
    /\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+\/blobServices\/default\/containers\/[^/]+$/i,
    "storage-container",
  ],
  [/\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+\/secrets\/[^/]+$/i, "key-vault-secret"],
  [/\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i, "key-vault"],
  [/\/providers\/Microsoft\.Compute\/virtualMachines\/[^/]+$/i, "virtual-machine"],
  [/\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i, "log-analytics-workspace"],
];

/** The scope's kind, or a description of what it is when it is none of the allowed kinds. */
function scopeKind(scope: string): ScopeKind | { readonly other: string } {
  if (isPureExpression(scope)) {
    const [reference] = referencesIn(scope);
    const known = reference && SCOPE_REFERENCES[reference.type];
    if (!reference) throw new UndecidableValue("scope", scope);
    if (known && known.attributes.includes(reference.attribute)) return known.kind;
    return {
      other: `${reference.mode === "data" ? "data." : ""}${reference.type}.${reference.name}.${reference.attribute}`,
    };
  }
  // A literal ARM id, or an account/vault reference with a literal child path appended.
  const armLike = scope
    .replace(
      /\$\{(data\.)?azurerm_storage_account\.[^}]+\.id\}/g,
      "/providers/Microsoft.Storage/storageAccounts/x",
    )
    .replace(/\$\{(data\.)?azurerm_key_vault\.[^}]+\.id\}/g, "/providers/Microsoft.KeyVault/vaults/x");
  if (isExpression(armLike)) throw new UndecidableValue("scope", scope);
  const match = ARM_SCOPES.find(([pattern]) => pattern.test(armLike));
  return match ? match[1] : { other: scope };
}

/** The role's name, from role_definition_name or a built-in role definition id. */
function roleName(config: Parameters<Rule["check"]>[0]["config"]): string {
  const name = readString(config, "role_definition_name");
  if (name !== undefined) return name;
  const id = readString(config, "role_definition_id") ?? "";
  const guid = id.split("/").pop()?.toLowerCase();
  return Object.entries(ALLOWED_ROLES).find(([, role]) => role.id === guid)?.[0] ?? id;
}

/**
 * Identities get data-plane roles on exactly what they use: the MLflow identity reads one secret and writes one
 * container; nobody gets Owner, Contributor or a role at resource-group or subscription scope from this code.
 */
export const roleAssignmentDataPlane: Rule = {
  id: "MLF-RBAC-1",
  title: "Role assignments grant data-plane roles at the narrowest scope.",
  appliesTo: ["azurerm_role_assignment"],
  fix: "grant Storage Blob Data Contributor/Reader on the container (id), Key Vault Secrets User on the secret (resourceVersionlessId), Key Vault Secrets Officer on the vault, VM login roles on the VM.",
  check: ({ config }) => {
    const role = roleName(config);
    const allowed = ALLOWED_ROLES[role];
    if (!allowed)
      return verdict(
        `role "${role}" is not one of the data-plane roles ${Object.keys(ALLOWED_ROLES).join(", ")}`,
      );
    const scope = rawString(config, "scope") ?? "";
    const kind = scopeKind(scope);
    return verdict(
      (typeof kind !== "string" || !allowed.scopes.includes(kind)) &&
        `"${role}" is granted on ${typeof kind === "string" ? `a ${kind}` : kind.other}, not on ${allowed.scopes.map((s) => `a ${s}`).join(" or ")}`,
    );
  },
};
