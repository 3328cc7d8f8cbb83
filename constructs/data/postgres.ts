import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PostgresqlFlexibleServerActiveDirectoryAdministrator } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-active-directory-administrator";
import { PostgresqlFlexibleServerConfiguration } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration";
import { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { ResourceReference } from "../references";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedDatabaseConfig } from "../config";
import type { PostgresEntraLogin } from "../postgres-entra-auth";
import type { DataComponentProps } from "./component-props";
import { Diagnostics } from "./monitoring";

export const DATABASE_NAME = "mlflow";
/**
 * MLflow's auth database (users, admins and grants of `mlflow server --app-name basic-auth`) on the same server: the
 * auth store migrates itself with its own Alembic version table, `alembic_version_auth`, so it could share `mlflow`,
 * but a database of its own keeps the two schemas' migrations and backups apart (server/python/SOURCES.md, section 1).
 */
export const AUTH_DATABASE_NAME = "mlflow_auth";
/**
 * The password administrator of servers deployed before Entra-only authentication (0.2 and earlier). Its role stays
 * on an upgraded server, unable to sign in; the MLflow host hands what it owns to the MLflow principal.
 */
export const FORMER_ADMINISTRATOR_LOGIN = "mlflowadmin";

export interface BackendStoreProps extends DataComponentProps {
  /** SKU, storage, backups and the optional break-glass administrator group. */
  readonly settings: ResolvedDatabaseConfig;
  /** Entra tenant whose tokens the server accepts (a plan-time reference is fine). */
  readonly tenantId: string;
  /**
   * The identity MLflow runs as (named `names.mlflowIdentity`); it signs in to the database as a regular principal
   * of the same name.
   */
  readonly mlflowIdentity: UserAssignedIdentity;
  /** The subnet delegated to PostgreSQL flexible servers (VNet injection). */
  readonly delegatedSubnet: ResourceReference;
  /** The `*.postgres.database.azure.com` private DNS zone the server registers in. */
  readonly dnsZone: ResourceReference;
  /** The zone's VNet links: the server must find its zone linked when it is created. */
  readonly dnsZoneLinks: readonly ITerraformDependable[];
}

/**
 * PostgreSQL flexible server (MLflow's backend store) with private access only (VNet injection into the delegated
 * subnet, no public endpoint, TLS required) and Microsoft Entra authentication only: no administrator login, no
 * password, nothing to keep in Key Vault or in Terraform state.
 *
 * Who is administrator, and why (README, "The database: Entra sign-in only"):
 * - A dedicated user-assigned identity, `id-mlflow-<env>-dbadmin`, is the server's Entra administrator. Learn: "Only
 *   Microsoft Entra administrator users can create or enable users for Microsoft Entra ID-based authentication. Don't
 *   use the Microsoft Entra administrator for regular database operations because that role has elevated user
 *   permissions, such as CREATEDB" (https://learn.microsoft.com/azure/postgresql/security/security-entra-configure).
 * - The MLflow hosts carry it, and use it only in the start script's bootstrap, before MLflow starts: it creates the
 *   MLflow identity's role with `pgaadauth_create_principal_with_oid` (linked by object id, not display name) and
 *   lets it create tables in the public schema. MLflow itself signs in as that regular role. No secret, and no network
 *   path from Terraform into the VNet: Terraform only names the administrator through Resource Manager.
 * - Optionally a people group as a second administrator (`database.administratorGroup`), for break-glass work.
 */
export class BackendStore extends Construct {
  readonly server: PostgresqlFlexibleServer;
  readonly database: PostgresqlFlexibleServerDatabase;
  /**
   * MLflow's auth database (AUTH_DATABASE_NAME). Created in both modes, like everything of the data plane: a front
   * door that runs MLflow's permissions adds it to the databases its bootstrap prepares (mlflow-server.ts).
   */
  readonly authDatabase: PostgresqlFlexibleServerDatabase;
  /** The server's Entra administrator, used only by the hosts' bootstrap (see above). */
  readonly administratorIdentity: UserAssignedIdentity;
  /** Makes administratorIdentity the server's Entra administrator. */
  readonly administrator: PostgresqlFlexibleServerActiveDirectoryAdministrator;
  /** The break-glass group administrator, when `database.administratorGroup` is set. */
  readonly administratorGroup: PostgresqlFlexibleServerActiveDirectoryAdministrator | undefined;
  /** How the MLflow hosts sign in and prepare the database (constructs/postgres-entra-auth). */
  readonly login: PostgresEntraLogin;
  /** Server logs and metrics to Log Analytics. */
  readonly diagnostics: Diagnostics;
  /** `require_secure_transport = on` and `ssl_min_protocol_version = TLSv1.2`. */
  readonly tlsSettings: readonly PostgresqlFlexibleServerConfiguration[];

  constructor(scope: Construct, id: string, props: BackendStoreProps) {
    super(scope, id);
    const { names, resourceGroup, settings, tenantId } = props;

    this.server = new PostgresqlFlexibleServer(this, "server", {
      name: names.postgresServer,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      version: "16",
      skuName: settings.skuName,
      storageMb: settings.storageMb,
      autoGrowEnabled: true,
      backupRetentionDays: settings.backupRetentionDays,
      geoRedundantBackupEnabled: settings.geoRedundantBackup,
      delegatedSubnetId: props.delegatedSubnet.id,
      privateDnsZoneId: props.dnsZone.id,
      publicNetworkAccessEnabled: false,
      // Entra ID only. azurerm v4.55.0 refuses administrator_login/password at creation when password auth is off,
      // and needs tenant_id with Entra auth (internal/services/postgres/postgresql_flexible_server_resource.go).
      authentication: { passwordAuthEnabled: false, activeDirectoryAuthEnabled: true, tenantId },
      tags: { ...props.tags },
      // The server must find its private DNS zone already linked to the VNet.
      dependsOn: [...props.dnsZoneLinks],
      lifecycle: {
        preventDestroy: true,
        ignoreChanges: [
          // Azure picks an availability zone when none is given; do not fight it on the next plan.
          "zone",
          "high_availability[0].standby_availability_zone",
          // Servers created before Entra-only auth have an administrator login and password in state. At v4.55.0
          // (same file): administrator_login is Optional+Computed, and a CustomizeDiff forces a new server whenever it
          // changes from a non-empty value; administrator_password is plain Optional, and removing it would PATCH an
          // empty password. Ignored, neither is sent: the upgrade is an in-place update of `authentication` (the
          // Update function PATCHes authConfig; the provider's acceptance tests TestAccPostgresqlFlexibleServer_authConfig
          // and _disablePwdAuth switch Entra on and passwords off in place), and the old password, useless once
          // password auth is off, stays only in state (README, "Upgrading to Entra-only PostgreSQL").
          "administrator_login",
          "administrator_password",
        ],
      },
    });
    // Explicit, so a review (and the rule pack) sees it: both are the server defaults today.
    // https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls
    this.tlsSettings = [
      new PostgresqlFlexibleServerConfiguration(this, "require-secure-transport", {
        serverId: this.server.id,
        name: "require_secure_transport",
        value: "on",
      }),
      new PostgresqlFlexibleServerConfiguration(this, "ssl-min-protocol-version", {
        serverId: this.server.id,
        name: "ssl_min_protocol_version",
        value: "TLSv1.2",
      }),
    ];
    this.database = new PostgresqlFlexibleServerDatabase(this, "database", {
      name: DATABASE_NAME,
      serverId: this.server.id,
      charset: "UTF8",
      collation: "en_US.utf8",
      lifecycle: { preventDestroy: true },
    });
    // Users, admins and every grant: as precious as the experiments they protect.
    this.authDatabase = new PostgresqlFlexibleServerDatabase(this, "auth-database", {
      name: AUTH_DATABASE_NAME,
      serverId: this.server.id,
      charset: "UTF8",
      collation: "en_US.utf8",
      lifecycle: { preventDestroy: true },
    });
    this.diagnostics = new Diagnostics(this, "diagnostics", {
      targetResourceId: this.server.id,
      targetType: "Microsoft.DBforPostgreSQL/flexibleServers",
      workspace: props.logAnalytics,
    });

    this.administratorIdentity = new UserAssignedIdentity(this, "administrator-identity", {
      name: names.databaseAdministratorIdentity,
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      tags: { ...props.tags },
    });
    // A managed identity is a service principal; its role in PostgreSQL is principal_name. object_id is the
    // identity's principal (object) id. https://learn.microsoft.com/azure/postgresql/security/security-manage-entra-users
    this.administrator = new PostgresqlFlexibleServerActiveDirectoryAdministrator(
      this,
      "entra-administrator",
      {
        serverName: this.server.name,
        resourceGroupName: resourceGroup.name,
        tenantId,
        objectId: this.administratorIdentity.principalId,
        principalName: this.administratorIdentity.name,
        principalType: "ServicePrincipal",
      },
    );
    const group = settings.administratorGroup;
    this.administratorGroup = group
      ? new PostgresqlFlexibleServerActiveDirectoryAdministrator(this, "entra-administrator-group", {
          serverName: this.server.name,
          resourceGroupName: resourceGroup.name,
          tenantId,
          objectId: group.objectId,
          principalName: group.displayName,
          principalType: "Group",
        })
      : undefined;

    // Role names are the identities' names, known at synth (they go into the URI and the bootstrap's arguments).
    this.login = {
      host: this.server.fqdn,
      databases: [DATABASE_NAME],
      principal: { role: names.mlflowIdentity, clientId: props.mlflowIdentity.clientId },
      principalObjectId: props.mlflowIdentity.principalId,
      administrator: {
        role: names.databaseAdministratorIdentity,
        clientId: this.administratorIdentity.clientId,
      },
      legacyOwners: [FORMER_ADMINISTRATOR_LOGIN],
    };
  }
}
