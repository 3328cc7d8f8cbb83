/**
 * EasyAuth: the shell line that exports `MLFLOW_TRACKING_TOKEN` for MLflow's app through the Azure CLI, which
 * MlflowEntraApp pre-authorizes on the scope (so no consent prompt). `--resource` is the identifier URI without a
 * trailing slash: the CLI asks for `<resource>/.default` as given, so a trailing slash would make it `//.default`
 * (Azure/azure-cli src/azure-cli-core/azure/cli/core/auth/util.py, resource_to_scopes).
 */
export function tokenCommand(identifierUri: string): string {
  return `export MLFLOW_TRACKING_TOKEN=$(az account get-access-token --resource ${identifierUri} --query accessToken -o tsv)`;
}

/** The project's Python plugin (clients/python) as a command that prints one token: mlflow_entra_auth/__main__.py. */
export const PLUGIN_TOKEN_COMMAND = "python3 -m mlflow_entra_auth token";

export interface PublicClientTokenCommandProps {
  /** `<identifier URI>/.default`: the `mlflow_entra_scope` output (the plugin asks for `user_impersonation` by name). */
  readonly scope: string;
  /** Application (client) id of the stack's public (native) client registration. */
  readonly clientId: string;
  /** Entra tenant of the deployment (MLflow's app is single-tenant). */
  readonly tenantId: string;
}

/**
 * App Proxy: the shell line that exports `MLFLOW_TRACKING_TOKEN` from a device-code sign-in as the stack's public
 * (native) client, with MSAL: the way Learn documents bearer tokens for an Application Proxy app ("How to enable
 * native client applications to interact with proxy applications",
 * https://learn.microsoft.com/entra/identity/app-proxy/application-proxy-configure-native-client-application). The
 * plugin (`pip install ./clients/python`) keeps MSAL's token cache in `~/.cache/mlflow-entra-auth/` (0600), so the
 * sign-in prompt (on stderr) comes once and later runs refresh silently.
 */
export function publicClientTokenCommand(props: PublicClientTokenCommandProps): string {
  return `export MLFLOW_TRACKING_TOKEN=$(${PLUGIN_TOKEN_COMMAND} --scope ${props.scope} --client-id ${props.clientId} --tenant ${props.tenantId})`;
}
