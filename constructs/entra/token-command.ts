/**
 * The shell line that exports `MLFLOW_TRACKING_TOKEN` for MLflow's app through the Azure CLI, which MlflowEntraApp
 * pre-authorizes on the scope (so no consent prompt). `--resource` is the identifier URI without a trailing slash:
 * the CLI asks for `<resource>/.default` as given, so a trailing slash would make it `//.default`
 * (Azure/azure-cli src/azure-cli-core/azure/cli/core/auth/util.py, resource_to_scopes).
 */
export function tokenCommand(identifierUri: string): string {
  return `export MLFLOW_TRACKING_TOKEN=$(az account get-access-token --resource ${identifierUri} --query accessToken -o tsv)`;
}
