/**
 * Container image references, parsed in one place by Docker's grammar, `[registry/]path[:tag][@digest]`
 * (distribution/reference reference.go, "Grammar"). The first component is a registry when it has a "." or ":", is
 * `localhost`, or is not lowercase (distribution/reference normalize.go, splitDockerDomain); otherwise the image is
 * on Docker Hub. Digests: sha256 only, the one algorithm registries serve.
 */
export interface ImageReference {
  /** Registry host, with its port if any, e.g. `ghcr.io`; undefined for Docker Hub's familiar names. */
  readonly registry: string | undefined;
  /** Repository path without the registry, e.g. `mlflow/mlflow`. */
  readonly repository: string;
  /** e.g. `v3.15.2-full`. */
  readonly tag: string | undefined;
  /** e.g. `sha256:0123...`. */
  readonly digest: string | undefined;
}

const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const REGISTRY = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** The parts of an image reference, or undefined when the text is not one. */
export function parseImageReference(text: string): ImageReference | undefined {
  const at = text.indexOf("@");
  const digest = at === -1 ? undefined : text.slice(at + 1);
  const nameAndTag = at === -1 ? text : text.slice(0, at);
  // A tag follows the last ":" that comes after the last "/" (a ":" before it is a registry port).
  const colon = nameAndTag.lastIndexOf(":");
  const hasTag = colon > nameAndTag.lastIndexOf("/");
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = hasTag ? nameAndTag.slice(colon + 1) : undefined;

  const [first, ...rest] = name.split("/");
  const isRegistry =
    rest.length > 0 && (/[.:]/.test(first) || first === "localhost" || first.toLowerCase() !== first);
  const registry = isRegistry ? first : undefined;
  const path = isRegistry ? rest : [first, ...rest];
  if (
    (registry !== undefined && !REGISTRY.test(registry)) ||
    !path.every((component) => PATH_COMPONENT.test(component)) ||
    (tag !== undefined && !TAG.test(tag)) ||
    (digest !== undefined && !DIGEST.test(digest))
  ) {
    return undefined;
  }
  return { registry, repository: path.join("/"), tag, digest };
}

/** True when the reference names one image for good: a digest, or a tag other than `latest`. */
export function isPinned(image: ImageReference): boolean {
  return image.digest !== undefined || (image.tag !== undefined && image.tag !== "latest");
}
