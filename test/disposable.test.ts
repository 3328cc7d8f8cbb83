import { DATA_RESOURCE_TYPES } from "../constructs/policy/rules/data-prevent-destroy";
import { SecurityRulePack } from "../constructs/policy";
import { suppressionsOn } from "../constructs/policy/suppressions";
import { DEV_LIKE, resourcesOf, synthStack } from "./support/synth";

const dataResources = (json: ReturnType<typeof synthStack>["json"]) =>
  DATA_RESOURCE_TYPES.flatMap((type) => Object.entries(resourcesOf(json, type)));
/** Every data resource type is there (the server has two databases: MLflow's and its auth app's). */
const expectEveryDataType = (json: ReturnType<typeof synthStack>["json"]) =>
  expect(DATA_RESOURCE_TYPES.filter((type) => Object.keys(resourcesOf(json, type)).length === 0)).toEqual([]);

describe("an environment keeps its data unless it says it is disposable", () => {
  test("by default: every data resource carries prevent_destroy", () => {
    const { json } = synthStack(DEV_LIKE);
    const resources = dataResources(json);
    expectEveryDataType(json);
    for (const [path, resource] of resources) {
      expect([path, resource.lifecycle]).toEqual([path, expect.objectContaining({ prevent_destroy: true })]);
    }
  });

  test("disposable: no data resource carries prevent_destroy, so cdktf destroy deletes it", () => {
    const { json } = synthStack({ ...DEV_LIKE, disposable: true });
    const resources = dataResources(json);
    expectEveryDataType(json);
    for (const [path, resource] of resources) {
      expect([path, resource.lifecycle]).toEqual([path, expect.objectContaining({ prevent_destroy: false })]);
    }
  });

  test("disposable is visible: MLF-DATA-1 is suppressed with its reason, and synth warns", () => {
    const { stack, json } = synthStack({ ...DEV_LIKE, disposable: true });
    const findings = new SecurityRulePack().evaluate(stack);
    expect(findings.filter((finding) => finding.level === "error").map((finding) => finding.message)).toEqual(
      [],
    );
    const suppressed = findings.filter((finding) => finding.level === "suppressed");
    expect(new Set(suppressed.map((finding) => finding.ruleId))).toEqual(new Set(["MLF-DATA-1"]));
    expect(suppressed).toHaveLength(dataResources(json).length);
    expect(suppressionsOn(stack)).toEqual([
      expect.objectContaining({
        ruleId: "MLF-DATA-1",
        reason: expect.stringContaining("disposable: true"),
      }),
    ]);
    const warnings = stack.node.metadata
      .filter((entry) => entry.type === "@cdktf/warn")
      .map((e) => String(e.data));
    expect(warnings.join("\n")).toMatch(
      /mlflow-test: disposable environment\. `cdktf destroy` deletes its database/,
    );
  });

  test("the other resources are untouched (same JSON apart from the lifecycle of data resources)", () => {
    const keep = synthStack(DEV_LIKE).text;
    const dispose = synthStack({ ...DEV_LIKE, disposable: true }).text;
    const strip = (text: string) => text.replace(/"prevent_destroy": (true|false)/g, "");
    expect(strip(dispose)).toBe(strip(keep));
  });
});
