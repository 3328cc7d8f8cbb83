import type { IConstruct } from "constructs";

/**
 * A construct refused its props. The message starts with the construct's path, which is also its Terraform address
 * (`mlflow-prod/app-proxy/connector-hosts`), so the user sees which environment and which part it is about.
 */
export class ConstructError extends Error {
  constructor(
    readonly constructPath: string,
    message: string,
  ) {
    super(`${constructPath}: ${message}`);
    this.name = "ConstructError";
  }

  /** About `construct`, once it exists. */
  static of(construct: IConstruct, message: string): ConstructError {
    return new ConstructError(construct.node.path, message);
  }

  /** About the construct `id` about to be created in `scope` (a resource that checks its props before `super`). */
  static at(scope: IConstruct, id: string, message: string): ConstructError {
    return new ConstructError(scope.node.path ? `${scope.node.path}/${id}` : id, message);
  }
}

/** Runs a helper a construct depends on and reports the helper's Error as the construct's (with its path). */
export function withConstructPath<T>(construct: IConstruct, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ConstructError || !(error instanceof Error)) throw error;
    throw new ConstructError(construct.node.path, error.message);
  }
}
