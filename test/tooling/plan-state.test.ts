import { execFileSync } from "child_process";
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import {
  azBlobExists,
  EMPTY_STATE,
  PlanStateError,
  preparePlanState,
  stateBlobOf,
  type StateBlob,
} from "../../scripts/lib/plan-state";
import type { SynthesizedStack } from "../../scripts/lib/synthesized";
import { FIXTURE_OUTDIR, fixtureStack } from "./fixture";

const ALPHA_BLOB: StateBlob = {
  storageAccountName: "ststate",
  containerName: "tfstate",
  key: "mlflow-alpha.tfstate",
};

/** The alpha fixture copied to a temporary cdk.tf.json, so a test may rewrite it. */
function copyOfAlpha(): { stack: SynthesizedStack; dir: string } {
  const original = fixtureStack("mlflow-alpha");
  const dir = mkdtempSync(join(tmpdir(), "plan-state-"));
  const file = join(dir, "cdk.tf.json");
  copyFileSync(original.file!, file);
  return { stack: { ...original, file }, dir };
}

describe("what a pull-request plan starts from", () => {
  test("the state blob is read from the stack's azurerm backend; a stack with another backend has none", () => {
    expect(stateBlobOf(fixtureStack("mlflow-alpha"))).toEqual(ALPHA_BLOB);
    expect(stateBlobOf(fixtureStack("mlflow-beta"))).toBeUndefined();
  });

  test("an environment with a state blob plans against it, and its configuration is left as synthesized", () => {
    const { stack, dir } = copyOfAlpha();
    const before = readFileSync(stack.file!, "utf8");
    const asked: StateBlob[] = [];
    expect(preparePlanState(stack, (blob) => (asked.push(blob), true))).toEqual({
      state: "existing",
      blob: ALPHA_BLOB,
    });
    expect(asked).toEqual([ALPHA_BLOB]);
    expect(readFileSync(stack.file!, "utf8")).toBe(before);
    rmSync(dir, { recursive: true, force: true });
  });

  test("a new environment (no blob) plans against an empty local state: the backend never writes to the container", () => {
    const { stack, dir } = copyOfAlpha();
    expect(preparePlanState(stack, () => false)).toEqual({ state: "new", blob: ALPHA_BLOB });
    const json = JSON.parse(readFileSync(stack.file!, "utf8"));
    expect(json.terraform.backend).toEqual({ local: { path: EMPTY_STATE } });
    // Everything else is what was synthesized.
    expect({ ...json, terraform: { ...json.terraform, backend: undefined } }).toEqual({
      ...stack.json,
      terraform: { ...stack.json.terraform, backend: undefined },
    });
    rmSync(dir, { recursive: true, force: true });
  });

  test("a stack with local state asks nothing", () => {
    expect(
      preparePlanState(fixtureStack("mlflow-beta"), () => {
        throw new Error("asked");
      }),
    ).toEqual({ state: "local" });
  });

  test("an azurerm backend without a key is an error naming the field and the fix", () => {
    const stack = {
      name: "mlflow-x",
      json: { terraform: { backend: { azurerm: { storage_account_name: "st", container_name: "c" } } } },
    };
    expect(() => stateBlobOf(stack)).toThrow(
      /mlflow-x: the azurerm backend has no key \(got undefined\); set remoteState/,
    );
  });
});

describe("looking for the state blob with the plan identity's rights (az storage blob exists)", () => {
  /** Runs azBlobExists against a fake `az` that logs its arguments and answers with `script`. */
  function withFakeAz(script: string, run: () => void): string[] {
    const dir = mkdtempSync(join(tmpdir(), "fake-az-"));
    const log = join(dir, "args");
    writeFileSync(join(dir, "az"), `#!/bin/bash\nprintf '%s\\n' "$@" > '${log}'\n${script}\n`);
    chmodSync(join(dir, "az"), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path}`;
    try {
      run();
      return readFileSync(log, "utf8").trim().split("\n");
    } finally {
      process.env.PATH = path;
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test("asks the blob endpoint with the CLI's Entra token for exactly the backend's blob", () => {
    let found: boolean | undefined;
    const args = withFakeAz("echo true", () => (found = azBlobExists(ALPHA_BLOB)));
    expect(found).toBe(true);
    expect(args).toEqual([
      "storage",
      "blob",
      "exists",
      "--auth-mode",
      "login",
      "--account-name",
      "ststate",
      "--container-name",
      "tfstate",
      "--name",
      "mlflow-alpha.tfstate",
      "--query",
      "exists",
      "--output",
      "tsv",
    ]);
  });

  test("a missing blob is a new environment", () => {
    let found: boolean | undefined;
    withFakeAz("echo false", () => (found = azBlobExists(ALPHA_BLOB)));
    expect(found).toBe(false);
  });

  test("no access is an error that names the blob and the role the plan identity needs, never 'new environment'", () => {
    withFakeAz("echo 'ERROR: This request is not authorized to perform this operation.' >&2; exit 1", () => {
      expect(() => azBlobExists(ALPHA_BLOB)).toThrow(PlanStateError);
      expect(() => azBlobExists(ALPHA_BLOB)).toThrow(
        /tfstate\/mlflow-alpha\.tfstate in storage account ststate: ERROR: This request is not authorized.*Storage Blob Data Reader on the state container/,
      );
    });
  });
});

test("the command prints one key=value line for $GITHUB_OUTPUT (a stack with local state asks Azure nothing)", () => {
  const out = execFileSync(
    "node",
    ["scripts/synth.mjs", "scripts/plan-state.ts", "--stack", "mlflow-beta", "--out", FIXTURE_OUTDIR],
    { cwd: join(__dirname, "..", ".."), encoding: "utf8" },
  );
  expect(out).toBe("state=local\n");
});
