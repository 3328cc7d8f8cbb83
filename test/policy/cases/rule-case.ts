import { Testing, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { SecurityRulePack, type Finding, type Rule } from "../../../constructs/policy";

/** One rule, one compliant and one non-compliant configuration: the shape every rule test takes. */
export interface RuleCase {
  readonly rule: Rule;
  /** What the case shows, e.g. "shared keys on". Defaults to the rule's title. */
  readonly name?: string;
  /** Adds resources that satisfy the rule. */
  readonly compliant: (scope: Construct) => void;
  /** Adds resources that break it. */
  readonly nonCompliant: (scope: Construct) => void;
  /** Text the finding for the non-compliant configuration must contain. */
  readonly problem: string | RegExp;
}

/** Builds a fresh stack and judges it with `rules` only (the pack's default is every rule). */
export function evaluate(build: (scope: Construct) => void, rules?: readonly Rule[]): Finding[] {
  const stack = new TerraformStack(Testing.app(), "policy-test");
  build(stack);
  return new SecurityRulePack(rules ? { rules } : {}).evaluate(stack);
}

/** Registers the two tests of each case. */
export function describeRuleCases(area: string, cases: readonly RuleCase[]): void {
  describe(area, () => {
    for (const { rule, name, compliant, nonCompliant, problem } of cases) {
      const label = `${rule.id} (${name ?? rule.title})`;
      test(`${label}: a compliant resource has no finding`, () => {
        expect(evaluate(compliant, [rule]).map((finding) => finding.message)).toEqual([]);
      });
      test(`${label}: a non-compliant resource fails synth with a message naming rule, resource, problem and fix`, () => {
        const findings = evaluate(nonCompliant, [rule]);
        expect(findings.length).toBeGreaterThan(0);
        for (const finding of findings) {
          expect(finding.level).toBe("error");
          expect(finding.message).toContain(`[${rule.id}]`);
          expect(finding.message).toContain(finding.address);
          expect(finding.message).toContain(`Fix: ${rule.fix}`);
        }
        expect(findings.map((finding) => finding.message).join("\n")).toMatch(problem);
      });
    }
  });
}
