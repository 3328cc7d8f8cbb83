import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../constructs";
import {
  DIAGNOSTIC_TARGETS,
  KEY_VAULT_SECRETS_API_VERSION,
  VAULT_SECRET_TEMPLATE,
} from "../../constructs/data";
import { foundation } from "../support/foundation";
import { addressOf, DEV_LIKE, refTo, resourceAt, resourcesOf, type TerraformJson } from "../support/json";

/** The data plane on its network, as MlflowStack builds it, with no front door. */
function synthDataPlane(overrides: Partial<EnvironmentConfig> = {}) {
  const { stack } = foundation(overrides, { name: "test", base: DEV_LIKE });
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as TerraformJson };
}

const { json, text } = synthDataPlane();
const storage = resourceAt(json, "azurerm_storage_account", "artifacts/storage-account");
const keyVault = resourceAt(json, "azurerm_key_vault", "secrets/key-vault");
const server = resourceAt(json, "azurerm_postgresql_flexible_server", "backend-store/server");

describe("storage account for artifacts", () => {
  test("is StorageV2 with TLS 1.2, HTTPS only, and Entra ID only (shared keys disabled)", () => {
    expect(storage).toMatchObject({
      account_kind: "StorageV2",
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
    });
  });

  test("has no public network path and no public blobs", () => {
    expect(storage).toMatchObject({
      public_network_access_enabled: false,
      allow_nested_items_to_be_public: false,
      network_rules: { default_action: "Deny" },
    });
  });

  test("keeps versions and soft-deleted blobs and containers for the configured days", () => {
    expect(storage.blob_properties).toMatchObject({
      versioning_enabled: true,
      delete_retention_policy: { days: 30 },
      container_delete_retention_policy: { days: 30 },
    });
  });

  test("the artifacts container is private and created through Resource Manager (by account id)", () => {
    expect(resourceAt(json, "azurerm_storage_container", "artifacts/artifacts-container")).toMatchObject({
      name: "mlflow-artifacts",
      container_access_type: "private",
      storage_account_id: refTo(json, "azurerm_storage_account", "artifacts/storage-account", "id"),
    });
  });
});

describe("Key Vault", () => {
  test("uses RBAC authorization and purge protection", () => {
    expect(keyVault).toMatchObject({
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
    });
  });

  test("has no public network access at all, trusted Azure services included", () => {
    expect(keyVault).toMatchObject({
      public_network_access_enabled: false,
      network_acls: { default_action: "Deny", bypass: "None" },
    });
  });

  test("every secret is written through Resource Manager (a template deployment), never the data plane", () => {
    expect(resourcesOf(json, "azurerm_key_vault_secret")).toEqual({});
    const secrets = Object.values(resourcesOf(json, "azurerm_resource_group_template_deployment"));
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    for (const secret of secrets) {
      expect(secret.deployment_mode).toBe("Incremental");
      expect(JSON.parse(String(secret.template_content))).toEqual(VAULT_SECRET_TEMPLATE);
    }
  });

  test("the template takes the value as a securestring and outputs only the secret's URI, never its value", () => {
    expect(VAULT_SECRET_TEMPLATE.parameters.value.type).toBe("securestring");
    expect(VAULT_SECRET_TEMPLATE.resources).toEqual([
      expect.objectContaining({
        type: "Microsoft.KeyVault/vaults/secrets",
        apiVersion: KEY_VAULT_SECRETS_API_VERSION,
        properties: expect.objectContaining({
          value: "[parameters('value')]",
          contentType: "[parameters('contentType')]",
        }),
      }),
    ]);
    expect(JSON.stringify(VAULT_SECRET_TEMPLATE.outputs)).not.toMatch(/\.value\b|parameters\('value'\)/);
  });

  test("a secret's value settles after apply, and a new password (and only that) writes a new version", () => {
    const secret = resourceAt(
      json,
      "azurerm_resource_group_template_deployment",
      "backend-store/backend-store-uri-secret",
    );
    expect(secret.lifecycle).toEqual({
      ignore_changes: ["parameters_content"],
      replace_triggered_by: [`${"$"}{${addressOf(json, "random_password", "backend-store/admin-password")}}`],
    });
  });

  test("the deployer needs no data-plane role: Terraform grants none on the vault", () => {
    const roles = Object.values(resourcesOf(json, "azurerm_role_assignment")).map(
      (r) => r.role_definition_name,
    );
    expect(roles).not.toContain("Key Vault Secrets Officer");
    expect(text).not.toContain('azurerm_client_config.azurerm-client.object_id}",\n        "role');
  });
});

describe("rotating the database password", () => {
  test("database.adminPasswordVersion is a keeper of the generated password", () => {
    const password = (config: object) =>
      resourceAt(synthDataPlane(config).json, "random_password", "backend-store/admin-password");
    expect(password({}).keepers).toEqual({ version: "1" });
    expect(password({ database: { adminPasswordVersion: 2 } }).keepers).toEqual({ version: "2" });
  });
});

describe("PostgreSQL flexible server", () => {
  test("is version 16 on the default burstable SKU, VNet-injected, with no public access", () => {
    expect(server).toMatchObject({
      version: "16",
      sku_name: "B_Standard_B1ms",
      public_network_access_enabled: false,
      delegated_subnet_id: refTo(json, "azurerm_subnet", "subnet-postgres", "id"),
      private_dns_zone_id: refTo(json, "azurerm_private_dns_zone", "private-dns/postgres", "id"),
    });
  });

  test("is created only after its private DNS zone is linked to the VNet", () => {
    expect(server.depends_on).toContain(
      refTo(json, "azurerm_private_dns_zone_virtual_network_link", "private-dns/postgres-link", "id").replace(
        /^\$\{(.*)\.id\}$/,
        "$1",
      ),
    );
  });

  test("keeps backups for the configured days, geo-redundant when asked", () => {
    expect(server).toMatchObject({ backup_retention_days: 7, geo_redundant_backup_enabled: false });
    const { json: prod } = synthDataPlane({
      database: { backupRetentionDays: 35, geoRedundantBackup: true },
    });
    expect(resourceAt(prod, "azurerm_postgresql_flexible_server", "backend-store/server")).toMatchObject({
      backup_retention_days: 35,
      geo_redundant_backup_enabled: true,
    });
  });

  test("requires TLS 1.2 or later for every connection", () => {
    expect(
      resourceAt(
        json,
        "azurerm_postgresql_flexible_server_configuration",
        "backend-store/require-secure-transport",
      ),
    ).toMatchObject({
      name: "require_secure_transport",
      value: "on",
    });
    expect(
      resourceAt(
        json,
        "azurerm_postgresql_flexible_server_configuration",
        "backend-store/ssl-min-protocol-version",
      ),
    ).toMatchObject({
      name: "ssl_min_protocol_version",
      value: "TLSv1.2",
    });
  });

  test("the admin password is generated by Terraform, never written in the configuration", () => {
    expect(server.administrator_password).toBe(
      refTo(json, "random_password", "backend-store/admin-password", "result"),
    );
  });

  test("the mlflow database exists on the server", () => {
    expect(
      resourceAt(json, "azurerm_postgresql_flexible_server_database", "backend-store/database"),
    ).toMatchObject({
      name: "mlflow",
      server_id: refTo(json, "azurerm_postgresql_flexible_server", "backend-store/server", "id"),
    });
  });

  test("the backend-store URI secret is built from references, with TLS required", () => {
    const secret = resourceAt(
      json,
      "azurerm_resource_group_template_deployment",
      "backend-store/backend-store-uri-secret",
    );
    const password = refTo(json, "random_password", "backend-store/admin-password", "result").slice(2, -1);
    const fqdn = refTo(json, "azurerm_postgresql_flexible_server", "backend-store/server", "fqdn").slice(
      2,
      -1,
    );
    expect(secret.name).toBe("kv-secret-mlflow-backend-store-uri");
    expect(secret.parameters_content).toContain(
      `"value" = {"value" = "postgresql+psycopg2://mlflowadmin:\${${password}}@\${${fqdn}}:5432/mlflow?sslmode=require"}`,
    );
  });
});

describe("private endpoints", () => {
  test.each([
    [
      "artifacts/private-endpoint",
      "azurerm_storage_account",
      "artifacts/storage-account",
      "blob",
      "private-dns/blob",
    ],
    ["secrets/private-endpoint", "azurerm_key_vault", "secrets/key-vault", "vault", "private-dns/key-vault"],
  ])(
    "%s connects %s to the private-endpoints subnet and registers in its DNS zone",
    (path, targetType, targetPath, subresource, zone) => {
      expect(resourceAt(json, "azurerm_private_endpoint", path)).toMatchObject({
        subnet_id: refTo(json, "azurerm_subnet", "subnet-private-endpoints", "id"),
        private_service_connection: {
          private_connection_resource_id: refTo(json, targetType, targetPath, "id"),
          subresource_names: [subresource],
          is_manual_connection: false,
        },
        private_dns_zone_group: {
          private_dns_zone_ids: [refTo(json, "azurerm_private_dns_zone", zone, "id")],
        },
      });
    },
  );
});

describe("identity and role assignments", () => {
  const identityPrincipal = refTo(
    json,
    "azurerm_user_assigned_identity",
    "data/mlflow-identity",
    "principal_id",
  );

  test("the MLflow identity may read and write blobs in the artifacts container only", () => {
    expect(resourceAt(json, "azurerm_role_assignment", "data/mlflow-blob-contributor")).toMatchObject({
      role_definition_name: "Storage Blob Data Contributor",
      principal_id: identityPrincipal,
      scope: refTo(json, "azurerm_storage_container", "artifacts/artifacts-container", "id"),
    });
  });

  test("the MLflow identity may read the backend-store URI secret and no other", () => {
    expect(resourceAt(json, "azurerm_role_assignment", "data/mlflow-backend-secret-user")).toMatchObject({
      role_definition_name: "Key Vault Secrets User",
      principal_id: identityPrincipal,
      scope: `${refTo(json, "azurerm_key_vault", "secrets/key-vault", "id")}/secrets/mlflow-backend-store-uri`,
      depends_on: [
        addressOf(
          json,
          "azurerm_resource_group_template_deployment",
          "backend-store/backend-store-uri-secret",
        ),
      ],
    });
  });

  test("the data plane assigns no other roles", () => {
    const dataPlaneRoles = Object.keys(resourcesOf(json, "azurerm_role_assignment")).filter((p) =>
      p.startsWith("data/"),
    );
    expect(dataPlaneRoles.sort()).toEqual([
      "data/mlflow-backend-secret-user",
      "data/mlflow-blob-contributor",
    ]);
  });
});

describe("data protection and logs", () => {
  test.each([
    ["azurerm_log_analytics_workspace", "data/log-analytics"],
    ["azurerm_storage_container", "artifacts/artifacts-container"],
    ["azurerm_storage_account", "artifacts/storage-account"],
    ["azurerm_key_vault", "secrets/key-vault"],
    ["azurerm_postgresql_flexible_server", "backend-store/server"],
    ["azurerm_postgresql_flexible_server_database", "backend-store/database"],
  ])("%s carries prevent_destroy", (type, path) => {
    expect(resourceAt(json, type, path).lifecycle).toMatchObject({ prevent_destroy: true });
  });

  test.each([
    [
      "secrets/diagnostics",
      refTo(json, "azurerm_key_vault", "secrets/key-vault", "id"),
      "Microsoft.KeyVault/vaults",
    ],
    [
      "backend-store/diagnostics",
      refTo(json, "azurerm_postgresql_flexible_server", "backend-store/server", "id"),
      "Microsoft.DBforPostgreSQL/flexibleServers",
    ],
    [
      "artifacts/blob-diagnostics",
      `${refTo(json, "azurerm_storage_account", "artifacts/storage-account", "id")}/blobServices/default`,
      "Microsoft.Storage/storageAccounts/blobServices",
    ],
  ] as const)(
    "%s sends every log and metric category its target type has, to the workspace",
    (path, target, type) => {
      const setting = resourceAt(json, "azurerm_monitor_diagnostic_setting", path);
      expect(setting).toMatchObject({
        target_resource_id: target,
        log_analytics_workspace_id: refTo(
          json,
          "azurerm_log_analytics_workspace",
          "data/log-analytics",
          "id",
        ),
        enabled_log: DIAGNOSTIC_TARGETS[type].logCategories.map((category) => ({ category })),
        enabled_metric: DIAGNOSTIC_TARGETS[type].metricCategories.map((category) => ({ category })),
      });
      // None of these types lets the caller choose the table: a value would read back empty and diff forever.
      expect(setting).not.toHaveProperty("log_analytics_destination_type");
    },
  );

  test("blob services get their own metric categories, not AllMetrics (Azure refuses it there)", () => {
    expect(DIAGNOSTIC_TARGETS["Microsoft.Storage/storageAccounts/blobServices"].metricCategories).toEqual([
      "Capacity",
      "Transaction",
    ]);
  });
});

describe("no secret is ever a literal", () => {
  test("no password, key or connection string appears in the synthesized JSON", () => {
    expect(text).not.toMatch(/AccountKey=|SharedAccessSignature=|sig=|-----BEGIN/);
    // Every credential-like attribute holds a Terraform reference, not a value.
    const credentialAttribute =
      /"(?:[a-z_]*password|client_secret|access_key|[a-z_]*connection_string)":\s*"([^"]*)"/g;
    for (const match of text.matchAll(credentialAttribute)) expect(match[1]).toMatch(/\$\{/);
    for (const secret of Object.values(resourcesOf(json, "azurerm_resource_group_template_deployment")))
      expect(secret.parameters_content).toMatch(/^\$\{jsonencode\(/);
    // URLs carry no user:password@ literal (wasbs://container@account has no password part).
    for (const match of text.matchAll(/[a-z+0-9]+:\/\/[^/@"\s:]+:([^/@"\s]+)@/g))
      expect(match[1]).toMatch(/^\$\{/);
  });
});
