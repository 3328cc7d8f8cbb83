import { block, compare, itemsOf, literal, type SynthesizedStack, type TerraformItem } from "./synthesized";

/**
 * What a stack pays for, read from its synthesized Terraform: one line per billable kind of resource with the SKU or
 * size that sets its price, and how many. Only what Terraform knows before plan is shown; a value computed at plan
 * time reads "set at plan time". Prices are not here on purpose (they change and differ per region): README,
 * "What it costs", has dated estimates.
 */

export interface BomLine {
  /** What is billed, in Azure's words, e.g. "PostgreSQL flexible server". */
  readonly resource: string;
  /** The SKU, size or tier that sets the price. */
  readonly sku: string;
  readonly count: number;
  /** What the meter counts, and the settings that change it. */
  readonly billing: string;
}

export interface BillOfMaterials {
  readonly stack: string;
  readonly location: string | undefined;
  readonly lines: readonly BomLine[];
  /** Resources with no line of their own (networking glue, identities, role assignments, settings, ...). */
  readonly otherResources: number;
}

type Describe = (item: TerraformItem) => Omit<BomLine, "count">[];

const PLAN_TIME = "set at plan time";

/** Premium SSD tiers by provisioned size (GiB): https://learn.microsoft.com/azure/virtual-machines/disks-types#premium-ssd-size */
const PREMIUM_SSD_TIERS: readonly [number, string][] = [
  [4, "P1"],
  [8, "P2"],
  [16, "P3"],
  [32, "P4"],
  [64, "P6"],
  [128, "P10"],
  [256, "P15"],
  [512, "P20"],
  [1024, "P30"],
  [2048, "P40"],
  [4096, "P50"],
  [8192, "P60"],
  [16384, "P70"],
  [32767, "P80"],
];

const virtualMachine =
  (os: "Linux" | "Windows"): Describe =>
  (item) => {
    const hybridBenefit = os === "Windows" && literal(item.body, "license_type") === "Windows_Server";
    const osLicence =
      os === "Linux"
        ? ""
        : hybridBenefit
          ? ", Azure Hybrid Benefit (own licence)"
          : ", Windows Server licence included";
    return [
      {
        resource: `Virtual machine (${os})`,
        sku: text(literal(item.body, "size")),
        billing: `per hour while allocated${osLicence}`,
      },
      osDisk(block(item.body, "os_disk")),
    ];
  };

function osDisk(disk: Record<string, unknown> | undefined): Omit<BomLine, "count"> {
  const type = text(disk && literal(disk, "storage_account_type"));
  const size = disk && literal(disk, "disk_size_gb");
  const tier =
    typeof size === "number" && type.startsWith("Premium")
      ? ` (${PREMIUM_SSD_TIERS.find(([max]) => size <= max)?.[1] ?? "larger than P80"})`
      : "";
  return {
    resource: "Managed disk (VM OS disk)",
    sku: `${type}, ${typeof size === "number" ? `${size} GiB${tier}` : "the image's default size"}`,
    billing: "per disk-month by provisioned tier",
  };
}

/** One describer per billable Terraform type. Types not listed here are counted in `otherResources`. */
const DESCRIBERS: Readonly<Record<string, Describe>> = {
  azurerm_service_plan: (item) => [
    {
      resource: "App Service plan",
      sku: `${text(literal(item.body, "os_type"))} ${text(literal(item.body, "sku_name"))}`,
      billing: `per instance-hour, ${instances(item)}; the web apps on the plan add no charge`,
    },
  ],
  azurerm_linux_virtual_machine: virtualMachine("Linux"),
  azurerm_windows_virtual_machine: virtualMachine("Windows"),
  azurerm_postgresql_flexible_server: (item) => {
    const storageMb = literal(item.body, "storage_mb");
    const ha = block(item.body, "high_availability");
    const haMode = ha ? text(literal(ha, "mode")) : undefined;
    const retention = literal(item.body, "backup_retention_days");
    const geo = literal(item.body, "geo_redundant_backup_enabled") === true;
    return [
      {
        resource: "PostgreSQL flexible server",
        sku: text(literal(item.body, "sku_name")),
        billing: [
          `compute per hour; storage ${typeof storageMb === "number" ? `${storageMb / 1024} GiB` : PLAN_TIME} per GB-month`,
          haMode
            ? `high availability ${haMode} (a standby: compute and storage twice)`
            : "no high availability",
          `backups ${typeof retention === "number" ? retention : 7} days, ${geo ? "geo-redundant (copied to the paired region)" : "locally redundant"}`,
        ].join("; "),
      },
    ];
  },
  azurerm_storage_account: (item) => [
    {
      resource: "Storage account",
      sku: `${text(literal(item.body, "account_tier"))} ${text(literal(item.body, "account_replication_type"))} (${text(literal(item.body, "account_kind") ?? "StorageV2")})`,
      billing: "per GB stored and per operation; more redundancy costs more per GB",
    },
  ],
  azurerm_nat_gateway: (item) => [
    {
      resource: "NAT gateway",
      sku: text(literal(item.body, "sku_name") ?? "Standard"),
      billing: "per hour and per GB processed",
    },
  ],
  azurerm_public_ip: (item) => [
    {
      resource: "Public IP address",
      sku: `${text(literal(item.body, "sku") ?? "Standard")}, ${text(literal(item.body, "allocation_method"))}`,
      billing: "per hour",
    },
  ],
  azurerm_private_endpoint: () => [
    { resource: "Private endpoint", sku: "-", billing: "per hour and per GB processed" },
  ],
  azurerm_private_dns_zone: () => [
    { resource: "Private DNS zone", sku: "-", billing: "per zone-month and per million queries" },
  ],
  azurerm_monitor_metric_alert: () => [
    { resource: "Alert rule (metric)", sku: "-", billing: "per monitored time series per month" },
  ],
  azurerm_monitor_scheduled_query_rules_alert_v2: (item) => [
    {
      resource: "Alert rule (log search)",
      sku: `every ${text(literal(item.body, "evaluation_frequency"))}`,
      billing: "per rule per month, more for frequent evaluation",
    },
  ],
  azurerm_key_vault: (item) => [
    { resource: "Key Vault", sku: text(literal(item.body, "sku_name")), billing: "per 10,000 operations" },
  ],
  azurerm_log_analytics_workspace: (item) => {
    const retention = literal(item.body, "retention_in_days");
    const quota = literal(item.body, "daily_quota_gb");
    return [
      {
        resource: "Log Analytics workspace",
        sku: text(literal(item.body, "sku") ?? "PerGB2018"),
        billing: [
          "per GB ingested (every diagnostic setting sends here)",
          `retention ${typeof retention === "number" ? `${retention} days` : PLAN_TIME}`,
          typeof quota === "number" && quota >= 0 ? `daily cap ${quota} GB` : "no daily cap",
        ].join("; "),
      },
    ];
  },
};

/** Billable things a reviewer looks for; "none" is worth saying too. */
const ABSENT_CHECKS: readonly [type: string, resource: string][] = [
  ["azurerm_bastion_host", "Azure Bastion"],
  ["azurerm_firewall", "Azure Firewall"],
];

export function billOfMaterials(stack: SynthesizedStack): BillOfMaterials {
  const items = itemsOf(stack).filter((item) => item.mode === "managed");
  const lines = new Map<string, BomLine>();
  let otherResources = 0;
  for (const item of items) {
    const describe = DESCRIBERS[item.type];
    if (!describe) {
      otherResources++;
      continue;
    }
    for (const line of describe(item)) {
      const key = `${line.resource}\u0000${line.sku}\u0000${line.billing}`;
      const seen = lines.get(key);
      lines.set(key, { ...line, count: (seen?.count ?? 0) + 1 });
    }
  }
  if (items.some((item) => JSON.stringify(item.body).includes('"onPremisesPublishing"'))) {
    // Application Proxy is a Microsoft Entra ID P1/P2 feature: https://learn.microsoft.com/entra/fundamentals/licensing
    lines.set("licence", {
      resource: "Microsoft Entra ID P1 or P2 licence",
      sku: "P1",
      count: 1,
      billing: "per user who signs in through Application Proxy (often already part of Microsoft 365 E3/E5)",
    });
  }
  for (const [type, resource] of ABSENT_CHECKS) {
    if (!items.some((item) => item.type === type)) {
      lines.set(type, { resource, sku: "none", count: 0, billing: "not deployed" });
    }
  }
  const group = items.find((item) => item.type === "azurerm_resource_group");
  const location = group && literal(group.body, "location");
  return {
    stack: stack.name,
    location: typeof location === "string" ? location : undefined,
    lines: [...lines.values()].sort(
      (a, b) =>
        Number(b.count > 0) - Number(a.count > 0) ||
        compare(a.resource, b.resource) ||
        compare(a.sku, b.sku) ||
        compare(a.billing, b.billing),
    ),
    otherResources,
  };
}

function instances(item: TerraformItem): string {
  const workers = literal(item.body, "worker_count");
  return typeof workers === "number"
    ? `${workers} instance${workers === 1 ? "" : "s"}`
    : "worker_count unset (Azure's default)";
}

function text(value: unknown): string {
  return value === undefined || value === null ? PLAN_TIME : String(value);
}
