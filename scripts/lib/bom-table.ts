import type { BillOfMaterials } from "./bill-of-materials";

/** A bill of materials as a Markdown table: readable in a terminal, pasteable into an issue or a pull request. */
export function bomMarkdown(bom: BillOfMaterials): string {
  const rows = bom.lines.map((line) => [line.resource, line.sku, String(line.count), line.billing]);
  const header = ["resource", "SKU / size", "count", "billed by"];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const format = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(" | ")} |`;
  return [
    `## ${bom.stack}${bom.location ? ` (${bom.location})` : ""}`,
    "",
    format(header),
    `| ${widths.map((width, i) => (i === 2 ? `${"-".repeat(width - 1)}:` : "-".repeat(width))).join(" | ")} |`,
    ...rows.map(format),
    "",
    `Plus ${bom.otherResources} resources with no line of their own (network plumbing, identities, role assignments, settings).`,
    "",
  ].join("\n");
}
