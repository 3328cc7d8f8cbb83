import { AUTHZ_MARKER_SETTING } from "../../authz/settings";
import { parseImageReference } from "../../image-reference";
import { MINIMUM_MLFLOW_VERSION, MINIMUM_MLFLOW_VERSION_WITH_PERMISSIONS } from "../../mlflow-server";
import { verdict, type Rule } from "../rule";
import type { SynthesizedStack } from "../synthesized";
import { stringsIn } from "../values";
import { carriesAuthzMarker } from "./authz-common";

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

/** Whether any element of the stack runs MLflow's Entra authorization function; judged once per stack. */
const runsPermissions = new WeakMap<SynthesizedStack, boolean>();
function stackRunsPermissions(stack: SynthesizedStack): boolean {
  let runs = runsPermissions.get(stack);
  if (runs === undefined) {
    runs = stack.elements.some((element) => element.kind !== "locals" && carriesAuthzMarker(stack, element));
    runsPermissions.set(stack, runs);
  }
  return runs;
}

/**
 * Official images older than MINIMUM_MLFLOW_VERSION do not serve here: before mlflow#21582 the -full image has no
 * Azure Blob client (every artifact call fails), and before mlflow#23752 `mlflow db upgrade` fails on a new database.
 * In a stack that runs MLflow's permissions (AUTHZ_MARKER_SETTING), images older than
 * MINIMUM_MLFLOW_VERSION_WITH_PERMISSIONS are refused too: before 3.16.0 the auth app lets non-admins through routes
 * it has no check for, and before 3.16.1 it ships an admin password and blocks the UI for non-admins.
 * See constructs/mlflow-server.ts for the evidence.
 */
export const deployMlflowImage: Rule = {
  id: "MLF-DEPLOY-5",
  title: `Official MLflow images are ${MINIMUM_MLFLOW_VERSION} or newer, and ${MINIMUM_MLFLOW_VERSION_WITH_PERMISSIONS} or newer where MLflow's permissions run.`,
  appliesTo: "all",
  fix: `set mlflow.image to ghcr.io/mlflow/mlflow:v${MINIMUM_MLFLOW_VERSION_WITH_PERMISSIONS}-full (the default) or a newer release.`,
  check: (element, stack) => {
    const permissions = stackRunsPermissions(stack);
    const minimum = permissions ? MINIMUM_MLFLOW_VERSION_WITH_PERMISSIONS : MINIMUM_MLFLOW_VERSION;
    const because = permissions
      ? `; MLflow's permissions run in this stack (${AUTHZ_MARKER_SETTING}) and need ${minimum} or newer (fail-closed routes, no shipped admin password)`
      : "";
    return verdict(
      ...stringsIn(element.config).flatMap(({ path, value }) =>
        officialReleasesIn(value)
          .filter((release) => older(release, minimum))
          .map((release) => `${path} runs MLflow ${release.join(".")}${because}`),
      ),
    );
  },
};
