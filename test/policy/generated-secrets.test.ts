import { SecurityRulePack } from "../../constructs/policy";
import { secretGeneratedUnread } from "../../constructs/policy/rules/secret-generated-unread";
import { DEV_LIKE, PROD_LIKE, synthStack } from "../support/synth";

/** EasyAuth with the client secret the operator stored (constructs/easyauth/client-secret-steps.ts). */
const DEV_CLIENT_SECRET = {
  ...DEV_LIKE,
  easyAuth: {
    clientCredential: "client-secret",
    clientSecretKeyVaultSecretId: "https://kv-mlf-dev-x7k2.vault.azure.net/secrets/easyauth-client-secret",
  },
} as const;

/**
 * Issue 16's guarantee on the whole default stacks: MLF-SEC-5 walks every generated secret (random passwords, private
 * keys and the public halves hosts trust, Entra application passwords) and everything that reads it, resources, data
 * sources, outputs and locals, and finds none that Terraform state would keep usable. EasyAuth's client-secret mode
 * too: the secret is created outside Terraform and only its id is in the stack.
 */
describe.each([
  ["default dev", "dev", DEV_LIKE],
  ["default prod", "prod", PROD_LIKE],
  ["dev with EasyAuth's client secret", "dev", DEV_CLIENT_SECRET],
])("the %s stack", (_label, name, config) => {
  test("keeps no usable generated secret in state: nothing reads one, but a Windows password its host replaces", () => {
    const { stack } = synthStack(config, name);
    const findings = new SecurityRulePack({ rules: [secretGeneratedUnread] }).evaluate(stack);
    expect(findings.map((finding) => finding.message)).toEqual([]);
  });
});

test("EasyAuth's client-secret mode passes the whole rule pack (and has no Entra application password for MLF-SEC-5 to refuse)", () => {
  const { stack, json } = synthStack(DEV_CLIENT_SECRET, "dev");
  expect(json.resource.azuread_application_password).toBeUndefined();
  expect(new SecurityRulePack().evaluate(stack).map((finding) => finding.message)).toEqual([]);
});
