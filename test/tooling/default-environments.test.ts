import { billOfMaterials } from "../../scripts/lib/bill-of-materials";
import { pipelineStack } from "../../scripts/lib/pipeline-stacks";
import { buildStackGraph } from "../../scripts/lib/stack-graph";
import type { SynthesizedStack, TerraformJson } from "../../scripts/lib/synthesized";
import { DEV_LIKE, PROD_LIKE, synthStack } from "../support/synth";

/** The tooling on what MlflowStack really synthesizes, so a construct change that breaks it fails here. */
function synthesized(config: typeof DEV_LIKE, name: string): SynthesizedStack {
  return { name: `mlflow-${name}`, json: synthStack(config, name).json as unknown as TerraformJson };
}

const easyAuth = synthesized(DEV_LIKE, "dev");
const appProxy = synthesized(PROD_LIKE, "prod");

describe("tooling on the synthesized default environments", () => {
  test("EasyAuth deploys with the workload identity; App Proxy needs a person (delegated-only Graph calls)", () => {
    expect(pipelineStack(easyAuth)).toMatchObject({ environment: "dev", signIn: "workload-identity" });
    expect(pipelineStack(appProxy)).toMatchObject({ environment: "prod", signIn: "user" });
  });

  test("the diagram groups network, data plane and the front door of each mode", () => {
    const groups = (stack: SynthesizedStack) =>
      new Set(buildStackGraph(stack).nodes.map((node) => node.group[0]));
    expect([...groups(easyAuth)]).toEqual(expect.arrayContaining(["network", "data", "easyauth"]));
    expect([...groups(appProxy)]).toEqual(expect.arrayContaining(["network", "data", "app-proxy"]));
    expect(buildStackGraph(easyAuth).edges.length).toBeGreaterThan(0);
  });

  test("the bill of materials lists the compute each mode pays for", () => {
    const resources = (stack: SynthesizedStack) => billOfMaterials(stack).lines.map((line) => line.resource);
    expect(resources(easyAuth)).toEqual(
      expect.arrayContaining([
        "App Service plan",
        "PostgreSQL flexible server",
        "NAT gateway",
        "Private endpoint",
      ]),
    );
    expect(resources(appProxy)).toEqual(
      expect.arrayContaining([
        "Virtual machine (Linux)",
        "PostgreSQL flexible server",
        "Microsoft Entra ID P1 or P2 licence",
      ]),
    );
  });
});
