/**
 * What the Azure Monitor Agent collects from the VMs into Log Analytics, through data collection rules.
 *
 * Linux (the MLflow VM): the agent reads syslog, not the journal: "Azure Monitor supports collection of messages sent
 * by rsyslog or syslog-ng", and the agent adds a forwarding rule to rsyslog
 * (https://learn.microsoft.com/azure/azure-monitor/vm/data-collection-syslog). The VM's cloud-init installs rsyslog
 * for that reason (constructs/app-proxy/cloud-init.ts). journald hands every message to rsyslog: Debian's and
 * Ubuntu's systemd set ForwardToSyslog=yes by default, where upstream says no (the packaging patch
 * debian/patches/debian/Re-enable-journal-forwarding-to-syslog.patch, by Ubuntu's Martin Pitt; read in the copy of
 * Ubuntu's packaging at canonical/core-initrd@1fff4e13, not at the noble tag). The container's output arrives as
 * facility `user` with ProcessName `mlflow` (podman's journald driver tags it with the container name), systemd's
 * messages about the unit as facility `daemon`.
 *
 * Windows (the connector hosts): the connector's Admin logs, named `Microsoft-Microsoft Entra private
 * network-Connector/Admin` and `...-Updater/Admin` since connector 1.5.3829.0 (before:
 * `Microsoft-AadApplicationProxy-Connector/Admin`; https://learn.microsoft.com/entra/global-secure-access/reference-version-history),
 * and its registration errors in the Application log, Source "Microsoft Entra private network connector"
 * (https://learn.microsoft.com/entra/global-secure-access/troubleshoot-connectors#connector-errors). Each query is
 * `LogName!XPathQuery`, where LogName is what `Get-WinEvent -LogName` takes (spaces and the slash included, no
 * quoting); the agent cannot subscribe to Analytic or Debug channels (so not the connector's Session log) and a DCR
 * takes at most 20 expressions (https://learn.microsoft.com/azure/azure-monitor/vm/data-collection-windows-events).
 */

export const LINUX_SYSLOG = {
  facilities: ["daemon", "user"],
  logLevels: ["Info", "Notice", "Warning", "Error", "Critical", "Alert", "Emergency"],
} as const;

export const CONNECTOR_EVENT_QUERIES = [
  "Microsoft-Microsoft Entra private network-Connector/Admin!*",
  "Microsoft-Microsoft Entra private network-Updater/Admin!*",
  "Application!*[System[Provider[@Name='Microsoft Entra private network connector']]]",
] as const;

/**
 * The agent extension per OS. Learn: publisher Microsoft.Azure.Monitor; "Managed identity must be enabled ... Both
 * user-assigned and system-assigned managed identities are supported" (without settings the agent uses the
 * system-assigned one). Ubuntu 24.04 is supported from Linux agent 1.33.
 * https://learn.microsoft.com/azure/azure-monitor/agents/azure-monitor-agent-requirements
 */
export const MONITOR_AGENT = {
  linux: { type: "AzureMonitorLinuxAgent", typeHandlerVersion: "1.33" },
  windows: { type: "AzureMonitorWindowsAgent", typeHandlerVersion: "1.0" },
} as const;
export const MONITOR_AGENT_PUBLISHER = "Microsoft.Azure.Monitor";
