import { isPinned, parseImageReference } from "../constructs/image-reference";
import { resolveConfig } from "../constructs/config";
import { containerImage } from "../constructs/easyauth/container-image";

const DIGEST = `sha256:${"ab".repeat(32)}`;

describe("parseImageReference: one parser for every image reference", () => {
  test.each([
    ["ghcr.io/mlflow/mlflow:v3.15.2-full", "ghcr.io", "mlflow/mlflow", "v3.15.2-full", undefined],
    ["registry.example:5000/team/mlflow:1", "registry.example:5000", "team/mlflow", "1", undefined],
    ["localhost/mlflow:dev", "localhost", "mlflow", "dev", undefined],
    ["mlflow/mlflow:v3.15.2-full", undefined, "mlflow/mlflow", "v3.15.2-full", undefined],
    ["python", undefined, "python", undefined, undefined],
    [`myacr.azurecr.io/mlflow@${DIGEST}`, "myacr.azurecr.io", "mlflow", undefined, DIGEST],
    [`myacr.azurecr.io/mlflow:3@${DIGEST}`, "myacr.azurecr.io", "mlflow", "3", DIGEST],
  ])("%s", (text, registry, repository, tag, digest) => {
    expect(parseImageReference(text)).toEqual({ registry, repository, tag, digest });
  });

  test.each([
    "",
    "ghcr.io/MLflow/mlflow:1",
    "ghcr.io/mlflow/mlflow:",
    "mlflow@sha256:abc",
    "a b:1",
    "ghcr.io/:1",
  ])("%j is not an image reference", (text) => expect(parseImageReference(text)).toBeUndefined());

  test("a tag other than latest, or a digest, pins an image", () => {
    expect(isPinned(parseImageReference("ghcr.io/mlflow/mlflow:v3.15.2")!)).toBe(true);
    expect(isPinned(parseImageReference(`ghcr.io/mlflow/mlflow@${DIGEST}`)!)).toBe(true);
    expect(isPinned(parseImageReference("ghcr.io/mlflow/mlflow:latest")!)).toBe(false);
    expect(isPinned(parseImageReference("ghcr.io/mlflow/mlflow")!)).toBe(false);
  });
});

describe("the users of the parser agree", () => {
  const base = { authMode: "easyauth", location: "westeurope", addressSpace: "10.40.0.0/24" };
  const configAccepts = (image: string) => {
    try {
      resolveConfig("dev", { ...base, mlflow: { image } });
      return true;
    } catch {
      return false;
    }
  };

  test("config refuses an image without a registry, which the VM's podman would refuse too", () => {
    expect(configAccepts("mlflow/mlflow:v3.15.2-full")).toBe(false);
    expect(configAccepts("ghcr.io/mlflow/mlflow:v3.15.2-full")).toBe(true);
  });

  test("config accepts a tag with a digest (Docker's grammar allows both)", () => {
    expect(configAccepts(`ghcr.io/mlflow/mlflow:v3.15.2-full@${DIGEST}`)).toBe(true);
  });

  test("App Service gets the registry URL and the name without it for every image config accepts", () => {
    expect(containerImage(`myacr.azurecr.io/team/mlflow:3@${DIGEST}`)).toEqual({
      registryUrl: "https://myacr.azurecr.io",
      imageName: `team/mlflow:3@${DIGEST}`,
    });
  });
});
