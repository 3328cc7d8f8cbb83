#!/bin/bash
# Starts the MLflow container for the mlflow systemd unit, the way `podman generate systemd --new` does:
# detached, conmon in the unit's cgroup, readiness reported through sd_notify, the container removed on stop.
# The start script runs as `/bin/sh -c <script>`, the same command line App Service runs.
# https://docs.podman.io/en/v4.9.3/markdown/podman-generate-systemd.1.html
#
# Environment (from /etc/mlflow/host.env and the unit):
#   MLFLOW_IMAGE            fully qualified image reference (podman refuses short names without a TTY)
#   MLFLOW_CIDFILE          where podman records the container id, for ExecStop/ExecStopPost
set -euo pipefail

start_script=$(cat /etc/mlflow/start.sh)

# --network host: the server's port is the VM's own port (no NAT, and no container bridge subnet that could
# overlap the VNet's address space); the NSG decides who reaches it.
exec /usr/bin/podman run \
  --name mlflow \
  --replace \
  --rm \
  --detach \
  --cidfile "$MLFLOW_CIDFILE" \
  --cgroups no-conmon \
  --sdnotify conmon \
  --log-driver journald \
  --network host \
  --env-file /etc/mlflow/mlflow.env \
  --entrypoint /bin/sh \
  "$MLFLOW_IMAGE" \
  -c "$start_script"
