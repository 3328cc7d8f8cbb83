import { readdirSync, readFileSync, statSync } from "fs";
import { join, relative } from "path";
import { DEV_LIKE, PROD_LIKE, synthStack } from "./support/synth";

const CONSTRUCTS = join(__dirname, "..", "constructs");

/** Every TypeScript file under constructs/, by path relative to it. */
function sources(dir = CONSTRUCTS): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return sources(full);
    return full.endsWith(".ts") ? [relative(CONSTRUCTS, full)] : [];
  });
}

describe("outputs are made in one place", () => {
  test("only mlflow-stack.ts makes Terraform outputs, and nothing overrides a logical id", () => {
    const making = sources().filter((file) =>
      /new TerraformOutput\(/.test(readFileSync(join(CONSTRUCTS, file), "utf8")),
    );
    expect(making).toEqual(["mlflow-stack.ts"]);
    const renaming = sources().filter((file) =>
      /overrideLogicalId\(/.test(readFileSync(join(CONSTRUCTS, file), "utf8")),
    );
    expect(renaming).toEqual([]);
  });

  test.each([
    ["easyauth", DEV_LIKE, []],
    ["app-proxy", PROD_LIKE, ["connector_group_id", "connector_steps", "native_client_id"]],
  ] as const)("a %s stack has the common outputs and its mode's own", (_mode, config, own) => {
    const common = [
      "entra_client_id",
      "key_vault_name",
      "mlflow_entra_scope",
      "postgres_server_name",
      "resource_group",
      "storage_account_name",
      "token_command",
      "tracking_uri",
    ];
    expect(Object.keys(synthStack(config).json.output ?? {}).sort()).toEqual([...common, ...own].sort());
  });
});
