import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { itemsOf, readSynthesizedStacks, SynthesizedOutputError } from "../../scripts/lib/synthesized";
import { FIXTURE_OUTDIR, fixtureStack } from "./fixture";

describe("reading cdktf.out", () => {
  test("stacks come in the manifest's order, which is the order of environments.ts", () => {
    expect(readSynthesizedStacks(FIXTURE_OUTDIR).map((stack) => stack.name)).toEqual([
      "mlflow-beta",
      "mlflow-alpha",
    ]);
  });

  test("a missing cdktf.out is one error that names the file and says to run npm run synth", () => {
    const empty = mkdtempSync(join(tmpdir(), "no-synth-"));
    expect(() => readSynthesizedStacks(empty)).toThrow(SynthesizedOutputError);
    expect(() => readSynthesizedStacks(empty)).toThrow(
      new RegExp(`${join(empty, "manifest.json").replace(/[/\\]/g, ".")} not found.*npm run synth`),
    );
  });

  test("a manifest without stacks says to add an environment", () => {
    const dir = mkdtempSync(join(tmpdir(), "no-stacks-"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: {} }));
    expect(() => readSynthesizedStacks(dir)).toThrow(
      /lists no stacks: add an environment to environments.ts/,
    );
  });

  test("a stack the manifest lists but cdktf did not write asks for a new synth", () => {
    const dir = mkdtempSync(join(tmpdir(), "half-synth-"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: { "mlflow-x": {} } }));
    expect(() => readSynthesizedStacks(dir)).toThrow(/lists stack "mlflow-x": run `npm run synth` again/);
  });

  test("items carry their Terraform address and construct path below the stack", () => {
    const server = itemsOf(fixtureStack("mlflow-alpha")).find(
      (item) => item.type === "azurerm_postgresql_flexible_server",
    );
    expect(server).toMatchObject({
      address: "azurerm_postgresql_flexible_server.data_backend-store_server_77777777",
      mode: "managed",
      path: ["data", "backend-store", "server"],
    });
    const client = itemsOf(fixtureStack("mlflow-alpha")).find((item) => item.mode === "data");
    expect(client?.address).toBe("data.azurerm_client_config.azurerm-client");
  });

  test("a block without cdktf metadata gets its path from the Terraform name", () => {
    const nsg = itemsOf(fixtureStack("mlflow-alpha")).find(
      (item) => item.type === "azurerm_network_security_group",
    );
    expect(nsg?.path).toEqual(["network", "nsg-app-service"]);
  });
});
