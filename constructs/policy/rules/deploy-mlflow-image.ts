import { parseImageReference } from "../../image-reference";
import { MINIMUM_MLFLOW_VERSION } from "../../mlflow-server";
import { verdict, type Rule } from "../rule";
import { stringsIn } from "../values";

/** The official image's repository, on any registry (`ghcr.io/mlflow/mlflow`, or its bare name on App Service). */
const OFFICIAL_REPOSITORY = "mlflow/mlflow";
/** The release an official tag names: `v3.15.2-full` -> 3.15.2. */
const RELEASE_TAG = /^v?(\d+)\.(\d+)\.(\d+)/;

/** Official MLflow releases named anywhere in a value (an app setting, a cloud-init file, an image name). */
function officialReleasesIn(value: string): [number, number, number][] {
  return value
    .split(/[\s"'=,;()]+/)
    .map(parseImageReference)
    .filter((image) => image?.repository === OFFICIAL_REPOSITORY)
    .map((image) => RELEASE_TAG.exec(image?.tag ?? ""))
    .filter((release): release is RegExpExecArray => release !== null)
    .map((release) => [Number(release[1]), Number(release[2]), Number(release[3])]);
}

function older(version: [number, number, number], than: string): boolean {
  const minimum = than.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (version[i] !== minimum[i]) return version[i] < minimum[i];
  return false;
}

/**
 * Official images older than MINIMUM_MLFLOW_VERSION do not serve here: before mlflow#21582 the -full image has no
 * Azure Blob client (every artifact call fails), and before mlflow#23752 `mlflow db upgrade` fails on a new database.
 * See constructs/mlflow-server.ts for the evidence.
 */
export const deployMlflowImage: Rule = {
  id: "MLF-DEPLOY-5",
  title: `Official MLflow images are ${MINIMUM_MLFLOW_VERSION} or newer.`,
  appliesTo: "all",
  fix: `set mlflow.image to ghcr.io/mlflow/mlflow:v${MINIMUM_MLFLOW_VERSION}-full or a newer release.`,
  check: ({ config }) =>
    verdict(
      ...stringsIn(config).flatMap(({ path, value }) =>
        officialReleasesIn(value)
          .filter((release) => older(release, MINIMUM_MLFLOW_VERSION))
          .map((release) => `${path} runs MLflow ${release.join(".")}`),
      ),
    ),
};
