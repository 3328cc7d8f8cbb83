import type { SynthesizedStack } from "./synthesized";

/**
 * The deploy pipeline's view of the synthesized stacks: which GitHub environment each one deploys to, and whether a
 * workload identity (OIDC, no person) can deploy it or a person must sign in.
 */

export interface PipelineStack {
  /** Stack id, e.g. `mlflow-prod`: what `cdktf diff` / `cdktf deploy` take. */
  readonly stack: string;
  /** The key in environments.ts, e.g. `prod`; also the name of the GitHub environment that guards the deploy. */
  readonly environment: string;
  /**
   * `workload-identity`: every call Terraform makes accepts an application token (federated credential, no secret).
   * `user`: some calls accept only delegated permissions, so a person signs in for the deploy.
   */
  readonly signIn: "workload-identity" | "user";
  /** Why a person must sign in; empty for `workload-identity`. */
  readonly reason: string;
  /**
   * Terraform backend type (`azurerm`, `local`, ...). A pipeline run starts on a fresh runner, so only a remote
   * backend keeps state between runs: the deploy job refuses `local`.
   */
  readonly stateBackend: string;
  /**
   * The MLflow container image (the stack's `mlflow_image` output), which the build job looks up in its registry
   * before any plan: a tag that was never published would otherwise surface as a host that never starts.
   * Empty when the stack has no such output.
   */
  readonly image: string;
}

/** Stack ids are `mlflow-<environment>` (STACK_ID_PREFIX in constructs/mlflow-stack.ts; a test keeps them equal). */
export const STACK_ID_PREFIX = "mlflow-";

/**
 * Providers whose resources in this project call Graph APIs that accept delegated permissions only. microsoft/msgraph
 * publishes the App Proxy app: PATCH onPremisesPublishing and PUT connectorGroup/$ref list "Application: Not supported"
 * (https://learn.microsoft.com/graph/api/connectorgroup-post-applications?view=graph-rest-beta, and Graph docs PR
 * microsoftgraph/microsoft-graph-docs#21177: "app-only scenarios aren't supported").
 */
const DELEGATED_ONLY_PROVIDERS: Readonly<Record<string, string>> = {
  "microsoft/msgraph":
    "Entra Application Proxy publishing (onPremisesPublishing, connectorGroup/$ref) accepts delegated Graph permissions only",
};

export function pipelineStack(stack: SynthesizedStack): PipelineStack {
  const sources = Object.values(stack.json.terraform?.required_providers ?? {}).map((provider) =>
    (provider.source ?? "").toLowerCase().replace(/^registry\.terraform\.io\//, ""),
  );
  const reasons = [...new Set(sources)].sort().flatMap((source) => DELEGATED_ONLY_PROVIDERS[source] ?? []);
  return {
    stack: stack.name,
    environment: stack.name.startsWith(STACK_ID_PREFIX)
      ? stack.name.slice(STACK_ID_PREFIX.length)
      : stack.name,
    signIn: reasons.length > 0 ? "user" : "workload-identity",
    reason: reasons.join("; "),
    stateBackend: Object.keys(stack.json.terraform?.backend ?? {})[0] ?? "local",
    image:
      typeof stack.json.output?.mlflow_image?.value === "string" ? stack.json.output.mlflow_image.value : "",
  };
}
