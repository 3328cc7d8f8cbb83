import { MINIMUM_MLFLOW_VERSION } from "../../mlflow-server";
import { verdict, type Rule } from "../rule";
import { stringsIn } from "../values";

/** Official MLflow image references, `ghcr.io/mlflow/mlflow:v3.15.2-full` and the like. */
const OFFICIAL_IMAGE = /(?:ghcr\.io\/)?mlflow\/mlflow:v?(\d+)\.(\d+)\.(\d+)/g;

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
        [...value.matchAll(OFFICIAL_IMAGE)]
          .filter((m) => older([Number(m[1]), Number(m[2]), Number(m[3])], MINIMUM_MLFLOW_VERSION))
          .map((m) => `${path} runs MLflow ${m[1]}.${m[2]}.${m[3]}`),
      ),
    ),
};
