import { buildStackGraph } from "../../scripts/lib/stack-graph";
import { fixtureStack } from "./fixture";

const graph = buildStackGraph(fixtureStack("mlflow-alpha"));
const node = (id: string) => graph.nodes.find((candidate) => candidate.id === id);
const edgesFrom = (id: string) => graph.edges.filter((edge) => edge.from === id).map((edge) => edge.to);

const WEB_APP = "azurerm_linux_web_app.easyauth_web-app_CCCCCCCC";
const KEY_VAULT = "azurerm_key_vault.data_secrets_key-vault_11111111";
const PASSWORD = "random_password.data_backend-store_admin-password_22222222";

describe("stack graph", () => {
  test("the resource group and client configs are not nodes: the title names the resource group and region", () => {
    expect(graph.nodes.map((n) => n.type)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/resource_group|client_config/)]),
    );
    expect(graph.context).toBe("rg-mlflow-alpha, westeurope");
  });

  test("nodes are grouped by building block and by the construct inside it", () => {
    expect(node("azurerm_postgresql_flexible_server.data_backend-store_server_77777777")).toMatchObject({
      group: ["data", "backend-store"],
      shortName: "server",
      provider: "azurerm",
    });
    expect(node("azurerm_virtual_network.network_virtual-network_33333333")?.group).toEqual(["network"]);
    expect(node(WEB_APP)?.group).toEqual(["easyauth"]);
  });

  test("an interpolation, a depends_on entry and a reference through a chain of locals each draw an edge", () => {
    expect(edgesFrom(WEB_APP).sort()).toEqual(
      [
        "azurerm_service_plan.easyauth_service-plan_BBBBBBBB", // ${...id}
        "azurerm_subnet.network_subnet-app-service_44444444", // ${...id}
        "azurerm_private_endpoint.data_secrets_private-endpoint_99999999", // depends_on
        KEY_VAULT, // local.startup
        PASSWORD, // local.startup -> local.suffix
      ].sort(),
    );
  });

  test("references to the resource group or client configs draw no edge, and there is one edge per pair", () => {
    expect(edgesFrom(KEY_VAULT)).toEqual([]);
    expect(edgesFrom("azurerm_virtual_network.network_virtual-network_33333333")).toEqual([]);
    const pairs = graph.edges.map((edge) => `${edge.from}>${edge.to}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  test("nodes and edges come sorted, so the same stack always gives the same graph", () => {
    expect(buildStackGraph(fixtureStack("mlflow-alpha"))).toEqual(graph);
    const edgeKeys = graph.edges.map((edge) => `${edge.from} ${edge.to}`);
    expect(edgeKeys).toEqual([...edgeKeys].sort());
  });

  test("a stack whose resource group location is computed at plan time shows only the name", () => {
    expect(buildStackGraph(fixtureStack("mlflow-beta")).context).toBe("rg-mlflow-beta");
  });
});
