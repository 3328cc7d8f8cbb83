import { Annotations, AnnotationMetadataEntryType, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import type { Rule } from "./rule";
import { ALL_RULES } from "./rules";
import { findSuppression, suppressionsOn, MIN_SUPPRESSION_REASON_LENGTH } from "./suppressions";
import { synthesizeStack, type SynthesizedElement } from "./synthesized";
import { UndecidableValue } from "./values";

/**
 * The security rule pack, a cdktf Aspect (https://developer.hashicorp.com/terraform/cdktf/concepts/aspects).
 * Added to a stack, it judges every element of the stack as it will be synthesized and annotates the construct:
 * - a non-compliant element gets an ERROR annotation, which makes `cdktf synth` (and deploy) fail;
 * - a rule that meets a value known only at plan time gets a WARNING instead of a verdict;
 * - a suppressed finding, and every declared suppression, gets an INFO line, so all of them show in the output.
 */

export type FindingLevel = "error" | "warning" | "suppressed";

export interface Finding {
  readonly ruleId: string;
  readonly level: FindingLevel;
  /** Terraform address of the element, e.g. `azurerm_storage_account.data_storage_1A2B3C4D`. */
  readonly address: string;
  /** The construct the annotation is attached to. */
  readonly construct: IConstruct;
  /** The whole one-line message (rule, resource, what is wrong, how to fix). */
  readonly message: string;
}

export interface SecurityRulePackProps {
  /**
   * The rules to apply.
   * @default - ALL_RULES: every security and deployability rule in constructs/policy/rules
   */
  readonly rules?: readonly Rule[];
}

export class SecurityRulePack implements IAspect {
  readonly rules: readonly Rule[];

  constructor(props: SecurityRulePackProps = {}) {
    this.rules = props.rules ?? ALL_RULES;
    const seen = new Set<string>();
    for (const rule of this.rules) {
      if (seen.has(rule.id))
        throw new Error(`SecurityRulePack: rule id ${rule.id} is used twice; rule ids must be unique.`);
      seen.add(rule.id);
    }
  }

  /** Aspect entry point: judges the whole stack once, when the stack itself is visited. */
  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const findings = this.evaluate(node);
    for (const finding of findings) annotate(finding.construct, levelType(finding.level), finding.message);
    this.reportSuppressions(node, findings);
  }

  /** Every finding for a stack, without annotating anything (for tests and tooling). */
  evaluate(stack: TerraformStack): Finding[] {
    const synthesized = synthesizeStack(stack);
    const findings: Finding[] = [];
    for (const element of synthesized.elements) {
      for (const rule of this.rules) {
        // Typed rules judge managed resources only: a data source of the same type describes something not built here.
        if (
          rule.appliesTo !== "all" &&
          !(element.kind === "resource" && rule.appliesTo.includes(element.type))
        )
          continue;
        const finding = judge(rule, element, () => rule.check(element, synthesized));
        if (finding) findings.push(finding);
      }
    }
    return findings;
  }

  /** Lists every suppression declared in the stack, with how many findings it covered. */
  private reportSuppressions(stack: TerraformStack, findings: readonly Finding[]): void {
    for (const scope of stack.node.findAll()) {
      for (const suppression of suppressionsOn(scope)) {
        const where = scope.node.path || "<root>";
        if (!this.rules.some((rule) => rule.id === suppression.ruleId)) {
          annotate(
            scope,
            AnnotationMetadataEntryType.WARN,
            `[${suppression.ruleId}] is suppressed on ${where}, but the rule pack has no such rule: remove the suppression or fix the id.`,
          );
          continue;
        }
        const covered = findings.filter(
          (finding) =>
            finding.level === "suppressed" &&
            finding.ruleId === suppression.ruleId &&
            findSuppression(finding.construct, suppression.ruleId)?.scope === scope,
        ).length;
        if (covered === 0) {
          annotate(
            scope,
            AnnotationMetadataEntryType.WARN,
            `[${suppression.ruleId}] is suppressed on ${where} ("${suppression.reason}") but nothing there breaks the rule: remove the suppression.`,
          );
        } else {
          annotate(
            scope,
            AnnotationMetadataEntryType.INFO,
            `[${suppression.ruleId}] suppressed on ${where} (${covered} finding${covered === 1 ? "" : "s"}): ${suppression.reason}`,
          );
        }
      }
    }
  }
}

/** Runs one rule on one element and turns its outcome into a finding (undefined when there is nothing to say). */
function judge(
  rule: Rule,
  element: SynthesizedElement,
  check: () => ReturnType<Rule["check"]>,
): Finding | undefined {
  let level: FindingLevel;
  let detail: string;
  try {
    const result = check();
    if (result.status !== "non-compliant") return undefined;
    level = "error";
    detail = `${element.address}: ${result.problems.join("; ")}. Fix: ${rule.fix}`;
  } catch (error) {
    if (error instanceof UndecidableValue) {
      level = "warning";
      detail = `cannot decide for ${element.address}: ${error.message}. Use a literal value, or suppress the rule with a reason.`;
    } else {
      // A rule that throws is a bug in the rule; failing loudly beats passing silently.
      level = "error";
      detail = `the rule failed on ${element.address}: ${error instanceof Error ? error.message : String(error)}.`;
    }
  }
  const suppression = findSuppression(element.construct, rule.id);
  if (suppression) {
    return {
      ruleId: rule.id,
      level: "suppressed",
      address: element.address,
      construct: element.construct,
      message: `[${rule.id}] suppressed for ${element.address} (${suppression.reason}); it would say: ${detail}`,
    };
  }
  const howToAccept = `To accept it, suppressRule(<construct>, "${rule.id}", "<why, ${MIN_SUPPRESSION_REASON_LENGTH}+ characters>").`;
  return {
    ruleId: rule.id,
    level,
    address: element.address,
    construct: element.construct,
    message: `[${rule.id}] ${rule.title} ${detail}${level === "error" ? ` ${howToAccept}` : ""}`,
  };
}

function levelType(level: FindingLevel): AnnotationMetadataEntryType {
  if (level === "error") return AnnotationMetadataEntryType.ERROR;
  if (level === "warning") return AnnotationMetadataEntryType.WARN;
  return AnnotationMetadataEntryType.INFO;
}

/** Adds an annotation once: synthesizing the same stack twice must not repeat messages. */
function annotate(construct: IConstruct, type: AnnotationMetadataEntryType, message: string): void {
  if (construct.node.metadata.some((entry) => entry.type === type && entry.data === message)) return;
  const annotations = Annotations.of(construct);
  if (type === AnnotationMetadataEntryType.ERROR) annotations.addError(message);
  else if (type === AnnotationMetadataEntryType.WARN) annotations.addWarning(message);
  else annotations.addInfo(message);
}
