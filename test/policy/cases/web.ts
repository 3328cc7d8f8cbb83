import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import type { Construct } from "constructs";
import { webAuthentication } from "../../../constructs/policy/rules/web-authentication";
import { webBasicAuthPublishing } from "../../../constructs/policy/rules/web-basic-auth-publishing";
import { webDiagnosticLogs } from "../../../constructs/policy/rules/web-diagnostic-logs";
import { webFtpDisabled } from "../../../constructs/policy/rules/web-ftp-disabled";
import { webHealthCheck } from "../../../constructs/policy/rules/web-health-check";
import { webHttp2 } from "../../../constructs/policy/rules/web-http2";
import { webHttpsOnly } from "../../../constructs/policy/rules/web-https-only";
import { webManagedIdentity } from "../../../constructs/policy/rules/web-managed-identity";
import { webMinimumTls } from "../../../constructs/policy/rules/web-minimum-tls";
import { webRemoteDebugging } from "../../../constructs/policy/rules/web-remote-debugging";
import { secretAppSettingsKeyVault } from "../../../constructs/policy/rules/secret-app-settings-key-vault";
import { COMPLIANT_SITE_CONFIG, webApp } from "./fixtures";
import type { RuleCase } from "./rule-case";

function withDiagnostics(scope: Construct, enabledLog: boolean): void {
  const app = webApp(scope);
  const workspace = new LogAnalyticsWorkspace(scope, "logs", {
    name: "log",
    location: "westeurope",
    resourceGroupName: "rg",
  });
  new MonitorDiagnosticSetting(scope, "diagnostics", {
    name: "to-log-analytics",
    targetResourceId: app.id,
    logAnalyticsWorkspaceId: workspace.id,
    enabledLog: enabledLog ? [{ categoryGroup: "allLogs" }] : undefined,
    enabledMetric: [{ category: "AllMetrics" }],
  });
}

export const WEB_CASES: readonly RuleCase[] = [
  {
    rule: webHttpsOnly,
    compliant: (scope) => webApp(scope),
    nonCompliant: (scope) => webApp(scope, { httpsOnly: undefined }),
    problem: "https_only is unset (the default is false)",
  },
  {
    rule: webMinimumTls,
    compliant: (scope) => webApp(scope),
    nonCompliant: (scope) =>
      webApp(scope, { siteConfig: { ...COMPLIANT_SITE_CONFIG, scmMinimumTlsVersion: "1.0" } }),
    problem: 'site_config.scm_minimum_tls_version is "1.0"',
  },
  {
    rule: webFtpDisabled,
    compliant: (scope) => webApp(scope),
    nonCompliant: (scope) =>
      webApp(scope, { siteConfig: { ...COMPLIANT_SITE_CONFIG, ftpsState: "FtpsOnly" } }),
    problem: 'site_config.ftps_state is "FtpsOnly"',
  },
  {
    rule: webBasicAuthPublishing,
    compliant: (scope) => webApp(scope),
    nonCompliant: (scope) => webApp(scope, { webdeployPublishBasicAuthenticationEnabled: undefined }),
    problem: "webdeploy_publish_basic_authentication_enabled is unset (the default is true)",
  },
  {
    rule: webRemoteDebugging,
    compliant: (scope) => webApp(scope),
    nonCompliant: (scope) =>
      webApp(scope, { siteConfig: { ...COMPLIANT_SITE_CONFIG, remoteDebuggingEnabled: true } }),
    problem: "site_config.remote_debugging_enabled is true",
  },
  {
    rule: webAuthentication,
    compliant: (scope) => webApp(scope),
    nonCompliant: (scope) =>
      webApp(scope, {
        authSettingsV2: {
          authEnabled: true,
          requireAuthentication: false,
          unauthenticatedAction: "AllowAnonymous",
          login: {},
          activeDirectoryV2: {
            clientId: "c",
            tenantAuthEndpoint: "https://login.microsoftonline.com/t/v2.0",
          },
        },
      }),
    problem: /require_authentication is false.*unauthenticated_action is "AllowAnonymous"/,
  },
  {
    rule: webAuthentication,
    name: "no auth_settings_v2 at all",
    compliant: (scope) => webApp(scope),
    nonCompliant: (scope) => webApp(scope, { authSettingsV2: undefined }),
    problem: "auth_settings_v2 is missing",
  },
  {
    rule: webManagedIdentity,
    compliant: (scope) => webApp(scope),
    nonCompliant: (scope) => webApp(scope, { identity: undefined }),
    problem: "the identity block is missing",
  },
  {
    rule: webHealthCheck,
    compliant: (scope) => webApp(scope),
    nonCompliant: (scope) =>
      webApp(scope, {
        siteConfig: {
          ...COMPLIANT_SITE_CONFIG,
          healthCheckPath: undefined,
          healthCheckEvictionTimeInMin: undefined,
        },
      }),
    problem: "site_config.health_check_path is unset",
  },
  {
    rule: webHttp2,
    compliant: (scope) => webApp(scope),
    nonCompliant: (scope) => webApp(scope, { siteConfig: { ...COMPLIANT_SITE_CONFIG, http2Enabled: false } }),
    problem: "site_config.http2_enabled is false",
  },
  {
    rule: webDiagnosticLogs,
    compliant: (scope) => withDiagnostics(scope, true),
    nonCompliant: (scope) => webApp(scope),
    problem: "no azurerm_monitor_diagnostic_setting targets it",
  },
  {
    rule: webDiagnosticLogs,
    name: "a diagnostic setting that enables no log",
    compliant: (scope) => withDiagnostics(scope, true),
    nonCompliant: (scope) => withDiagnostics(scope, false),
    problem: "no log_analytics_workspace_id or no enabled_log",
  },
  {
    rule: secretAppSettingsKeyVault,
    compliant: (scope) =>
      webApp(scope, {
        appSettings: {
          MLFLOW_BACKEND_STORE_URI: "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/uri)",
          MICROSOFT_PROVIDER_AUTHENTICATION_SECRET:
            "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/s)",
          OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID: "00000000-0000-0000-0000-000000000003",
          AZURE_CLIENT_ID: "00000000-0000-0000-0000-000000000003",
        },
      }),
    nonCompliant: (scope) =>
      webApp(scope, { appSettings: { MLFLOW_BACKEND_STORE_URI: "${azurerm_key_vault_secret.uri.value}" } }),
    problem: "app setting MLFLOW_BACKEND_STORE_URI is not a Key Vault reference",
  },
  {
    rule: secretAppSettingsKeyVault,
    name: "connection strings",
    compliant: (scope) =>
      webApp(scope, {
        connectionString: [
          {
            name: "db",
            type: "PostgreSQL",
            value: "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db)",
          },
        ],
      }),
    nonCompliant: (scope) =>
      webApp(scope, {
        connectionString: [{ name: "db", type: "PostgreSQL", value: "Host=db;Database=mlflow" }],
      }),
    problem: 'connection string "db" is not a Key Vault reference',
  },
];
