import { TerraformStack, Testing } from "cdktf";
import { ConstructError, withConstructPath } from "../constructs/construct-error";
import { MlflowEntraApp } from "../constructs/entra";

describe("construct errors name the construct by its path (its Terraform address)", () => {
  test("a construct that refuses its props says where it is", () => {
    const stack = new TerraformStack(Testing.app(), "mlflow-dev");
    expect(
      () =>
        new MlflowEntraApp(stack, "entra-app", {
          displayName: "MLflow (dev)",
          signInGroupObjectIds: ["sales"],
        }),
    ).toThrow(/^mlflow-dev\/entra-app: signInGroupObjectIds: "sales" is not an Entra object id/);
  });

  test("a helper's error is reported as the construct's, once", () => {
    const stack = new TerraformStack(Testing.app(), "mlflow-dev");
    const fail = () =>
      withConstructPath(stack, () =>
        withConstructPath(stack, () => {
          throw new Error("mlflowServer: publicUrls is empty");
        }),
      );
    expect(fail).toThrow(new ConstructError("mlflow-dev", "mlflowServer: publicUrls is empty"));
  });
});
