#!/bin/bash
# Reads MLflow's backend-store URI (it carries the database password) from Key Vault with the VM's
# user-assigned managed identity, and writes it as an env file for `podman run --env-file` on /run (tmpfs, root
# only), so the secret never reaches the disk or custom_data. Runs as the mlflow unit's ExecStartPre, on every start.
#
# Environment (from /etc/mlflow/host.env, via the unit's EnvironmentFile):
#   MLFLOW_IDENTITY_CLIENT_ID           client id of the user-assigned identity (the VM also has a system-assigned
#                                       one for Entra SSH login, so IMDS must be told which identity to use)
#   MLFLOW_BACKEND_STORE_URI_SECRET_ID  versionless secret id, https://<vault>.vault.azure.net/secrets/<name>
#   MLFLOW_SECRET_ENV_FILE              where to write MLFLOW_BACKEND_STORE_URI=<value>
#
# https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token
# https://learn.microsoft.com/rest/api/keyvault/secrets/get-secret/get-secret
set -euo pipefail
umask 077

client_id="$MLFLOW_IDENTITY_CLIENT_ID"
secret_id="$MLFLOW_BACKEND_STORE_URI_SECRET_ID"
env_file="$MLFLOW_SECRET_ENV_FILE"

imds_url="http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net&client_id=$client_id"
secret_url="$secret_id?api-version=7.4"
# At first boot the identity's role assignment can lag behind the VM (Key Vault honours a new role up to 10 minutes
# after Resource Manager reports it): retry with backoff (5 s doubling to 60 s) for 15 minutes, logging each try,
# then fail and let systemd restart the unit.
# https://learn.microsoft.com/azure/key-vault/general/rbac-guide#known-limits-and-performance
deadline_seconds=900
first_delay_seconds=5
max_delay_seconds=60

# Prints one field of the JSON document on stdin.
json_field() {
  python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

fetch_once() {
  local token tmp
  token=$(curl --silent --show-error --fail --max-time 10 --noproxy '*' -H 'Metadata: true' "$imds_url" |
    json_field access_token) || return 1
  tmp=$(mktemp "$env_file.XXXXXX") || return 1
  # The bearer token goes to curl on stdin (-H @-), not on its command line, where other users could read it.
  if printf 'Authorization: Bearer %s\n' "$token" |
    curl --silent --show-error --fail --max-time 20 -H @- "$secret_url" |
    python3 -c '
import json, sys
value = json.load(sys.stdin)["value"]
if not value or "\n" in value or "\r" in value:
    sys.exit("the backend-store-uri secret is empty or spans several lines")
sys.stdout.write("MLFLOW_BACKEND_STORE_URI=" + value + "\n")
' >"$tmp"; then
    chmod 0600 "$tmp"
    mv -f "$tmp" "$env_file"
    return 0
  fi
  rm -f "$tmp"
  return 1
}

attempt=1
delay_seconds=$first_delay_seconds
start_seconds=$SECONDS
while :; do
  if fetch_once; then
    echo "Read the backend-store URI from $secret_id (attempt $attempt)."
    exit 0
  fi
  if [ $((SECONDS - start_seconds + delay_seconds)) -gt "$deadline_seconds" ]; then
    break
  fi
  echo "Could not read $secret_id yet (attempt $attempt); retrying in $delay_seconds s." >&2
  sleep "$delay_seconds"
  attempt=$((attempt + 1))
  delay_seconds=$((delay_seconds * 2 > max_delay_seconds ? max_delay_seconds : delay_seconds * 2))
done
echo "Gave up reading $secret_id after $attempt attempts in $((SECONDS - start_seconds)) s: check the identity's Key Vault Secrets User role and the vault's private endpoint." >&2
exit 1
