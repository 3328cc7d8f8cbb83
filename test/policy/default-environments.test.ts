import { LinuxWebApp } from "@cdktf/provider-azurerm/lib/linux-web-app";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { Aspects, Testing } from "cdktf";
import { MlflowStack, STACK_ID_PREFIX } from "../../constructs/mlflow-stack";
import { SecurityRulePack } from "../../constructs/policy";
import { suppressionsOn } from "../../constructs/policy/suppressions";
import { environments } from "../../environments";

function stackFor(name: string): MlflowStack {
  return new MlflowStack(Testing.app(), `${STACK_ID_PREFIX}${name}`, environments[name]);
}

/** One stack per environment for the tests that only read it (a test that changes its stack builds its own). */
const built = new Map<string, MlflowStack>();
function sharedStackFor(name: string): MlflowStack {
  if (!built.has(name)) built.set(name, stackFor(name));
  return built.get(name)!;
}

describe.each(Object.keys(environments))("default environment %s", (name) => {
  test("MlflowStack applies the security rule pack by default", () => {
    expect(Aspects.of(sharedStackFor(name)).all.some((aspect) => aspect instanceof SecurityRulePack)).toBe(
      true,
    );
  });

  test("synthesizes with zero rule-pack findings", () => {
    expect(new SecurityRulePack().evaluate(sharedStackFor(name)).map((finding) => finding.message)).toEqual(
      [],
    );
  });

  test("declares no suppression", () => {
    const stack = sharedStackFor(name);
    expect(stack.node.findAll().flatMap((node) => suppressionsOn(node))).toEqual([]);
  });

  test("a finding fails the synth naming the rule, the resource and the fix: storage shared keys on; with EasyAuth, an excluded path (MLF-AUTHZ-1: the web app runs MLflow's Entra authorization)", () => {
    // One stack, both findings: each full synth costs a tenth of a second of npm test's budget.
    const stack = stackFor(name);
    const account = stack.node
      .findAll()
      .find((node): node is StorageAccount => node instanceof StorageAccount);
    account!.addOverride("shared_access_key_enabled", true);
    const webApp = stack.node.findAll().find((node): node is LinuxWebApp => node instanceof LinuxWebApp);
    webApp?.addOverride("auth_settings_v2.excluded_paths", ["/api/2.0/mlflow/experiments/search"]);
    expect(environments[name].authMode === "easyauth").toBe(webApp !== undefined);
    let message = "";
    try {
      Testing.fullSynth(stack);
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(
      /\[MLF-ST-4\] Storage accounts refuse shared-key access .*azurerm_storage_account\.\S+: shared_access_key_enabled is true.*Fix: set sharedAccessKeyEnabled: false/,
    );
    if (webApp) {
      expect(message).toMatch(
        /\[MLF-AUTHZ-1\].*azurerm_linux_web_app\.\S+: it runs MLflow's Entra authorization function/,
      );
    }
  });
});
