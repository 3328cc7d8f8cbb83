import type { IConstruct } from "constructs";

/**
 * Suppressions: the one way to accept a rule-pack finding, always with a reason a reviewer can read, and always
 * listed in the synth output (the pack prints each one). They live in the construct tree's metadata, so they
 * travel with the construct they are about.
 */

/** Reasons shorter than this say nothing ("ok", "n/a", "temporary"). */
export const MIN_SUPPRESSION_REASON_LENGTH = 10;

const SUPPRESSION_METADATA = "mlflow/policy-suppression";
const RULE_ID = /^MLF-[A-Z]+-\d+$/;

export interface RuleSuppression {
  /** The rule id, e.g. `MLF-ST-4`. */
  readonly ruleId: string;
  /** Why the finding is acceptable here. */
  readonly reason: string;
}

/** A suppression together with the construct it was declared on. */
export interface DeclaredSuppression extends RuleSuppression {
  readonly scope: IConstruct;
}

/**
 * Accepts findings of one rule on `scope`: a resource (that resource only), or any construct above it (every
 * element beneath it; pass the stack for a stack-wide suppression).
 * @throws Error when the rule id is malformed or the reason is shorter than MIN_SUPPRESSION_REASON_LENGTH
 */
export function suppressRule(scope: IConstruct, ruleId: string, reason: string): void {
  if (!RULE_ID.test(ruleId)) {
    throw new Error(
      `suppressRule: ruleId ${JSON.stringify(ruleId)} is not a rule id; use the id the finding printed, e.g. "MLF-ST-4".`,
    );
  }
  if (typeof reason !== "string" || reason.trim().length < MIN_SUPPRESSION_REASON_LENGTH) {
    throw new Error(
      `suppressRule: the reason for ${ruleId} on ${scope.node.path || "<root>"} is ${JSON.stringify(reason)}; ` +
        `write at least ${MIN_SUPPRESSION_REASON_LENGTH} characters saying why the finding is acceptable here.`,
    );
  }
  const suppression: RuleSuppression = { ruleId, reason: reason.trim() };
  scope.node.addMetadata(SUPPRESSION_METADATA, suppression);
}

/** Suppressions declared exactly on `construct`. */
export function suppressionsOn(construct: IConstruct): DeclaredSuppression[] {
  return construct.node.metadata
    .filter((entry) => entry.type === SUPPRESSION_METADATA)
    .map((entry) => ({ ...(entry.data as RuleSuppression), scope: construct }));
}

/** The suppression of `ruleId` that covers `construct` (declared on it or on a scope above it), if any. */
export function findSuppression(construct: IConstruct, ruleId: string): DeclaredSuppression | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const found = suppressionsOn(scope).find((suppression) => suppression.ruleId === ruleId);
    if (found) return found;
  }
  return undefined;
}
