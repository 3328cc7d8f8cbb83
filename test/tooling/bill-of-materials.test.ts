import { billOfMaterials, type BomLine } from "../../scripts/lib/bill-of-materials";
import { bomMarkdown } from "../../scripts/lib/bom-table";
import { fixtureStack } from "./fixture";

const alpha = billOfMaterials(fixtureStack("mlflow-alpha"));
const beta = billOfMaterials(fixtureStack("mlflow-beta"));
const linesFor = (lines: readonly BomLine[], resource: string) =>
  lines.filter((line) => line.resource === resource);

describe("bill of materials", () => {
  test("PostgreSQL shows SKU, storage, high availability and backup retention and redundancy", () => {
    expect(linesFor(alpha.lines, "PostgreSQL flexible server")).toEqual([
      {
        resource: "PostgreSQL flexible server",
        sku: "GP_Standard_D2ds_v5",
        count: 1,
        billing: expect.stringMatching(
          /storage 64 GiB.*high availability ZoneRedundant.*backups 14 days, locally redundant/,
        ),
      },
    ]);
    expect(linesFor(beta.lines, "PostgreSQL flexible server")[0].billing).toMatch(
      /backups 7 days, geo-redundant/,
    );
  });

  test("a value Terraform computes at plan time reads 'set at plan time'", () => {
    expect(linesFor(beta.lines, "PostgreSQL flexible server")[0]).toMatchObject({ sku: "set at plan time" });
    expect(linesFor(beta.lines, "PostgreSQL flexible server")[0].billing).toMatch(/storage set at plan time/);
  });

  test("resources of one kind and SKU share a line with their count", () => {
    expect(linesFor(alpha.lines, "Private endpoint")).toEqual([expect.objectContaining({ count: 2 })]);
  });

  test("App Service plan, storage, NAT gateway, public IP, Key Vault and Log Analytics show what sets their price", () => {
    expect(alpha.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resource: "App Service plan",
          sku: "Linux P0v3",
          billing: expect.stringMatching(/2 instances/),
        }),
        expect.objectContaining({ resource: "Storage account", sku: "Standard GZRS (StorageV2)" }),
        expect.objectContaining({ resource: "NAT gateway", sku: "Standard", count: 1 }),
        expect.objectContaining({ resource: "Public IP address", sku: "Standard, Static", count: 1 }),
        expect.objectContaining({ resource: "Key Vault", sku: "standard" }),
        expect.objectContaining({
          resource: "Log Analytics workspace",
          billing: expect.stringMatching(/retention 30 days; daily cap 5 GB/),
        }),
      ]),
    );
  });

  test("VM OS disks are named by Premium SSD tier, or say they take the image's size", () => {
    expect(linesFor(beta.lines, "Managed disk (VM OS disk)").map((line) => [line.sku, line.count])).toEqual([
      ["Premium_LRS, 100 GiB (P10)", 1],
      ["Premium_LRS, the image's default size", 2],
    ]);
  });

  test("Windows VMs say whether the licence is included or brought with Azure Hybrid Benefit", () => {
    expect(linesFor(beta.lines, "Virtual machine (Windows)").map((line) => line.billing)).toEqual([
      expect.stringMatching(/Azure Hybrid Benefit/),
      expect.stringMatching(/Windows Server licence included/),
    ]);
  });

  test("a stack that publishes through Application Proxy lists the Entra ID licence; one that does not, does not", () => {
    expect(linesFor(beta.lines, "Microsoft Entra ID P1 or P2 licence")).toHaveLength(1);
    expect(linesFor(alpha.lines, "Microsoft Entra ID P1 or P2 licence")).toHaveLength(0);
  });

  test("Azure Bastion is reported as none when absent and counted when present", () => {
    expect(linesFor(alpha.lines, "Azure Bastion")).toEqual([
      expect.objectContaining({ sku: "none", count: 0 }),
    ]);
    expect(linesFor(beta.lines, "Azure Bastion")).toEqual([]);
  });

  test("resources without a line are counted, not dropped silently", () => {
    // alpha: virtual network, subnet, random password, linux web app, network security group, resource group
    expect(alpha.otherResources).toBe(6);
  });

  test("the Markdown table has one row per line, a heading with the region, and right-aligned counts", () => {
    const table = bomMarkdown(alpha);
    expect(table.split("\n")[0]).toBe("## mlflow-alpha (westeurope)");
    // header, separator, one row per line
    expect(table.split("\n").filter((row) => row.startsWith("| "))).toHaveLength(alpha.lines.length + 2);
    expect(table).toMatch(/\| -+ \| -+ \| -+: \| -+ \|/);
  });
});
