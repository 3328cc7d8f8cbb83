/**
 * Reading synthesized Terraform JSON in tests, and the two fixture configs. Nothing here imports the constructs, so
 * a test of one construct loads only that construct's provider bindings (synth.ts builds whole stacks).
 */
import { DefaultTokenResolver, StringConcat, type TerraformStack, Tokenization } from "cdktf";
import type { EnvironmentConfig } from "../../constructs/config";

/** Synthesized Terraform JSON of one stack (the shape of cdktf.out/stacks/<id>/cdk.tf.json). */
export interface TerraformJson {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown; description?: string }>;
  readonly provider?: Record<string, unknown[]>;
  readonly terraform?: Record<string, unknown>;
}

export const DEV_LIKE: EnvironmentConfig = {
  authMode: "easyauth",
  location: "westeurope",
  addressSpace: "10.40.0.0/24",
};
export const PROD_LIKE: EnvironmentConfig = {
  authMode: "app-proxy",
  location: "westeurope",
  addressSpace: "10.50.0.0/24",
};

/**
 * The construct path of a resource, from its Terraform name: cdktf names a nested resource by its path joined with
 * "_" plus a hash (`network_subnet-app-service_AD07E1A5` is `network/subnet-app-service`). Our ids are kebab-case.
 */
export function pathOf(terraformName: string): string {
  return terraformName
    .replace(/_[0-9A-F]{8}$/, "")
    .split("_")
    .join("/");
}

/** All resources of one Terraform type, keyed by their construct path (stable and readable in test output). */
export function resourcesOf(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(json.resource[type] ?? {}).map(([name, body]) => [pathOf(name), body]),
  );
}

/** The only resource of a type whose construct path ends with `pathSuffix`; fails loudly otherwise. */
export function resourceAt(json: TerraformJson, type: string, pathSuffix: string): Record<string, unknown> {
  const matches = Object.entries(resourcesOf(json, type)).filter(
    ([path]) => path === pathSuffix || path.endsWith(`/${pathSuffix}`),
  );
  if (matches.length !== 1) {
    throw new Error(
      `expected one ${type} at */${pathSuffix}, found ${matches.map(([p]) => p).join(", ") || "none"}`,
    );
  }
  return matches[0][1];
}

/** Terraform reference to a resource's attribute as it appears in synthesized JSON, e.g. `${azurerm_subnet.x.id}`. */
export function refTo(json: TerraformJson, type: string, pathSuffix: string, attribute: string): string {
  const names = Object.keys(json.resource[type] ?? {}).filter((name) => {
    const path = pathOf(name);
    return path === pathSuffix || path.endsWith(`/${pathSuffix}`);
  });
  if (names.length !== 1)
    throw new Error(`expected one ${type} at */${pathSuffix}, found ${names.join(", ") || "none"}`);
  return `\${${type}.${names[0]}.${attribute}}`;
}

/** A resource's Terraform address as `depends_on` and `replace_triggered_by` list it, e.g. `azurerm_subnet.x`. */
export function addressOf(json: TerraformJson, type: string, pathSuffix: string): string {
  return refTo(json, type, pathSuffix, "id").replace(/^\$\{(.*)\.id\}$/, "$1");
}

/** A token (e.g. a front door's trackingUri) as Terraform will see it in `stack`: `${...}` references. */
export function resolveToken(stack: TerraformStack, value: string): string {
  return Tokenization.resolve(value, {
    scope: stack,
    preparing: false,
    resolver: new DefaultTokenResolver(new StringConcat()),
  }) as string;
}

/**
 * What an MLflow host must wait for at first boot (DataPlane.startDependencies and its subnet's egress), as the
 * addresses its depends_on lists: the database's Entra administrator (the bootstrap signs in as it), the vault's
 * private endpoint, the private DNS zone links (Key Vault, Blob, PostgreSQL) and the NAT gateway association of
 * `subnet` (e.g. `app-service`, `mlflow-vm`).
 */
export function hostStartDependencies(json: TerraformJson, subnet: string): string[] {
  return [
    addressOf(
      json,
      "azurerm_postgresql_flexible_server_active_directory_administrator",
      "backend-store/entra-administrator",
    ),
    addressOf(json, "azurerm_private_endpoint", "secrets/private-endpoint"),
    addressOf(json, "azurerm_private_dns_zone_virtual_network_link", "private-dns/key-vault-link"),
    addressOf(json, "azurerm_private_dns_zone_virtual_network_link", "private-dns/postgres-link"),
    addressOf(json, "azurerm_subnet_nat_gateway_association", `subnet-${subnet}-nat-gateway`),
  ];
}
