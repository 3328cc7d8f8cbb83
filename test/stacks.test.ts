import { execFile } from "child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";
import { promisify } from "util";
import { App } from "cdktf";
import type { EnvironmentConfig } from "../constructs";
import { ALL_RULES, MlflowStack } from "../constructs";
import { environments } from "../environments";
import { project, removeProjects, runApp } from "./support/app-project";
import { DEV_LIKE, pathOf, PROD_LIKE, synthStack, TerraformJson } from "./support/synth";

const root = join(__dirname, "..");
afterAll(removeProjects);

/**
 * Fixed configs for the snapshots, one per mode, with a fixed nameSuffix: adding or changing an environment in
 * environments.ts (the user's file) never touches a snapshot. They mirror the shipped dev and prod environments.
 */
const SNAPSHOT_FIXTURES: Record<string, EnvironmentConfig> = {
  dev: { ...DEV_LIKE, nameSuffix: "t3st01", easyAuth: { skuName: "B1" } },
  prod: {
    ...PROD_LIKE,
    nameSuffix: "t3st01",
    database: { skuName: "GP_Standard_D2ds_v5", backupRetentionDays: 35, geoRedundantBackup: true },
    storage: { replicationType: "GZRS" },
    logAnalytics: { retentionInDays: 90 },
  },
};

/** Every file below `dir`, by relative path, with its content. */
function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full)] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return files;
}

describe("snapshots of the fixed fixtures (not of environments.ts)", () => {
  test.each(Object.keys(SNAPSHOT_FIXTURES))("the %s-like fixture matches its snapshot", (name) => {
    expect(synthStack(SNAPSHOT_FIXTURES[name], name).text).toMatchSnapshot();
  });

  test("the fixtures cover both modes", () => {
    expect(SNAPSHOT_FIXTURES.dev.authMode).toBe("easyauth");
    expect(SNAPSHOT_FIXTURES.prod.authMode).toBe("app-proxy");
  });
});

describe("main.ts, run by the cdktf.json app command as `npx cdktf synth` runs it", () => {
  // One run of the real app command (esbuild bundle, files read at run time) for the whole file.
  const outdir = mkdtempSync(join(tmpdir(), "mlflow-synth-"));
  const synth = (env: NodeJS.ProcessEnv = {}) =>
    promisify(execFile)(process.execPath, [join(root, "scripts", "synth.mjs")], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", ...env },
    });
  // The synth's own verdict, tested below.
  let synthError: unknown;
  beforeAll(async () => {
    try {
      await synth();
    } catch (error) {
      synthError = error;
    }
  }, 60_000);

  test("synthesizes every environment without an error annotation", () => {
    if (synthError) throw synthError;
  });

  test("writes every environment of environments.ts, byte for byte what the constructs synthesize in-process", () => {
    const fromApp = readTree(outdir);
    expect(Object.keys(fromApp)).toEqual(
      expect.arrayContaining(Object.keys(environments).map((name) => `stacks/mlflow-${name}/cdk.tf.json`)),
    );
    // The same loop as main.ts, in this process: two synths of the same code (one of them through the bundle)
    // must be byte-identical, or plans would churn between machines.
    const inProcess = mkdtempSync(join(tmpdir(), "mlflow-synth-"));
    const app = new App({ stackTraces: false, outdir: inProcess });
    for (const [name, config] of Object.entries(environments)) new MlflowStack(app, `mlflow-${name}`, config);
    app.synth();
    expect(fromApp).toEqual(readTree(inProcess));
  });

  test.each(Object.keys(environments))(
    "mlflow-%s has an action group, and every alert notifies it",
    (name) => {
      const json = JSON.parse(readFileSync(join(outdir, "stacks", `mlflow-${name}`, "cdk.tf.json"), "utf8"));
      const groups = Object.keys(json.resource.azurerm_monitor_action_group ?? {});
      expect(groups).toHaveLength(1);
      const groupRef = `\${azurerm_monitor_action_group.${groups[0]}.id}`;
      const metricAlerts = Object.values(json.resource.azurerm_monitor_metric_alert ?? {}) as {
        action: unknown;
      }[];
      expect(metricAlerts.length).toBeGreaterThan(0);
      for (const alert of metricAlerts) expect(alert.action).toEqual([{ action_group_id: groupRef }]);
    },
  );

  test.each(Object.keys(environments))(
    "mlflow-%s holds no tenant, subscription or object id: they are read at plan time",
    (name) => {
      const text = readFileSync(join(outdir, "stacks", `mlflow-${name}`, "cdk.tf.json"), "utf8");
      expect(text).not.toMatch(/"(tenant_id|subscription_id|principal_id|object_id)": "[0-9a-f-]{36}"/);
      expect(text).toContain("data.azurerm_client_config.azurerm-client");
    },
  );

  test("bad environments print every problem of every environment at once, exit non-zero, and write nothing", () => {
    // main.ts as shipped, with an environments.ts that has a problem in each environment and one between them.
    const dir = project(
      {
        "main.ts": readFileSync(join(root, "main.ts"), "utf8"),
        "environments.ts": `export const environments = ${JSON.stringify({
          dev: { authMode: "easyauth", location: "westeurop", addressSpace: "10.40.0.0/24" },
          prod: { authMode: "app-proxy", location: "westeurope", addressSpace: "10.40.0.0/16", vmSize: "x" },
        })};\n`,
      },
      "bad-environments",
    );
    symlinkSync(join(root, "constructs"), join(dir, "constructs"));

    const { status, stdout, stderr } = runApp(join(dir, "main.ts"));
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^Invalid configuration for environment "dev"/);
    expect(stderr).toContain('environments.dev.location: got "westeurop"');
    expect(stderr).toContain('Invalid configuration for environment "prod"');
    expect(stderr).toContain("environments.prod.vmSize: unknown setting");
    expect(stderr).toContain(
      "environments.dev.addressSpace 10.40.0.0/24 overlaps environments.prod.addressSpace 10.40.0.0/16",
    );
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(dir).sort()).toEqual(["constructs", "environments.ts", "main.ts"]); // no cdktf.out
  });
});

describe("switching authMode replaces the front door only", () => {
  /** Resources of the network and data plane (and the resource group), by Terraform address. */
  function dataAndNetwork(json: TerraformJson): Record<string, unknown> {
    const kept: Record<string, unknown> = {};
    for (const [type, byName] of Object.entries(json.resource)) {
      for (const [name, body] of Object.entries(byName)) {
        const path = pathOf(name);
        if (path === "resource-group" || path.startsWith("data/") || path.startsWith("network/"))
          kept[`${type}.${name}`] = body;
      }
    }
    return kept;
  }

  test.each(Object.keys(SNAPSHOT_FIXTURES))(
    "every data and network resource of the %s-like fixture keeps its address, name and settings",
    (name) => {
      const config = SNAPSHOT_FIXTURES[name];
      const other = config.authMode === "easyauth" ? "app-proxy" : "easyauth";
      const { easyAuth, appProxy, ...shared } = config;
      const before = dataAndNetwork(synthStack(config, name).json);
      const after = dataAndNetwork(synthStack({ ...shared, authMode: other }, name).json);
      expect(Object.keys(before).length).toBeGreaterThan(40);
      expect(after).toEqual(before);
    },
  );

  test("the data resources that must survive are all among them", () => {
    const addresses = Object.keys(dataAndNetwork(synthStack(SNAPSHOT_FIXTURES.dev, "dev").json));
    for (const type of [
      "azurerm_resource_group",
      "azurerm_postgresql_flexible_server",
      "azurerm_postgresql_flexible_server_database",
      "azurerm_storage_account",
      "azurerm_storage_container",
      "azurerm_key_vault",
      "azurerm_log_analytics_workspace",
      "azurerm_user_assigned_identity",
      "azurerm_postgresql_flexible_server_active_directory_administrator",
    ]) {
      expect(addresses.some((a) => a.startsWith(`${type}.`))).toBe(true);
    }
  });
});

describe("documentation", () => {
  test("the README lists every rule of the security rule pack", () => {
    const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
    for (const rule of ALL_RULES) expect(readme).toMatch(new RegExp(`^\\| ${rule.id} +\\|`, "m"));
  });
});

describe("state", () => {
  test("local state lives at the project root under a relative path (no machine-specific path in the JSON)", () => {
    const { json } = synthStack(SNAPSHOT_FIXTURES.dev, "dev");
    expect(json.terraform).toMatchObject({
      backend: { local: { path: "../../../terraform.mlflow-dev.tfstate" } },
    });
  });

  test("remote state uses the azurerm backend with Entra ID auth", () => {
    const { json } = synthStack(
      {
        ...SNAPSHOT_FIXTURES.dev,
        remoteState: {
          resourceGroupName: "rg-tfstate",
          storageAccountName: "sttfstate01",
          containerName: "tfstate",
        },
      },
      "dev",
    );
    expect(json.terraform).toMatchObject({
      backend: {
        azurerm: {
          resource_group_name: "rg-tfstate",
          storage_account_name: "sttfstate01",
          container_name: "tfstate",
          key: "mlflow-dev.tfstate",
          use_azuread_auth: true,
        },
      },
    });
  });
});
