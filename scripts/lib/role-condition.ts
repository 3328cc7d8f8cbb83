import { itemsOf, literal, type SynthesizedStack } from "./synthesized";

/**
 * The Azure roles the stacks assign, and the role-assignment condition that lets a deploy identity assign exactly
 * those: Role Based Access Control Administrator (instead of User Access Administrator) constrained to these role
 * definition ids, Learn's "Constrain roles" condition
 * (https://learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples#example-constrain-roles).
 */

export interface BuiltInRole {
  /** The name `role_definition_name` takes, e.g. `Key Vault Secrets User`. */
  readonly name: string;
  /** The role definition id, the same in every tenant. */
  readonly id: string;
  /** What the constructs assign it for (docs/ci-cd.md repeats it). */
  readonly usedFor: string;
}

/** Learn's list of built-in roles, where every id below is read: its anchor is the role's name in lowercase, dashed. */
export const BUILT_IN_ROLES_PAGE =
  "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles";

/**
 * Every built-in role the constructs may assign, with its id from BUILT_IN_ROLES_PAGE (`#<name-in-kebab-case>`).
 * A stack that assigns a role missing here fails `npm run role-condition`, and a test fails until docs/ci-cd.md lists
 * it too.
 */
export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  {
    name: "Key Vault Secrets User",
    id: "4633458b-17de-408a-b874-0445c86b69e6",
    usedFor: "hosts reading their Key Vault secrets (one secret each)",
  },
  {
    name: "Storage Blob Data Contributor",
    id: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    usedFor: "MLflow's identity on the artifact container",
  },
  {
    name: "Log Analytics Reader",
    id: "73c42c96-874c-492b-b04d-ab87d138a893",
    usedFor: "the log alerts' identities on the workspace",
  },
  {
    name: "Virtual Machine Administrator Login",
    id: "1c0163c0-47e6-4577-8991-ea5c82e286e4",
    usedFor: "Entra SSH sign-in to the MLflow VM (App Proxy)",
  },
  {
    name: "Virtual Machine User Login",
    id: "fb879df8-f326-4884-b1cf-06f3ad86be52",
    usedFor: "Entra SSH sign-in to the MLflow VM without sudo (App Proxy)",
  },
];

/** Role Based Access Control Administrator, the role the condition constrains (BUILT_IN_ROLES_PAGE). */
export const ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR_ID = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";

export class RoleConditionError extends Error {}

/** A role some stacks assign, with where. */
export interface AssignedRole extends BuiltInRole {
  /** `<stack>: <address>` of each assignment. */
  readonly assignments: readonly string[];
}

/**
 * Every role the stacks assign (`azurerm_role_assignment.role_definition_name`, or a literal `role_definition_id`),
 * in BUILT_IN_ROLES order. Throws for a role that is not in BUILT_IN_ROLES or is known only at plan time: the
 * condition could not allow it, and the deploy identity would get 403 on that assignment.
 */
export function assignedRoles(stacks: readonly SynthesizedStack[]): AssignedRole[] {
  const found = new Map<string, string[]>();
  for (const stack of stacks) {
    for (const item of itemsOf(stack)) {
      if (item.mode !== "managed" || item.type !== "azurerm_role_assignment") continue;
      const role = roleOf(item.body);
      if (!role) {
        throw new RoleConditionError(
          `${stack.name}: ${item.address} assigns ${describeRole(item.body)}, which is not a built-in role this project knows. ` +
            `Add it to BUILT_IN_ROLES in scripts/lib/role-condition.ts with its id from ${BUILT_IN_ROLES_PAGE}, and to docs/ci-cd.md ("Azure roles").`,
        );
      }
      found.set(role.name, [...(found.get(role.name) ?? []), `${stack.name}: ${item.address}`]);
    }
  }
  return BUILT_IN_ROLES.filter((role) => found.has(role.name)).map((role) => ({
    ...role,
    assignments: found.get(role.name)!,
  }));
}

function roleOf(body: Record<string, unknown>): BuiltInRole | undefined {
  const name = literal(body, "role_definition_name");
  if (typeof name === "string") return BUILT_IN_ROLES.find((role) => role.name === name);
  const id = literal(body, "role_definition_id");
  if (typeof id === "string") {
    const guid = id.split("/").pop()?.toLowerCase();
    return BUILT_IN_ROLES.find((role) => role.id === guid);
  }
  return undefined;
}

function describeRole(body: Record<string, unknown>): string {
  const value = body.role_definition_name ?? body.role_definition_id;
  return value === undefined ? "no role" : JSON.stringify(value);
}

/**
 * The condition (version 2.0) that lets the holder create and delete role assignments of `roles` only, in Learn's
 * "Constrain roles" form: a write must request one of the role definition ids, a delete must remove one.
 */
export function roleAssignmentCondition(roles: readonly BuiltInRole[]): string {
  if (roles.length === 0) {
    throw new RoleConditionError(
      "The stacks assign no role: the deploy identity needs no role-assignment rights at all.",
    );
  }
  const ids = `{${roles.map((role) => role.id).join(", ")}}`;
  const constrain = (action: string, source: string) =>
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/${action}'})) OR ` +
    `(@${source}[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${ids}))`;
  return `${constrain("write", "Request")} AND ${constrain("delete", "Resource")}`;
}
