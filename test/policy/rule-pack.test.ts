import { DataAzurermStorageAccount } from "@cdktf/provider-azurerm/lib/data-azurerm-storage-account";
import { AnnotationMetadataEntryType, Aspects, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { SecurityRulePack, suppressRule, verdict, type Rule } from "../../constructs/policy";
import { storageNoSharedKeys } from "../../constructs/policy/rules/storage-no-shared-keys";
import { azurermProvider, storageAccount } from "./cases/fixtures";

interface Annotation {
  readonly level: "info" | "warning" | "error";
  readonly path: string;
  readonly message: string;
}

const LEVELS: Record<string, Annotation["level"]> = {
  [AnnotationMetadataEntryType.INFO]: "info",
  [AnnotationMetadataEntryType.WARN]: "warning",
  [AnnotationMetadataEntryType.ERROR]: "error",
};

/** A stack with the pack applied the way MlflowStack applies it: as an Aspect on the stack. */
function stackWithPack(rules?: readonly Rule[]): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "policy-test");
  Aspects.of(stack).add(new SecurityRulePack(rules ? { rules } : {}));
  azurermProvider(stack);
  return stack;
}

/** Synthesizes like the test helper does (aspects run) and returns the annotations the CLI would print. */
function annotationsAfterSynth(stack: TerraformStack): Annotation[] {
  Testing.synth(stack);
  return stack.node
    .findAll()
    .flatMap((node) =>
      node.node.metadata
        .filter((entry) => entry.type in LEVELS)
        .map((entry) => ({ level: LEVELS[entry.type], path: node.node.path, message: String(entry.data) })),
    );
}

describe("the rule pack as an Aspect", () => {
  test("a non-compliant resource gets one error annotation naming the rule, the resource, the problem and the fix", () => {
    const stack = stackWithPack([storageNoSharedKeys]);
    storageAccount(stack, { sharedAccessKeyEnabled: true });
    expect(annotationsAfterSynth(stack)).toEqual([
      {
        level: "error",
        path: "policy-test/storage",
        message:
          "[MLF-ST-4] Storage accounts refuse shared-key access (account keys and SAS). azurerm_storage_account.storage: " +
          "shared_access_key_enabled is true (the default is true). Fix: set sharedAccessKeyEnabled: false on the account and " +
          'storageUseAzuread: true on the azurerm provider. To accept it, suppressRule(<construct>, "MLF-ST-4", "<why, 10+ characters>").',
      },
    ]);
  });

  test("a deliberately insecure change (storage shared keys on) makes the real synth fail", () => {
    const stack = stackWithPack();
    storageAccount(stack).addOverride("shared_access_key_enabled", true);
    expect(() => Testing.fullSynth(stack)).toThrow(
      /Encountered Annotations with level "ERROR"[\s\S]*\[MLF-ST-4\][\s\S]*shared_access_key_enabled is true/,
    );
  });

  test("a compliant stack synthesizes with no annotation at all", () => {
    const stack = stackWithPack();
    storageAccount(stack);
    expect(annotationsAfterSynth(stack)).toEqual([]);
    expect(() => Testing.fullSynth(stack)).not.toThrow();
  });

  test("synthesizing twice does not repeat annotations", () => {
    const stack = stackWithPack([storageNoSharedKeys]);
    storageAccount(stack, { sharedAccessKeyEnabled: true });
    Testing.synth(stack);
    expect(annotationsAfterSynth(stack)).toHaveLength(1);
  });

  test("a value known only at plan time gives a warning, not a crash or an error", () => {
    const stack = stackWithPack([storageNoSharedKeys]);
    const keys = new TerraformVariable(stack, "shared_keys", { type: "bool" });
    storageAccount(stack, { sharedAccessKeyEnabled: keys.booleanValue });
    const annotations = annotationsAfterSynth(stack);
    expect(annotations).toHaveLength(1);
    expect(annotations[0].level).toBe("warning");
    expect(annotations[0].message).toContain(
      '[MLF-ST-4] Storage accounts refuse shared-key access (account keys and SAS). cannot decide for azurerm_storage_account.storage: shared_access_key_enabled is the expression "${var.shared_keys}"',
    );
    expect(() => Testing.fullSynth(stack)).not.toThrow();
  });

  test("a rule that throws is reported as an error on the resource, not swallowed", () => {
    const broken: Rule = {
      id: "MLF-TEST-1",
      title: "A rule with a bug.",
      appliesTo: ["azurerm_storage_account"],
      fix: "fix the rule.",
      check: () => {
        throw new TypeError("boom");
      },
    };
    const stack = stackWithPack([broken]);
    storageAccount(stack);
    expect(annotationsAfterSynth(stack)).toEqual([
      expect.objectContaining({
        level: "error",
        message: expect.stringContaining("the rule failed on azurerm_storage_account.storage: boom"),
      }),
    ]);
  });

  test("typed rules judge managed resources only, not data sources or providers of the same name", () => {
    const rule: Rule = {
      id: "MLF-TEST-2",
      title: "t",
      appliesTo: ["azurerm_storage_account", "azurerm"],
      fix: "f",
      check: () => verdict("always"),
    };
    const stack = stackWithPack([rule]);
    new DataAzurermStorageAccount(stack, "existing", { name: "stexisting", resourceGroupName: "rg" });
    Testing.synth(stack);
    expect(new SecurityRulePack({ rules: [rule] }).evaluate(stack)).toEqual([]);
  });

  test("two rules with the same id are refused", () => {
    expect(() => new SecurityRulePack({ rules: [storageNoSharedKeys, storageNoSharedKeys] })).toThrow(
      "SecurityRulePack: rule id MLF-ST-4 is used twice; rule ids must be unique.",
    );
  });
});

describe("suppressions", () => {
  const REASON = "Legacy tool needs a SAS for one week (ticket OPS-42)";

  test("a resource suppression turns the error into an info line that shows the reason, and synth passes", () => {
    const stack = stackWithPack([storageNoSharedKeys]);
    const account = storageAccount(stack, { sharedAccessKeyEnabled: true });
    suppressRule(account, "MLF-ST-4", REASON);
    const annotations = annotationsAfterSynth(stack);
    expect(annotations.filter((annotation) => annotation.level !== "info")).toEqual([]);
    expect(annotations.map((annotation) => annotation.message)).toEqual([
      expect.stringMatching(
        /^\[MLF-ST-4\] suppressed for azurerm_storage_account\.storage \(Legacy tool .*\); it would say: .*shared_access_key_enabled is true/,
      ),
      `[MLF-ST-4] suppressed on policy-test/storage (1 finding): ${REASON}`,
    ]);
    expect(() => Testing.fullSynth(stack)).not.toThrow();
  });

  test("a stack suppression covers every resource in the stack and is listed once on the stack", () => {
    const stack = stackWithPack([storageNoSharedKeys]);
    storageAccount(stack, { sharedAccessKeyEnabled: true }, "one");
    storageAccount(stack, { sharedAccessKeyEnabled: true }, "two");
    suppressRule(stack, "MLF-ST-4", REASON);
    const annotations = annotationsAfterSynth(stack);
    expect(annotations.filter((annotation) => annotation.level === "error")).toEqual([]);
    expect(annotations).toContainEqual({
      level: "info",
      path: "policy-test",
      message: `[MLF-ST-4] suppressed on policy-test (2 findings): ${REASON}`,
    });
  });

  test("a suppression that covers nothing is reported as stale", () => {
    const stack = stackWithPack([storageNoSharedKeys]);
    suppressRule(storageAccount(stack), "MLF-ST-4", REASON);
    expect(annotationsAfterSynth(stack)).toEqual([
      expect.objectContaining({
        level: "warning",
        message: expect.stringContaining("but nothing there breaks the rule: remove the suppression"),
      }),
    ]);
  });

  test("a suppression of a rule the pack does not have is reported", () => {
    const stack = stackWithPack([storageNoSharedKeys]);
    suppressRule(storageAccount(stack), "MLF-ST-99", REASON);
    expect(annotationsAfterSynth(stack)).toEqual([
      expect.objectContaining({
        level: "warning",
        message: expect.stringContaining(
          "[MLF-ST-99] is suppressed on policy-test/storage, but the rule pack has no such rule",
        ),
      }),
    ]);
  });

  test("a reason shorter than 10 characters is refused when the suppression is declared", () => {
    const stack = stackWithPack();
    const account = storageAccount(stack);
    expect(() => suppressRule(account, "MLF-ST-4", "  legacy  ")).toThrow(
      'suppressRule: the reason for MLF-ST-4 on policy-test/storage is "  legacy  "; write at least 10 characters saying why the finding is acceptable here.',
    );
  });

  test("a malformed rule id is refused", () => {
    expect(() => suppressRule(stackWithPack(), "ST-4", REASON)).toThrow(
      'suppressRule: ruleId "ST-4" is not a rule id',
    );
  });
});
