/**
 * KQL for the log alerts, written once. Each query returns one row per problem, and its alert fires when it returns
 * any (`Count` greater than 0).
 *
 * - Heartbeat: the Azure Monitor Agent writes a Heartbeat row every minute (Category "Azure Monitor Agent")
 *   (https://learn.microsoft.com/azure/azure-monitor/vm/monitor-virtual-machine-alerts). The query returns the VM's
 *   last heartbeat only when it is older than HEARTBEAT_SILENCE_MINUTES, which is Learn's "single alert" pattern
 *   (`summarize LastHeartbeat=max(TimeGenerated) by Computer | where LastHeartbeat < ago(5m)`, same page) filtered
 *   to one VM by _ResourceId (not Computer, the OS host name). A VM that has never sent a heartbeat in the query's
 *   time range has no row to summarize, so it returns nothing: a first deploy, before the agent's first heartbeat,
 *   pages nobody. The rule looks back HEARTBEAT_LOOKBACK (its query time range override, see index.ts), so a VM
 *   that goes silent keeps firing for up to two days; a VM that is not running at all is the availability metric
 *   alert's (metric-alerts.ts).
 * - The MLflow unit: systemd logs "mlflow.service: Failed with result ..." as process `systemd`, facility daemon,
 *   each time the container exits (it then restarts it, Restart=always). The data collection rule forwards the
 *   daemon and user facilities (see data-collection.ts).
 */

/** Minutes without a heartbeat before the heartbeat alert fires (the agent sends one a minute). */
export const HEARTBEAT_SILENCE_MINUTES = 10;

/**
 * How far back the heartbeat alert looks for a VM's last heartbeat: a log search alert's query time range override,
 * at most two days ("The alert time range is limited to a maximum of two days",
 * https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-log-alert-rule; azurerm 4.55.0 accepts PT5M
 * to P2D for query_time_range_override).
 */
export const HEARTBEAT_LOOKBACK = "P2D";

/** KQL string literal (single quotes; a quote or backslash in the value is escaped). */
function kqlString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** One row (the VM and its last heartbeat) when a VM that has sent heartbeats has been silent too long; else none. */
export function heartbeatQuery(vmId: string): string {
  return (
    `Heartbeat | where _ResourceId =~ ${kqlString(vmId)} ` +
    "| summarize LastHeartbeat = max(TimeGenerated) by _ResourceId " +
    `| where LastHeartbeat < ago(${HEARTBEAT_SILENCE_MINUTES}m)`
  );
}

export function mlflowUnitFailuresQuery(vmId: string): string {
  return (
    `Syslog | where _ResourceId =~ ${kqlString(vmId)} and ProcessName == 'systemd' ` +
    `and SyslogMessage has 'mlflow.service' and SyslogMessage has 'Failed with result'`
  );
}
