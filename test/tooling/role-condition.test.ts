import { readFileSync } from "fs";
import { join } from "path";
import {
  assignedRoles,
  BUILT_IN_ROLES,
  roleAssignmentCondition,
  RoleConditionError,
  type BuiltInRole,
} from "../../scripts/lib/role-condition";
import type { SynthesizedStack, TerraformJson } from "../../scripts/lib/synthesized";
import { DEV_LIKE, PROD_LIKE, synthStack } from "../support/synth";

const GUIDE = readFileSync(join(__dirname, "..", "..", "docs", "ci-cd.md"), "utf8");

/** The roles docs/ci-cd.md lists for the deploy identity's condition: `| [name](built-in roles link) | \`id\` | ...`. */
function rolesInGuide(): Map<string, string> {
  const rows = GUIDE.matchAll(
    /^\| \[([^\]]+)\]\(https:\/\/learn\.microsoft\.com\/azure\/role-based-access-control\/built-in-roles[^)]*\) +\| `([0-9a-f-]{36})` +\|/gm,
  );
  return new Map([...rows].map(([, name, id]) => [name, id]));
}

function stackWith(roleAssignments: Record<string, Record<string, unknown>>): SynthesizedStack {
  return { name: "mlflow-x", json: { resource: { azurerm_role_assignment: roleAssignments } } };
}

describe("the role-assignment condition of a restricted deploy identity", () => {
  test("has Learn's 'Constrain roles' form: writes must request, deletes must remove, one of the role ids", () => {
    // Learn's own example, for Backup Contributor and Backup Reader, as its PowerShell tab writes it on one line:
    // https://learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples#example-constrain-roles
    const backup: BuiltInRole[] = [
      { name: "Backup Contributor", id: "5e467623-bb1f-42f4-a55d-6e525e11384b", usedFor: "" },
      { name: "Backup Reader", id: "a795c7a0-d4a2-40c1-ae25-d81f01202912", usedFor: "" },
    ];
    expect(roleAssignmentCondition(backup)).toBe(
      "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {5e467623-bb1f-42f4-a55d-6e525e11384b, a795c7a0-d4a2-40c1-ae25-d81f01202912})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {5e467623-bb1f-42f4-a55d-6e525e11384b, a795c7a0-d4a2-40c1-ae25-d81f01202912}))",
    );
  });

  test("names the roles the stacks assign, by name or by id, each once", () => {
    const roles = assignedRoles([
      stackWith({
        a: { role_definition_name: "Log Analytics Reader" },
        b: { role_definition_name: "Key Vault Secrets User" },
        c: {
          role_definition_id:
            "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6",
        },
      }),
    ]);
    expect(roles.map((role) => [role.name, role.assignments.length])).toEqual([
      ["Key Vault Secrets User", 2],
      ["Log Analytics Reader", 1],
    ]);
  });

  test("a role the project has no id for fails, naming the stack, the assignment, the role and the fix", () => {
    expect(() => assignedRoles([stackWith({ x: { role_definition_name: "Contributor" } })])).toThrow(
      new RoleConditionError(
        'mlflow-x: azurerm_role_assignment.x assigns "Contributor", which is not a built-in role this project knows. ' +
          "Add it to BUILT_IN_ROLES in scripts/lib/role-condition.ts with its id from " +
          'https://learn.microsoft.com/azure/role-based-access-control/built-in-roles, and to docs/ci-cd.md ("Azure roles").',
      ),
    );
  });

  test("a role known only at plan time fails too: no condition could allow it", () => {
    expect(() => assignedRoles([stackWith({ x: { role_definition_name: "${var.role}" } })])).toThrow(
      /assigns "\$\{var\.role\}", which is not a built-in role this project knows/,
    );
  });
});

describe("docs/ci-cd.md and the roles the stacks assign", () => {
  const stacks: SynthesizedStack[] = [
    { name: "mlflow-dev", json: synthStack(DEV_LIKE, "dev").json as unknown as TerraformJson },
    { name: "mlflow-prod", json: synthStack(PROD_LIKE, "prod").json as unknown as TerraformJson },
  ];

  test("every role a default stack assigns is in the guide's table, with the same role definition id", () => {
    const guide = rolesInGuide();
    const assigned = assignedRoles(stacks);
    expect(assigned.length).toBeGreaterThan(0);
    for (const role of assigned) expect([role.name, guide.get(role.name)]).toEqual([role.name, role.id]);
  });

  test("the guide's table is exactly the roles the project maps to ids, so the generated condition never names an unlisted role", () => {
    expect(Object.fromEntries(rolesInGuide())).toEqual(
      Object.fromEntries(BUILT_IN_ROLES.map((role) => [role.name, role.id])),
    );
  });

  test("the guide tells a restricted deploy identity to use the generated condition", () => {
    expect(GUIDE).toContain('CONDITION="$(npm run --silent role-condition)"');
    expect(GUIDE).toMatch(
      /--role "Role Based Access Control Administrator" [^\n]*\\\n\s+--condition "\$CONDITION" --condition-version "2\.0"/,
    );
  });
});
