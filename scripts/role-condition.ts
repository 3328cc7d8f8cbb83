/**
 * `npm run --silent role-condition`: the role-assignment condition (version 2.0) for a deploy identity that holds
 * Role Based Access Control Administrator instead of User Access Administrator, generated from the roles the
 * synthesized stacks assign; one line on stdout, for `az role assignment create --condition`. The roles and where
 * they are assigned go to stderr. Reads cdktf.out (`--out <dir>` to change); run `npx cdktf synth` first.
 * Usage: docs/ci-cd.md ("Azure roles").
 */
import { optionValue } from "./lib/cli-options";
import { assignedRoles, roleAssignmentCondition, RoleConditionError } from "./lib/role-condition";
import { readSynthesizedStacks, SynthesizedOutputError } from "./lib/synthesized";

try {
  const roles = assignedRoles(
    readSynthesizedStacks(optionValue(process.argv.slice(2), "--out") ?? "cdktf.out"),
  );
  for (const role of roles) {
    console.error(`# ${role.name} (${role.id}): ${role.assignments.length} assignment(s), ${role.usedFor}`);
  }
  console.log(roleAssignmentCondition(roles));
} catch (error) {
  console.error(
    error instanceof SynthesizedOutputError || error instanceof RoleConditionError ? error.message : error,
  );
  process.exit(1);
}
