import { Password } from "@cdktf/provider-random/lib/password";
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

/** The data plane with one secret a front door would add (DataPlane.addSecret), to see how secrets are written. */
function synthWithSecret() {
  const { stack, frontDoorProps } = foundation({}, { name: "test", base: DEV_LIKE });
  const password = new Password(stack, "probe-password", { length: 32 });
  frontDoorProps.dataPlane.addSecret(stack, "probe-secret", {
    name: "probe",
    value: password.result,
    contentType: "text/plain",
    valueFrom: [password],
  });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
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

  test("the data plane itself keeps no secret in the vault: the database has no password", () => {
    expect(resourcesOf(json, "azurerm_key_vault_secret")).toEqual({});
    expect(resourcesOf(json, "azurerm_resource_group_template_deployment")).toEqual({});
    expect(resourcesOf(json, "random_password")).toEqual({});
  });

  test("a secret a front door adds is written through Resource Manager (a template deployment), never the data plane", () => {
    const withSecret = synthWithSecret();
    expect(resourcesOf(withSecret, "azurerm_key_vault_secret")).toEqual({});
    const secrets = Object.values(resourcesOf(withSecret, "azurerm_resource_group_template_deployment"));
    expect(secrets).toHaveLength(1);
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

  test("a secret's value settles after apply, and a new value (and only that) writes a new version", () => {
    const withSecret = synthWithSecret();
    const secret = resourceAt(withSecret, "azurerm_resource_group_template_deployment", "probe-secret");
    expect(secret.lifecycle).toEqual({
      ignore_changes: ["parameters_content"],
      replace_triggered_by: [`${"$"}{${addressOf(withSecret, "random_password", "probe-password")}}`],
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

  test("accepts Microsoft Entra sign-in only: no administrator login, no password, this tenant's tokens", () => {
    expect(server.authentication).toEqual({
      password_auth_enabled: false,
      active_directory_auth_enabled: true,
      tenant_id: "${data.azurerm_client_config.azurerm-client.tenant_id}",
    });
    expect(server).not.toHaveProperty("administrator_login");
    expect(server).not.toHaveProperty("administrator_password");
    expect(server).not.toHaveProperty("administrator_password_wo");
  });

  test("an existing server moves to Entra-only in place: its old login and password are never sent, never force a new server", () => {
    // azurerm v4.55.0: a change of administrator_login forces a new server; dropping administrator_password would
    // PATCH an empty one. Ignored, the upgrade is an in-place update of `authentication` (constructs/data/postgres.ts).
    expect(server.lifecycle).toEqual({
      prevent_destroy: true,
      ignore_changes: [
        "zone",
        "high_availability[0].standby_availability_zone",
        "administrator_login",
        "administrator_password",
      ],
    });
  });

  test("a dedicated identity is the server's Entra administrator, as a service principal of this tenant", () => {
    const admin = resourceAt(
      json,
      "azurerm_postgresql_flexible_server_active_directory_administrator",
      "backend-store/entra-administrator",
    );
    expect(admin).toEqual({
      server_name: refTo(json, "azurerm_postgresql_flexible_server", "backend-store/server", "name"),
      resource_group_name: refTo(json, "azurerm_resource_group", "resource-group", "name"),
      tenant_id: "${data.azurerm_client_config.azurerm-client.tenant_id}",
      object_id: refTo(
        json,
        "azurerm_user_assigned_identity",
        "backend-store/administrator-identity",
        "principal_id",
      ),
      principal_name: refTo(
        json,
        "azurerm_user_assigned_identity",
        "backend-store/administrator-identity",
        "name",
      ),
      principal_type: "ServicePrincipal",
    });
    expect(
      resourceAt(json, "azurerm_user_assigned_identity", "backend-store/administrator-identity").name,
    ).toBe("id-mlflow-test-dbadmin");
  });

  test("the MLflow identity is not an administrator: it is the only other identity, and the one the hosts sign in as", () => {
    const admins = Object.values(
      resourcesOf(json, "azurerm_postgresql_flexible_server_active_directory_administrator"),
    );
    expect(admins.map((a) => a.object_id)).toEqual([
      refTo(json, "azurerm_user_assigned_identity", "backend-store/administrator-identity", "principal_id"),
    ]);
  });

  test("database.administratorGroup adds a people group as a second (break-glass) administrator", () => {
    const { json: withGroup } = synthDataPlane({
      database: {
        administratorGroup: {
          objectId: "00000000-0000-0000-0000-0000000000aa",
          displayName: "MLflow DB admins",
        },
      },
    });
    expect(
      resourceAt(
        withGroup,
        "azurerm_postgresql_flexible_server_active_directory_administrator",
        "backend-store/entra-administrator-group",
      ),
    ).toMatchObject({
      object_id: "00000000-0000-0000-0000-0000000000aa",
      principal_name: "MLflow DB admins",
      principal_type: "Group",
    });
  });

  test("the mlflow database exists on the server", () => {
    expect(
      resourceAt(json, "azurerm_postgresql_flexible_server_database", "backend-store/database"),
    ).toMatchObject({
      name: "mlflow",
      server_id: refTo(json, "azurerm_postgresql_flexible_server", "backend-store/server", "id"),
    });
  });

  test("MLflow's auth database (users, admins, grants) is a database of its own on the same server, never destroyed", () => {
    expect(
      resourceAt(json, "azurerm_postgresql_flexible_server_database", "backend-store/auth-database"),
    ).toEqual({
      name: "mlflow_auth",
      server_id: refTo(json, "azurerm_postgresql_flexible_server", "backend-store/server", "id"),
      charset: "UTF8",
      collation: "en_US.utf8",
      lifecycle: { prevent_destroy: true },
    });
    // A new construct id: no existing resource moves to make room for it.
    expect(
      addressOf(json, "azurerm_postgresql_flexible_server_database", "backend-store/auth-database"),
    ).toMatch(/^azurerm_postgresql_flexible_server_database\.data_backend-store_auth-database_[0-9A-F]{8}$/);
  });

  test("the server and the database keep the Terraform addresses they had with password sign-in (no replacement)", () => {
    // The addresses of 0.2: a changed construct id would destroy and re-create the data (prevent_destroy refuses it).
    expect(addressOf(json, "azurerm_postgresql_flexible_server", "backend-store/server")).toBe(
      "azurerm_postgresql_flexible_server.data_backend-store_server_688FCABA",
    );
    expect(addressOf(json, "azurerm_postgresql_flexible_server_database", "backend-store/database")).toBe(
      "azurerm_postgresql_flexible_server_database.data_backend-store_database_A1FFE0D8",
    );
    expect(server.name).toBe("psql-mlflow-test-t3st01");
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

  test("the data plane assigns no other roles: none on Key Vault (nothing there to read), none to the administrator", () => {
    const roles = Object.entries(resourcesOf(json, "azurerm_role_assignment"));
    expect(roles.map(([path]) => path)).toEqual(["data/mlflow-blob-contributor"]);
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
