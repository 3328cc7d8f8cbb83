import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Construct } from "constructs";

export interface DiagnosticsProps {
  /** Resource id whose logs are sent. */
  readonly targetResourceId: string;
  readonly workspace: LogAnalyticsWorkspace;
  /** Log categories by name, e.g. `AppServiceHTTPLogs`. @default - none */
  readonly categories?: readonly string[];
  /** Log category groups, e.g. `allLogs`, `audit`. @default - none */
  readonly categoryGroups?: readonly string[];
  /** Send platform metrics too (`AllMetrics`). @default true */
  readonly metrics?: boolean;
}

/**
 * Sends a resource's diagnostic logs (and metrics) to the Log Analytics workspace, in resource-specific tables
 * (`Dedicated`), which are cheaper to query than AzureDiagnostics
 * (https://learn.microsoft.com/azure/azure-monitor/essentials/resource-logs#resource-specific).
 */
export class Diagnostics extends MonitorDiagnosticSetting {
  constructor(scope: Construct, id: string, props: DiagnosticsProps) {
    super(scope, id, {
      name: "to-log-analytics",
      targetResourceId: props.targetResourceId,
      logAnalyticsWorkspaceId: props.workspace.id,
      logAnalyticsDestinationType: "Dedicated",
      enabledLog: [
        ...(props.categoryGroups ?? []).map((categoryGroup) => ({ categoryGroup })),
        ...(props.categories ?? []).map((category) => ({ category })),
      ],
      enabledMetric: props.metrics === false ? undefined : [{ category: "AllMetrics" }],
    });
  }
}
