import { mkdtempSync, readdirSync, readFileSync, statSync } from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";
import { Testing } from "cdktf";
import { ALL_RULES, MlflowStack } from "../constructs";
import { environments } from "../environments";
import { pathOf, synthStack, TerraformJson } from "./support/synth";

/** Runs main.ts as `cdktf synth` would, into a fresh output directory, and returns that directory. */
function runMain(): string {
  const outdir = mkdtempSync(join(tmpdir(), "mlflow-synth-"));
  const previous = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    jest.isolateModules(() => require("../main"));
  } finally {
    if (previous === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = previous;
  }
  return outdir;
}

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

describe("the default environments", () => {
  test.each(Object.keys(environments))("mlflow-%s matches its snapshot", (name) => {
    const app = Testing.app();
    const stack = new MlflowStack(app, `mlflow-${name}`, environments[name]);
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  test("dev uses EasyAuth and prod uses App Proxy", () => {
    expect(environments.dev.authMode).toBe("easyauth");
    expect(environments.prod.authMode).toBe("app-proxy");
  });

  test("no tenant, subscription or object id is written anywhere: they are read at plan time", () => {
    for (const name of Object.keys(environments)) {
      const { text } = synthStack(environments[name], name);
      expect(text).not.toMatch(/"(tenant_id|subscription_id|principal_id|object_id)": "[0-9a-f-]{36}"/);
      expect(text).toContain("data.azurerm_client_config.azurerm-client");
    }
  });
});

describe("main.ts", () => {
  test("two synths of the same code are byte-identical", () => {
    const [first, second] = [1, 2].map(() => readTree(runMain()));
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(["stacks/mlflow-dev/cdk.tf.json", "stacks/mlflow-prod/cdk.tf.json"]),
    );
    expect(second).toEqual(first);
  });

  test("bad environments print every problem of every environment at once, exit non-zero, and write nothing", () => {
    const outdir = mkdtempSync(join(tmpdir(), "mlflow-synth-bad-"));
    const errors: string[] = [];
    const exit = jest.spyOn(process, "exit").mockImplementation(((code?: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    const consoleError = jest
      .spyOn(console, "error")
      .mockImplementation((message: string) => void errors.push(message));
    process.env.CDKTF_OUTDIR = outdir;
    try {
      jest.isolateModules(() => {
        jest.doMock("../environments", () => ({
          environments: {
            dev: { authMode: "easyauth", location: "westeurop", addressSpace: "10.40.0.0/24" },
            prod: {
              authMode: "app-proxy",
              location: "westeurope",
              addressSpace: "10.40.0.0/16",
              vmSize: "x",
            },
          },
        }));
        expect(() => require("../main")).toThrow("exit 1");
      });
    } finally {
      delete process.env.CDKTF_OUTDIR;
      exit.mockRestore();
      consoleError.mockRestore();
      jest.dontMock("../environments");
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Invalid configuration for environment "dev"/);
    expect(errors[0]).toContain('environments.dev.location: got "westeurop"');
    expect(errors[0]).toContain('Invalid configuration for environment "prod"');
    expect(errors[0]).toContain("environments.prod.vmSize: unknown setting");
    expect(errors[0]).toContain(
      "environments.dev.addressSpace 10.40.0.0/24 overlaps environments.prod.addressSpace 10.40.0.0/16",
    );
    expect(errors[0]).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(outdir)).toEqual([]);
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

  test.each(Object.keys(environments))(
    "every data and network resource of %s keeps its address, name and settings",
    (name) => {
      const config = environments[name];
      const other = config.authMode === "easyauth" ? "app-proxy" : "easyauth";
      const { easyAuth, appProxy, ...shared } = config;
      const before = dataAndNetwork(synthStack(config, name).json);
      const after = dataAndNetwork(synthStack({ ...shared, authMode: other }, name).json);
      expect(Object.keys(before).length).toBeGreaterThan(40);
      expect(after).toEqual(before);
    },
  );

  test("the data resources that must survive are all among them", () => {
    const addresses = Object.keys(dataAndNetwork(synthStack(environments.dev, "dev").json));
    for (const type of [
      "azurerm_resource_group",
      "azurerm_postgresql_flexible_server",
      "azurerm_postgresql_flexible_server_database",
      "azurerm_storage_account",
      "azurerm_storage_container",
      "azurerm_key_vault",
      "azurerm_resource_group_template_deployment",
      "azurerm_log_analytics_workspace",
      "azurerm_user_assigned_identity",
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
    const { json } = synthStack(environments.dev, "dev");
    expect(json.terraform).toMatchObject({
      backend: { local: { path: "../../../terraform.mlflow-dev.tfstate" } },
    });
  });

  test("remote state uses the azurerm backend with Entra ID auth", () => {
    const { json } = synthStack(
      {
        ...environments.dev,
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
