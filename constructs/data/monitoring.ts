import type { ResourceReference } from "../references";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import type { Construct } from "constructs";
import { ConstructError } from "../construct-error";
import { DIAGNOSTIC_TARGETS, type DiagnosticTargetType } from "./diagnostic-targets";

export { DIAGNOSTIC_TARGETS, DIAGNOSTIC_TARGET_TYPES } from "./diagnostic-targets";
export type { DiagnosticTargetType } from "./diagnostic-targets";

export interface DiagnosticsProps {
  /** Resource id whose logs are sent (for blob storage, `<account id>/blobServices/default`). */
  readonly targetResourceId: string;
  /** Azure resource type of the target: decides which log and metric categories exist for it. */
  readonly targetType: DiagnosticTargetType;
  readonly workspace: ResourceReference;
  /**
   * Log categories by name, e.g. `AppServiceHTTPLogs`; each must be one the target type has.
   * @default - every log category of the target type (by name: not every type offers category groups)
   */
  readonly categories?: readonly string[];
}

/**
 * Sends a resource's diagnostic logs and metrics to the Log Analytics workspace, with the categories its type
 * really has (see diagnostic-targets.ts): Azure refuses an unknown metric category, and a destination type the
 * resource does not support reads back empty and shows a diff on every plan.
 */
export class Diagnostics extends MonitorDiagnosticSetting {
  constructor(scope: Construct, id: string, props: DiagnosticsProps) {
    const target = DIAGNOSTIC_TARGETS[props.targetType];
    const unknown = (props.categories ?? []).filter((category) => !target.logCategories.includes(category));
    if (unknown.length > 0) {
      throw ConstructError.at(
        scope,
        id,
        `Diagnostics: ${props.targetType} has no log categor${unknown.length === 1 ? "y" : "ies"} ` +
          `${unknown.join(", ")}; it has ${target.logCategories.join(", ")}.`,
      );
    }
    super(scope, id, {
      name: "to-log-analytics",
      targetResourceId: props.targetResourceId,
      logAnalyticsWorkspaceId: props.workspace.id,
      logAnalyticsDestinationType: target.destinationType,
      enabledLog: (props.categories ?? target.logCategories).map((category) => ({ category })),
      enabledMetric: target.metricCategories.map((category) => ({ category })),
    });
  }
}
