import { PostgresqlFlexibleServerConfiguration } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration";
import { PostgresqlFlexibleServerFirewallRule } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-firewall-rule";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { postgresBackups } from "../../../constructs/policy/rules/postgres-backups";
import { postgresEntraOnly } from "../../../constructs/policy/rules/postgres-entra-only";
import { postgresNoFirewallRules } from "../../../constructs/policy/rules/postgres-no-firewall-rules";
import { postgresPrivateAccess } from "../../../constructs/policy/rules/postgres-private-access";
import { postgresTls } from "../../../constructs/policy/rules/postgres-tls";
import { postgresServer } from "./fixtures";
import type { RuleCase } from "./rule-case";
import type { Construct } from "constructs";

export const POSTGRES_CASES: readonly RuleCase[] = [
  {
    rule: postgresPrivateAccess,
    compliant: (scope) => postgresServer(scope),
    nonCompliant: (scope) => postgresServer(scope, { publicNetworkAccessEnabled: undefined }),
    problem: "public_network_access_enabled is unset (the default is true)",
  },
  {
    rule: postgresPrivateAccess,
    name: "VNet injection and a private endpoint together",
    compliant: (scope) => {
      const server = postgresServer(scope, { delegatedSubnetId: undefined });
      privateEndpointTo(scope, server.id);
    },
    nonCompliant: (scope) => {
      const server = postgresServer(scope);
      privateEndpointTo(scope, server.id);
    },
    problem: "both VNet-injected (delegated_subnet_id) and behind a private endpoint",
  },
  {
    rule: postgresTls,
    compliant: (scope) => {
      new PostgresqlFlexibleServerConfiguration(scope, "tls", {
        name: "require_secure_transport",
        serverId: "/p",
        value: "on",
      });
      new PostgresqlFlexibleServerConfiguration(scope, "tls-version", {
        name: "ssl_min_protocol_version",
        serverId: "/p",
        value: "TLSv1.2",
      });
      new PostgresqlFlexibleServerConfiguration(scope, "other", {
        name: "log_min_duration_statement",
        serverId: "/p",
        value: "500",
      });
    },
    nonCompliant: (scope) =>
      new PostgresqlFlexibleServerConfiguration(scope, "tls", {
        name: "require_secure_transport",
        serverId: "/p",
        value: "off",
      }),
    problem: 'require_secure_transport is "off"',
  },
  {
    rule: postgresTls,
    name: "TLS 1.1 allowed",
    compliant: (scope) =>
      new PostgresqlFlexibleServerConfiguration(scope, "tls", {
        name: "ssl_min_protocol_version",
        serverId: "/p",
        value: "TLSv1.3",
      }),
    nonCompliant: (scope) =>
      new PostgresqlFlexibleServerConfiguration(scope, "tls", {
        name: "ssl_min_protocol_version",
        serverId: "/p",
        value: "TLSv1.1",
      }),
    problem: 'ssl_min_protocol_version is "TLSv1.1"',
  },
  {
    rule: postgresNoFirewallRules,
    compliant: (scope) => postgresServer(scope),
    nonCompliant: (scope) =>
      new PostgresqlFlexibleServerFirewallRule(scope, "azure-services", {
        name: "azure",
        serverId: "/p",
        startIpAddress: "0.0.0.0",
        endIpAddress: "0.0.0.0",
      }),
    problem: "a firewall rule admits 0.0.0.0-0.0.0.0",
  },
  {
    rule: postgresBackups,
    compliant: (scope) => postgresServer(scope, { backupRetentionDays: 35, geoRedundantBackupEnabled: true }),
    nonCompliant: (scope) =>
      postgresServer(scope, { backupRetentionDays: undefined, geoRedundantBackupEnabled: undefined }),
    problem: /backup_retention_days is unset.*geo_redundant_backup_enabled is unset/,
  },
  {
    rule: postgresEntraOnly,
    compliant: (scope) => postgresServer(scope),
    nonCompliant: (scope) =>
      postgresServer(scope, {
        authentication: { passwordAuthEnabled: true, activeDirectoryAuthEnabled: true, tenantId: "t" },
        administratorLogin: "mlflowadmin",
        administratorPassword: "${random_password.db.result}",
      }),
    problem: "authentication.password_auth_enabled is true; administrator_password is set",
  },
  {
    rule: postgresEntraOnly,
    name: "password authentication left at azurerm's default",
    compliant: (scope) => postgresServer(scope),
    nonCompliant: (scope) => {
      postgresServer(scope, { authentication: undefined }, "no-block");
      postgresServer(scope, { authentication: { tenantId: "t" } }, "empty-block");
    },
    problem:
      /the authentication block is absent, so password authentication is on \(the default\)[\s\S]*authentication\.password_auth_enabled is unset \(the default is true\); authentication\.active_directory_auth_enabled is unset \(the default is false\)/,
  },
];

/** A private endpoint to a PostgreSQL server (the second private path MLF-PG-1 refuses next to VNet injection). */
function privateEndpointTo(scope: Construct, serverId: string): void {
  new PrivateEndpoint(scope, "endpoint", {
    name: "pe",
    location: "westeurope",
    resourceGroupName: "rg",
    subnetId: "/s",
    privateServiceConnection: {
      name: "c",
      isManualConnection: false,
      privateConnectionResourceId: serverId,
      subresourceNames: ["postgresqlServer"],
    },
  });
}
