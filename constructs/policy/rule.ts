import type { SynthesizedElement, SynthesizedStack } from "./synthesized";

/**
 * One security rule, in the style of cdk-nag: a pure function over one synthesized element (and, for rules
 * that relate resources, the rest of the stack) that says compliant, non-compliant or not applicable.
 * A rule that meets a value known only at plan time throws `UndecidableValue` (see values.ts); the pack
 * reports that as a warning.
 */
export interface Rule {
  /** Stable id, `MLF-<AREA>-<n>`; suppressions and messages use it. Never reuse a retired id. */
  readonly id: string;
  /** The guarantee, as a sentence: "Storage accounts refuse shared-key (account key and SAS) access." */
  readonly title: string;
  /** Resource types the rule inspects (`azurerm_storage_account`), or "all" for every element (providers, outputs...). */
  readonly appliesTo: readonly string[] | "all";
  /** How to fix a finding, naming the cdktf property to set. */
  readonly fix: string;
  readonly check: (element: SynthesizedElement, stack: SynthesizedStack) => RuleResult;
}

export type RuleResult =
  | { readonly status: "compliant" }
  | { readonly status: "not-applicable" }
  /** `problems`: what is wrong, one short clause each ("shared_access_key_enabled is true"). */
  | { readonly status: "non-compliant"; readonly problems: readonly string[] };

export const COMPLIANT: RuleResult = { status: "compliant" };
export const NOT_APPLICABLE: RuleResult = { status: "not-applicable" };

/** Compliant when no problem is given; non-compliant with the problems otherwise (falsy entries are dropped). */
export function verdict(...problems: (string | false | undefined | null)[]): RuleResult {
  const found = problems.filter(
    (problem): problem is string => typeof problem === "string" && problem.length > 0,
  );
  return found.length === 0 ? COMPLIANT : { status: "non-compliant", problems: found };
}
