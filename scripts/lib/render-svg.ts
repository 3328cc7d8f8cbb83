import { instance } from "@viz-js/viz";

/**
 * DOT to SVG with Graphviz compiled to WebAssembly (@viz-js/viz): the engine ships inside the npm package, so
 * rendering needs no Graphviz install and no download, and a pinned version gives byte-identical output.
 * https://github.com/mdaines/viz-js
 */
export async function renderSvg(dot: string): Promise<string> {
  const viz = await instance();
  return viz.renderString(dot, { format: "svg", engine: "dot" });
}
