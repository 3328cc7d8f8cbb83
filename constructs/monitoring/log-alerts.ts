/**
 * KQL for the log alerts, written once. Each query returns one row per problem; the alert fires when it returns
 * any (`Count` greater than 0) or, for heartbeats, none (`Count` less than 1).
 *
 * - Heartbeat: the Azure Monitor Agent writes a Heartbeat row every minute (Category "Azure Monitor Agent"); no row
 *   for 10 minutes means the machine or its agent is down although the VM may run
 *   (https://learn.microsoft.com/azure/azure-monitor/vm/monitor-virtual-machine-alerts). Filtered on _ResourceId,
 *   not Computer (the OS host name).
 * - The MLflow unit: systemd logs "mlflow.service: Failed with result ..." as process `systemd`, facility daemon,
 *   each time the container exits (it then restarts it, Restart=always). The data collection rule forwards the
 *   daemon and user facilities (see data-collection.ts).
 */

/** KQL string literal (single quotes; a quote or backslash in the value is escaped). */
function kqlString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

export function heartbeatQuery(vmId: string): string {
  return `Heartbeat | where _ResourceId =~ ${kqlString(vmId)}`;
}

export function mlflowUnitFailuresQuery(vmId: string): string {
  return (
    `Syslog | where _ResourceId =~ ${kqlString(vmId)} and ProcessName == 'systemd' ` +
    `and SyslogMessage has 'mlflow.service' and SyslogMessage has 'Failed with result'`
  );
}
