import { Annotations, TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";
import { DATA_RESOURCE_TYPES } from "./policy/rules/data-prevent-destroy";
import { suppressRule } from "./policy";

/**
 * Turns a stack (or an MlflowTrackingServer) into a throwaway environment (`disposable: true`): every data resource loses `prevent_destroy`, so
 * `cdktf destroy` deletes the database, artifacts, Key Vault (soft-deleted, purge-protected) and logs. Done in one
 * place, after the stack is built, and visible three times: the JSON, a suppression of MLF-DATA-1 with its reason
 * (printed on every synth), and a warning.
 * https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy
 */
export function makeDisposable(stack: IConstruct): void {
  const dataTypes: readonly string[] = DATA_RESOURCE_TYPES;
  for (const node of stack.node.findAll()) {
    if (node instanceof TerraformResource && dataTypes.includes(node.terraformResourceType)) {
      node.addOverride("lifecycle.prevent_destroy", false);
    }
  }
  suppressRule(
    stack,
    "MLF-DATA-1",
    "disposable: true in environments.ts; cdktf destroy deletes this environment's data by design",
  );
  Annotations.of(stack).addWarning(
    `${stack.node.id}: disposable environment. \`cdktf destroy\` deletes its database, artifacts and logs; ` +
      "remove disposable: true before keeping anything in it.",
  );
}
