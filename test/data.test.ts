import { DEV_LIKE, refTo, resourceAt, resourcesOf, synthStack } from "./support/synth";

const { json, text } = synthStack({ ...DEV_LIKE, deployerIpRanges: ["203.0.113.7"] });
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

  test("the provider uses Entra ID for storage and never reads the storage data plane", () => {
    const azurerm = (json.provider!.azurerm as Record<string, unknown>[])[0];
    expect(azurerm.storage_use_azuread).toBe(true);
    expect(azurerm.features).toEqual([
      expect.objectContaining({ storage: [{ data_plane_available: false }] }),
    ]);
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

  test("denies every network except the listed deployer addresses and trusted Azure services", () => {
    expect(keyVault).toMatchObject({
      public_network_access_enabled: true,
      network_acls: { default_action: "Deny", bypass: "AzureServices", ip_rules: ["203.0.113.7"] },
    });
  });

  test("without deployer addresses, public network access is off entirely", () => {
    const { json: closed } = synthStack(DEV_LIKE);
    expect(resourceAt(closed, "azurerm_key_vault", "secrets/key-vault")).toMatchObject({
      public_network_access_enabled: false,
      network_acls: { default_action: "Deny", ip_rules: [] },
    });
  });

  test("every secret has a content type and waits for the deployer's Secrets Officer role", () => {
    const secrets = Object.values(resourcesOf(json, "azurerm_key_vault_secret"));
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    for (const secret of secrets) {
      expect(secret.content_type).toEqual(expect.any(String));
      expect(secret.depends_on).toContain(
        refTo(json, "azurerm_role_assignment", "secrets/deployer-secrets-officer", "id").replace(
          /^\$\{(.*)\.id\}$/,
          "$1",
        ),
      );
    }
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
    const { json: prod } = synthStack({
      ...DEV_LIKE,
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
    const secret = resourceAt(json, "azurerm_key_vault_secret", "backend-store/backend-store-uri-secret");
    const password = refTo(json, "random_password", "backend-store/admin-password", "result");
    const fqdn = refTo(json, "azurerm_postgresql_flexible_server", "backend-store/server", "fqdn");
    expect(secret).toMatchObject({
      name: "mlflow-backend-store-uri",
      value: `postgresql+psycopg2://mlflowadmin:${password}@${fqdn}:5432/mlflow?sslmode=require`,
    });
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
      scope: refTo(
        json,
        "azurerm_key_vault_secret",
        "backend-store/backend-store-uri-secret",
        "resource_versionless_id",
      ),
    });
  });

  test("the deployer gets Key Vault Secrets Officer on the vault, resolved at plan time", () => {
    expect(resourceAt(json, "azurerm_role_assignment", "secrets/deployer-secrets-officer")).toMatchObject({
      role_definition_name: "Key Vault Secrets Officer",
      principal_id: "${data.azurerm_client_config.azurerm-client.object_id}",
      scope: refTo(json, "azurerm_key_vault", "secrets/key-vault", "id"),
    });
  });

  test("the data plane assigns no other roles", () => {
    const dataPlaneRoles = Object.keys(resourcesOf(json, "azurerm_role_assignment")).filter((p) =>
      p.startsWith("data/"),
    );
    expect(dataPlaneRoles.sort()).toEqual([
      "data/mlflow-backend-secret-user",
      "data/mlflow-blob-contributor",
      "data/secrets/deployer-secrets-officer",
    ]);
  });
});

describe("data protection and logs", () => {
  test.each([
    ["azurerm_resource_group", "resource-group"],
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
    ["secrets/diagnostics", refTo(json, "azurerm_key_vault", "secrets/key-vault", "id")],
    [
      "backend-store/diagnostics",
      refTo(json, "azurerm_postgresql_flexible_server", "backend-store/server", "id"),
    ],
    [
      "artifacts/blob-diagnostics",
      `${refTo(json, "azurerm_storage_account", "artifacts/storage-account", "id")}/blobServices/default`,
    ],
  ])("%s sends all logs and metrics to the Log Analytics workspace", (path, target) => {
    expect(resourceAt(json, "azurerm_monitor_diagnostic_setting", path)).toMatchObject({
      target_resource_id: target,
      log_analytics_workspace_id: refTo(json, "azurerm_log_analytics_workspace", "data/log-analytics", "id"),
      enabled_log: [{ category_group: "allLogs" }],
      enabled_metric: [{ category: "AllMetrics" }],
    });
  });
});

describe("no secret is ever a literal", () => {
  test("no password, key or connection string appears in the synthesized JSON", () => {
    expect(text).not.toMatch(/AccountKey=|SharedAccessSignature=|sig=|-----BEGIN/);
    // Every credential-like attribute holds a Terraform reference, not a value.
    const credentialAttribute =
      /"(?:[a-z_]*password|client_secret|access_key|[a-z_]*connection_string)":\s*"([^"]*)"/g;
    for (const match of text.matchAll(credentialAttribute)) expect(match[1]).toMatch(/\$\{/);
    for (const secret of Object.values(resourcesOf(json, "azurerm_key_vault_secret")))
      expect(secret.value).toMatch(/\$\{/);
    // URLs carry no user:password@ literal (wasbs://container@account has no password part).
    for (const match of text.matchAll(/[a-z+0-9]+:\/\/[^/@"\s:]+:([^/@"\s]+)@/g))
      expect(match[1]).toMatch(/^\$\{/);
  });
});
