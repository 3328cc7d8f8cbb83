import { SecurityRulePack } from "../../constructs/policy";
import { secretGeneratedUnread } from "../../constructs/policy/rules/secret-generated-unread";
import { DEV_LIKE, PROD_LIKE, synthStack } from "../support/synth";

/**
 * Issue 16's guarantee on the whole default stacks: MLF-SEC-5 walks every generated secret (random passwords, private
 * keys and the public halves hosts trust, Entra application passwords) and everything that reads it, resources, data
 * sources, outputs and locals, and finds none that Terraform state would keep usable.
 */
describe.each([
  ["dev", DEV_LIKE],
  ["prod", PROD_LIKE],
])("the default %s stack", (name, config) => {
  test("keeps no usable generated secret in state: nothing reads one, but a Windows password its host replaces", () => {
    const { stack } = synthStack(config, name);
    const findings = new SecurityRulePack({ rules: [secretGeneratedUnread] }).evaluate(stack);
    expect(findings.map((finding) => finding.message)).toEqual([]);
  });
});
