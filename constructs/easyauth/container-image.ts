import { parseImageReference } from "../image-reference";
import { DEFAULT_MLFLOW_IMAGE } from "../mlflow-server";

/**
 * Splits an image reference into what `site_config.application_stack` wants: `docker_registry_url`
 * (`https://<registry>`) and `docker_image_name` (`<repository>:<tag>`, without the registry).
 * https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs/resources/linux_web_app#docker_image_name
 */
export interface ContainerImage {
  readonly registryUrl: string;
  readonly imageName: string;
}

/** Docker Hub, for references without a registry host (`library/python:3.12`). */
const DOCKER_HUB = "https://index.docker.io";

export function containerImage(reference: string): ContainerImage {
  const image = parseImageReference(reference);
  if (image === undefined || (image.tag === undefined && image.digest === undefined)) {
    throw new Error(
      `mlflow.image: "${reference}" has no tag or digest. Pin a version, e.g. "${DEFAULT_MLFLOW_IMAGE}", ` +
        `so a restart never pulls a different MLflow.`,
    );
  }
  return image.registry === undefined
    ? { registryUrl: DOCKER_HUB, imageName: reference }
    : { registryUrl: `https://${image.registry}`, imageName: reference.slice(image.registry.length + 1) };
}
