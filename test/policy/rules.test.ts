import { ALL_RULES } from "../../constructs/policy";
import { AUTHZ_CASES } from "./cases/authz";
import { COMPUTE_NETWORK_CASES } from "./cases/compute-network";
import { DATA_PROTECTION_CASES } from "./cases/data-protection";
import { DEPLOYABILITY_CASES } from "./cases/deployability";
import { IDENTITY_CASES } from "./cases/identity";
import { KEY_VAULT_CASES } from "./cases/key-vault";
import { POSTGRES_CASES } from "./cases/postgres";
import { describeRuleCases } from "./cases/rule-case";
import { SECRET_CASES } from "./cases/secrets";
import { STORAGE_CASES } from "./cases/storage";
import { WEB_CASES } from "./cases/web";

const ALL_CASES = [
  ...WEB_CASES,
  ...STORAGE_CASES,
  ...KEY_VAULT_CASES,
  ...POSTGRES_CASES,
  ...COMPUTE_NETWORK_CASES,
  ...IDENTITY_CASES,
  ...DATA_PROTECTION_CASES,
  ...SECRET_CASES,
  ...DEPLOYABILITY_CASES,
  ...AUTHZ_CASES,
];

describeRuleCases("web apps", WEB_CASES);
describeRuleCases("storage", STORAGE_CASES);
describeRuleCases("Key Vault", KEY_VAULT_CASES);
describeRuleCases("PostgreSQL", POSTGRES_CASES);
describeRuleCases("VMs, NICs, NSGs, subnets, public IPs", COMPUTE_NETWORK_CASES);
describeRuleCases("Entra and role assignments", IDENTITY_CASES);
describeRuleCases("data protection", DATA_PROTECTION_CASES);
describeRuleCases("secrets", SECRET_CASES);
describeRuleCases("deployability", DEPLOYABILITY_CASES);
describeRuleCases("MLflow's Entra authorization (permissions)", AUTHZ_CASES);

test("every rule of the pack has a compliant and a non-compliant test case", () => {
  const tested = new Set(ALL_CASES.map((ruleCase) => ruleCase.rule.id));
  expect(ALL_RULES.map((rule) => rule.id).filter((id) => !tested.has(id))).toEqual([]);
});

test("rule ids are unique and follow MLF-<AREA>-<n>", () => {
  const ids = ALL_RULES.map((rule) => rule.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^MLF-[A-Z]+-\d+$/);
});
