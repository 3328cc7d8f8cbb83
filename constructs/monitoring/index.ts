import type { LinuxVirtualMachine } from "@cdktf/provider-azurerm/lib/linux-virtual-machine";
import type { LinuxWebApp } from "@cdktf/provider-azurerm/lib/linux-web-app";
import type { ResourceReference } from "../references";
import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import { MonitorDataCollectionRuleAssociation } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association";
import { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import type { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import type { ResourceGroupReference } from "../resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { VirtualMachineExtension } from "@cdktf/provider-azurerm/lib/virtual-machine-extension";
import type { WindowsVirtualMachine } from "@cdktf/provider-azurerm/lib/windows-virtual-machine";
import { DefaultTokenResolver, StringConcat, Tokenization } from "cdktf";
import { Construct } from "constructs";
import type { ResourceNames } from "../naming";
import {
  CONNECTOR_EVENT_QUERIES,
  LINUX_SYSLOG,
  MONITOR_AGENT,
  MONITOR_AGENT_PUBLISHER,
} from "./data-collection";
import {
  HEARTBEAT_LOOKBACK,
  HEARTBEAT_SILENCE_MINUTES,
  heartbeatQuery,
  mlflowUnitFailuresQuery,
} from "./log-alerts";
import { POSTGRES_ALERTS, VM_ALERTS, WEB_APP_ALERTS, type MetricAlertDefinition } from "./metric-alerts";

export { CONNECTOR_EVENT_QUERIES, LINUX_SYSLOG, MONITOR_AGENT } from "./data-collection";
export {
  HEARTBEAT_LOOKBACK,
  HEARTBEAT_SILENCE_MINUTES,
  heartbeatQuery,
  mlflowUnitFailuresQuery,
} from "./log-alerts";
export { POSTGRES_ALERTS, VM_ALERTS, WEB_APP_ALERTS } from "./metric-alerts";
export type { MetricAlertDefinition } from "./metric-alerts";

/** What a front door runs, for monitoring: the web app, or the MLflow VM and the connector hosts. */
export interface MonitoredHosts {
  readonly webApp?: LinuxWebApp;
  readonly mlflowVm?: LinuxVirtualMachine;
  readonly connectorVms?: readonly WindowsVirtualMachine[];
  /**
   * Every other extension the front door puts on those VMs (Entra SSH login, the connector install, ...). Azure runs
   * one extension operation per VM at a time and pre-empts the older one ("OperationPreempted",
   * hashicorp/terraform-provider-azurerm#19558 for the Azure Monitor Agent, #6025), so the agent on a VM is created
   * after every extension listed here for the same VM (matched by `virtual_machine_id`).
   * @default - none
   */
  readonly vmExtensions?: readonly VirtualMachineExtension[];
}

export interface MonitoringProps {
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroupReference;
  readonly workspace: ResourceReference;
  /** Who is notified. Empty: the alerts still fire (portal, Azure Monitor) but notify nobody. */
  readonly alertEmails: readonly string[];
  readonly postgresServer: PostgresqlFlexibleServer;
  readonly hosts: MonitoredHosts;
  readonly tags: Readonly<Record<string, string>>;
}

/** Log alerts look every 5 minutes at the last 10 (window_duration must be at least PT5M unless frequency is PT1M). */
const LOG_ALERT_TIMING = { evaluationFrequency: "PT5M", windowDuration: "PT10M" } as const;

/**
 * Alerts that tell an ML team MLflow is down before its users do, and the VM logs behind them:
 * - an action group per environment, mailing `monitoring.alertEmails`;
 * - metric alerts: web app health check and 5xx (EasyAuth); PostgreSQL down, CPU and storage; each VM unavailable;
 * - log alerts (VMs): no agent heartbeat for 10 minutes from a VM that has sent one, and the mlflow unit failing;
 * - the Azure Monitor Agent on every VM, after the VM's other extensions, with data collection rules sending the MLflow unit's and the connector's
 *   logs to the environment's Log Analytics workspace (docs/operations.md shows the queries).
 * Log alerts run as their own system-assigned identity with Log Analytics Reader on the workspace, not as whoever
 * last deployed them (https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-log-alert-rule).
 */
export class Monitoring extends Construct {
  readonly actionGroup: MonitorActionGroup;
  readonly metricAlerts: readonly MonitorMetricAlert[];
  readonly logAlerts: readonly MonitorScheduledQueryRulesAlertV2[];
  /** Log Analytics Reader on the workspace for each log alert's identity. */
  readonly logAlertReaders: readonly RoleAssignment[];
  readonly agents: readonly VirtualMachineExtension[];
  readonly dataCollectionRules: readonly MonitorDataCollectionRule[];

  private readonly props: MonitoringProps;
  private readonly metrics: MonitorMetricAlert[] = [];
  private readonly logs: MonitorScheduledQueryRulesAlertV2[] = [];
  private readonly readers: RoleAssignment[] = [];
  private readonly extensions: VirtualMachineExtension[] = [];
  private readonly rules: MonitorDataCollectionRule[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.props = props;
    const { names, resourceGroup, hosts } = props;

    this.actionGroup = new MonitorActionGroup(this, "action-group", {
      name: names.actionGroup,
      resourceGroupName: resourceGroup.name,
      shortName: names.actionGroupShortName,
      emailReceiver: props.alertEmails.map((email, index) => ({
        name: `email-${index + 1}`,
        emailAddress: email,
        useCommonAlertSchema: true,
      })),
      tags: { ...props.tags },
    });

    if (hosts.webApp) this.addMetricAlerts("web-app", hosts.webApp.id, WEB_APP_ALERTS);
    this.addMetricAlerts("postgres", props.postgresServer.id, POSTGRES_ALERTS);

    const linux = hosts.mlflowVm ? [{ key: "mlflow-vm", vm: hosts.mlflowVm }] : [];
    const windows = (hosts.connectorVms ?? []).map((vm, index) => ({ key: `connector-${index + 1}`, vm }));
    for (const { key, vm } of [...linux, ...windows]) {
      this.addMetricAlerts(key, vm.id, VM_ALERTS);
      // Fires for a VM that has sent heartbeats and then stopped; never for one whose agent has not sent its first
      // (a first deploy): that one is covered by the availability alert above. See log-alerts.ts.
      this.addLogAlert(`${key}-heartbeat`, {
        description: `No Azure Monitor Agent heartbeat from ${key} for ${HEARTBEAT_SILENCE_MINUTES} minutes: the VM or its agent is down`,
        query: heartbeatQuery(vm.id),
        operator: "GreaterThan",
        threshold: 0,
        severity: 1,
        queryTimeRangeOverride: HEARTBEAT_LOOKBACK,
      });
    }
    if (hosts.mlflowVm) {
      this.addLogAlert("mlflow-unit-failing", {
        description:
          "The mlflow systemd unit on the MLflow VM failed (its container exited); systemd restarts it",
        query: mlflowUnitFailuresQuery(hosts.mlflowVm.id),
        operator: "GreaterThan",
        threshold: 0,
        severity: 1,
      });
    }
    if (linux.length > 0) {
      this.collect("linux", linux, {
        syslog: [
          {
            name: "mlflow-syslog",
            facilityNames: [...LINUX_SYSLOG.facilities],
            logLevels: [...LINUX_SYSLOG.logLevels],
            streams: ["Microsoft-Syslog"],
          },
        ],
      });
    }
    if (windows.length > 0) {
      this.collect("windows", windows, {
        windowsEventLog: [
          {
            name: "connector-events",
            xPathQueries: [...CONNECTOR_EVENT_QUERIES],
            streams: ["Microsoft-Event"],
          },
        ],
      });
    }

    this.metricAlerts = this.metrics;
    this.logAlerts = this.logs;
    this.logAlertReaders = this.readers;
    this.agents = this.extensions;
    this.dataCollectionRules = this.rules;
  }

  private addMetricAlerts(
    target: string,
    scope: string,
    definitions: readonly MetricAlertDefinition[],
  ): void {
    for (const alert of definitions) {
      const id = `${target}-${alert.id}`;
      this.metrics.push(
        new MonitorMetricAlert(this, `alert-${id}`, {
          name: this.props.names.alert(id),
          resourceGroupName: this.props.resourceGroup.name,
          scopes: [scope],
          description: alert.description,
          severity: alert.severity,
          frequency: alert.frequency,
          windowSize: alert.windowSize,
          criteria: [
            {
              metricNamespace: alert.metricNamespace,
              metricName: alert.metricName,
              aggregation: alert.aggregation,
              operator: alert.operator,
              threshold: alert.threshold,
            },
          ],
          action: [{ actionGroupId: this.actionGroup.id }],
          tags: { ...this.props.tags },
        }),
      );
    }
  }

  private addLogAlert(
    id: string,
    alert: {
      readonly description: string;
      readonly query: string;
      readonly operator: "LessThan" | "GreaterThan";
      readonly threshold: number;
      readonly severity: 0 | 1 | 2 | 3 | 4;
      /** Look further back than the evaluation window (a log search alert's "Override query time range"). */
      readonly queryTimeRangeOverride?: string;
    },
  ): void {
    const { names, resourceGroup, workspace, tags } = this.props;
    const rule = new MonitorScheduledQueryRulesAlertV2(this, `alert-${id}`, {
      name: names.alert(id),
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      scopes: [workspace.id],
      description: alert.description,
      severity: alert.severity,
      ...LOG_ALERT_TIMING,
      queryTimeRangeOverride: alert.queryTimeRangeOverride,
      criteria: [
        {
          query: alert.query,
          timeAggregationMethod: "Count",
          operator: alert.operator,
          threshold: alert.threshold,
          failingPeriods: { minimumFailingPeriodsToTriggerAlert: 1, numberOfEvaluationPeriods: 1 },
        },
      ],
      action: { actionGroups: [this.actionGroup.id] },
      autoMitigationEnabled: true,
      identity: { type: "SystemAssigned" },
      tags: { ...tags },
    });
    this.logs.push(rule);
    this.readers.push(
      new RoleAssignment(this, `alert-${id}-reader`, {
        scope: workspace.id,
        roleDefinitionName: "Log Analytics Reader",
        principalId: rule.identity.principalId,
        principalType: "ServicePrincipal",
        description: "Lets the log alert run its query on the environment's workspace",
      }),
    );
  }

  private collect(
    kind: "linux" | "windows",
    vms: readonly { readonly key: string; readonly vm: LinuxVirtualMachine | WindowsVirtualMachine }[],
    dataSources: ConstructorParameters<typeof MonitorDataCollectionRule>[2]["dataSources"],
  ): void {
    const { names, resourceGroup, workspace, tags } = this.props;
    const stream = kind === "linux" ? "Microsoft-Syslog" : "Microsoft-Event";
    const rule = new MonitorDataCollectionRule(this, `dcr-${kind}`, {
      name: names.dataCollectionRule(kind),
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      kind: kind === "linux" ? "Linux" : "Windows",
      dataSources,
      destinations: { logAnalytics: [{ name: "workspace", workspaceResourceId: workspace.id }] },
      dataFlow: [{ streams: [stream], destinations: ["workspace"] }],
      tags: { ...tags },
    });
    this.rules.push(rule);
    const agent = MONITOR_AGENT[kind];
    for (const { key, vm } of vms) {
      const otherExtensions = (this.props.hosts.vmExtensions ?? []).filter(
        (extension) => this.reference(extension.virtualMachineIdInput) === this.reference(vm.id),
      );
      this.extensions.push(
        new VirtualMachineExtension(this, `agent-${key}`, {
          name: agent.type,
          virtualMachineId: vm.id,
          publisher: MONITOR_AGENT_PUBLISHER,
          type: agent.type,
          typeHandlerVersion: agent.typeHandlerVersion,
          autoUpgradeMinorVersion: true,
          automaticUpgradeEnabled: true,
          tags: { ...tags },
          // One extension operation per VM at a time: wait for the VM's other extensions (see MonitoredHosts).
          dependsOn: otherExtensions.length > 0 ? otherExtensions : undefined,
        }),
      );
      new MonitorDataCollectionRuleAssociation(this, `dcr-${kind}-${key}`, {
        // Required whenever data_collection_rule_id is set (azurerm 4.55 docs), although the schema does not enforce it.
        name: `dcra-${key}`,
        targetResourceId: vm.id,
        dataCollectionRuleId: rule.id,
      });
    }
  }

  /** The Terraform expression a token stands for (each read of `vm.id` is a new token for the same reference). */
  private reference(value: string | undefined): unknown {
    return Tokenization.resolve(value, {
      scope: this,
      preparing: false,
      resolver: new DefaultTokenResolver(new StringConcat()),
    });
  }
}
