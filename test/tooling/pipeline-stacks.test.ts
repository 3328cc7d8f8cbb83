import { pipelineStack, STACK_ID_PREFIX } from "../../scripts/lib/pipeline-stacks";
import { fixtureStack } from "./fixture";

describe("deploy pipeline matrix", () => {
  test("a stack with no delegated-only provider deploys with the workload identity", () => {
    expect(pipelineStack(fixtureStack("mlflow-alpha"))).toEqual({
      stack: "mlflow-alpha",
      environment: "alpha",
      signIn: "workload-identity",
      reason: "",
      stateBackend: "azurerm",
      image: "ghcr.io/mlflow/mlflow:v3.15.2-full",
    });
  });

  test("the image is the stack's mlflow_image output, and empty for a stack without one", () => {
    expect(pipelineStack(fixtureStack("mlflow-beta")).image).toBe("contoso.azurecr.io/mlflow:3.15.2");
    expect(pipelineStack({ name: "other", json: {} }).image).toBe("");
  });

  test("a stack that uses the msgraph provider (App Proxy publishing) needs a person to sign in, and says why", () => {
    expect(pipelineStack(fixtureStack("mlflow-beta"))).toMatchObject({
      environment: "beta",
      signIn: "user",
      reason: expect.stringMatching(/delegated Graph permissions only/),
    });
  });

  test("a stack without a backend block uses local state, which the deploy job refuses", () => {
    expect(pipelineStack(fixtureStack("mlflow-beta")).stateBackend).toBe("local");
  });

  test("a stack id without the prefix is its own environment name", () => {
    expect(pipelineStack({ name: "other", json: {} }).environment).toBe("other");
  });

  test("the prefix is the one MlflowStack gives its stacks", () => {
    expect(STACK_ID_PREFIX).toBe(require("../../constructs").STACK_ID_PREFIX);
  });
});
