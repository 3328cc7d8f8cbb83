import { execFileSync } from "child_process";
import { writeFileSync } from "fs";
import type { SynthesizedStack } from "./synthesized";

/**
 * What the pull-request plan starts from. A new environment has no state blob yet, and the azurerm backend then takes
 * a lease and writes an empty state before anything else, whatever `-lock` says (hashicorp/terraform@v1.11.4
 * internal/backend/remote-state/azure/backend_state.go, `StateMgr`: no state -> `client.Lock`, `WriteState`,
 * `PersistState`), which the plan identity, a Storage Blob Data Reader, may not do. So the plan job first looks for
 * the blob with the reader's rights, and without one plans against an empty local state: the first deploy creates
 * the blob.
 */

/** Where the azurerm backend keeps a stack's state (its `backend "azurerm"` block). */
export interface StateBlob {
  readonly storageAccountName: string;
  readonly containerName: string;
  /** Blob name, e.g. `mlflow-prod.tfstate`. */
  readonly key: string;
}

/**
 * `existing`: the plan reads the recorded state. `new`: no state blob yet; the plan starts from an empty local state.
 * `local`: the stack has local state, so a runner starts from nothing anyway (the deploy job refuses it).
 */
export type PlanStateKind = "existing" | "new" | "local";

export interface PlanState {
  readonly state: PlanStateKind;
  /** The state blob, for `existing` and `new`. */
  readonly blob?: StateBlob;
}

export class PlanStateError extends Error {}

/** The state blob of a stack with an azurerm backend; undefined for any other backend. */
export function stateBlobOf(stack: SynthesizedStack): StateBlob | undefined {
  const backend = stack.json.terraform?.backend?.azurerm as Record<string, unknown> | undefined;
  if (!backend) return undefined;
  const field = (name: string): string => {
    const value = backend[name];
    if (typeof value !== "string" || value === "") {
      throw new PlanStateError(
        `${stack.name}: the azurerm backend has no ${name} (got ${JSON.stringify(value)}); set remoteState for this environment in environments.ts.`,
      );
    }
    return value;
  };
  return {
    storageAccountName: field("storage_account_name"),
    containerName: field("container_name"),
    key: field("key"),
  };
}

/** Whether a state blob exists; throws when the answer is neither yes nor no (no access, no network). */
export type BlobExists = (blob: StateBlob) => boolean;

/**
 * Decides what the plan of `stack` starts from, and for a new environment rewrites the stack's cdk.tf.json to a
 * local backend (an empty state file next to it), so `cdktf diff --skip-synth` never touches the state container.
 */
export function preparePlanState(stack: SynthesizedStack, blobExists: BlobExists): PlanState {
  const blob = stateBlobOf(stack);
  if (!blob) return { state: "local" };
  if (blobExists(blob)) return { state: "existing", blob };
  if (!stack.file)
    throw new PlanStateError(`${stack.name}: no cdk.tf.json to point at an empty local state.`);
  const json = {
    ...stack.json,
    terraform: { ...stack.json.terraform, backend: { local: { path: EMPTY_STATE } } },
  };
  writeFileSync(stack.file, `${JSON.stringify(json, null, 2)}\n`);
  return { state: "new", blob };
}

/** The local state file a new environment's plan starts from (relative to the stack's directory, never written to Azure). */
export const EMPTY_STATE = "new-environment.tfstate";

/**
 * Asks the blob endpoint with the signed-in Azure CLI's token (`--auth-mode login`): a HEAD on the blob, which
 * Storage Blob Data Reader allows (`.../blobs/read`). `az storage blob exists` prints `{"exists": false}` for a missing
 * blob and fails on anything else, e.g. 403 without a data role.
 * https://learn.microsoft.com/cli/azure/storage/blob#az-storage-blob-exists
 */
export const azBlobExists: BlobExists = (blob) => {
  let answer: string;
  try {
    answer = execFileSync(
      "az",
      [
        "storage",
        "blob",
        "exists",
        "--auth-mode",
        "login",
        "--account-name",
        blob.storageAccountName,
        "--container-name",
        blob.containerName,
        "--name",
        blob.key,
        "--query",
        "exists",
        "--output",
        "tsv",
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    ).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new PlanStateError(
      `Could not look for the state blob ${describe(blob)}: ${stderr || String(error)}. The plan identity needs Storage Blob Data Reader on the state container (docs/ci-cd.md, "The plan identity").`,
    );
  }
  if (answer !== "true" && answer !== "false") {
    throw new PlanStateError(
      `az storage blob exists answered ${JSON.stringify(answer)} for ${describe(blob)}.`,
    );
  }
  return answer === "true";
};

/** `<container>/<key> in storage account <account>`, for messages. */
export function describe(blob: StateBlob): string {
  return `${blob.containerName}/${blob.key} in storage account ${blob.storageAccountName}`;
}
