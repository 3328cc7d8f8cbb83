export { SecurityRulePack, type SecurityRulePackProps, type Finding, type FindingLevel } from "./rule-pack";
export { COMPLIANT, NOT_APPLICABLE, verdict, type Rule, type RuleResult } from "./rule";
export { ALL_RULES, DEPLOYABILITY_RULES, SECURITY_RULES } from "./rules";
export { suppressRule, MIN_SUPPRESSION_REASON_LENGTH, type RuleSuppression } from "./suppressions";
export { synthesizeStack, SynthesizedStack, type SynthesizedElement } from "./synthesized";
export { UndecidableValue } from "./values";
