import { toDot } from "../../scripts/lib/dot";
import { renderSvg } from "../../scripts/lib/render-svg";
import { buildStackGraph } from "../../scripts/lib/stack-graph";
import { fixtureStack } from "./fixture";

const dot = toDot(buildStackGraph(fixtureStack("mlflow-alpha")));

describe("diagram", () => {
  test("building blocks are titled clusters, constructs inside them are nested clusters", () => {
    expect(dot).toContain('subgraph "cluster_data" {');
    expect(dot).toContain('label="Data plane"');
    expect(dot).toContain('subgraph "cluster_data/backend-store" {');
    expect(dot).toContain('label="Front door: App Service + EasyAuth"');
  });

  test("a node is labelled with its resource type and construct id, coloured by provider", () => {
    expect(dot).toMatch(
      /"azurerm_postgresql_flexible_server\.data_backend-store_server_77777777" \[label="postgresql_flexible_server\\nserver", fillcolor="#e5f1fb"/,
    );
    expect(dot).toMatch(/"random_password\.[^"]+" \[label="password\\nadmin-password", fillcolor="#f2f2f2"/);
  });

  test("quotes in names cannot break the DOT text", () => {
    const graph = buildStackGraph(fixtureStack("mlflow-alpha"));
    const tricky = { ...graph, stack: 'say "hi"\\' };
    expect(toDot(tricky)).toContain('digraph "say \\"hi\\"\\\\" {');
  });

  test("the same stack renders to byte-identical SVG (diagrams can be regenerated and diffed)", async () => {
    const first = await renderSvg(dot);
    const second = await renderSvg(toDot(buildStackGraph(fixtureStack("mlflow-alpha"))));
    expect(second).toBe(first);
    expect(first).toMatch(/^<\?xml/);
    expect(first).toContain("<title>mlflow&#45;alpha</title>");
  });

  test("every resource of the stack appears in the SVG", async () => {
    const graph = buildStackGraph(fixtureStack("mlflow-beta"));
    const svg = await renderSvg(toDot(graph));
    for (const node of graph.nodes) expect(svg).toContain(node.shortName.replace(/-/g, "&#45;"));
  });
});
