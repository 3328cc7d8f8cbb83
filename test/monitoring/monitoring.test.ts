import {
  CONNECTOR_EVENT_QUERIES,
  HEARTBEAT_LOOKBACK,
  heartbeatQuery,
  LINUX_SYSLOG,
  POSTGRES_ALERTS,
  VM_ALERTS,
  WEB_APP_ALERTS,
} from "../../constructs/monitoring";
import { resolveConfig } from "../../constructs";
import { ResourceNames } from "../../constructs/naming";
import { addressOf, DEV_LIKE, PROD_LIKE, refTo, resourceAt, resourcesOf, synthStack } from "../support/synth";

const dev = synthStack(DEV_LIKE, "dev");
const prod = synthStack(PROD_LIKE, "prod");
const alerts = (json: typeof dev.json) => resourcesOf(json, "azurerm_monitor_metric_alert");
const logAlerts = (json: typeof dev.json) =>
  resourcesOf(json, "azurerm_monitor_scheduled_query_rules_alert_v2");
const scopeOf = (alert: Record<string, unknown>) => (alert.scopes as string[])[0];

describe("every environment has an action group and its alerts", () => {
  test.each([
    ["easyauth", dev],
    ["app-proxy", prod],
  ] as const)("%s: one action group, every alert notifies it", (_, { json }) => {
    const groups = Object.values(resourcesOf(json, "azurerm_monitor_action_group"));
    expect(groups).toHaveLength(1);
    const groupRef = refTo(json, "azurerm_monitor_action_group", "monitoring/action-group", "id");
    for (const alert of Object.values(alerts(json)))
      expect(alert.action).toEqual([{ action_group_id: groupRef }]);
    for (const alert of Object.values(logAlerts(json)))
      expect(alert.action).toEqual({ action_groups: [groupRef] });
    expect(Object.keys(alerts(json)).length).toBeGreaterThanOrEqual(POSTGRES_ALERTS.length);
  });

  test("the action group's short name fits Azure's 12 characters", () => {
    expect(new ResourceNames("abcdefghij", "x7k2").actionGroupShortName).toBe("mlflow-abcde");
    expect(resourceAt(dev.json, "azurerm_monitor_action_group", "monitoring/action-group").short_name).toBe(
      "mlflow-dev",
    );
  });
});

describe("EasyAuth: MLflow unavailable and the database", () => {
  const webApp = refTo(dev.json, "azurerm_linux_web_app", "easyauth/web-app", "id");
  const server = refTo(dev.json, "azurerm_postgresql_flexible_server", "backend-store/server", "id");

  test("health check and 5xx alerts watch the web app", () => {
    expect(resourceAt(dev.json, "azurerm_monitor_metric_alert", "alert-web-app-health-check")).toMatchObject({
      scopes: [webApp],
      criteria: [
        { metric_name: "HealthCheckStatus", aggregation: "Average", operator: "LessThan", threshold: 100 },
      ],
      // HealthCheckStatus has no 1-minute grain: the window is at least 5 minutes.
      window_size: "PT5M",
      severity: 1,
    });
    expect(resourceAt(dev.json, "azurerm_monitor_metric_alert", "alert-web-app-http-5xx")).toMatchObject({
      scopes: [webApp],
      criteria: [{ metric_name: "Http5xx", aggregation: "Total", operator: "GreaterThan", threshold: 10 }],
    });
  });

  test("PostgreSQL down, CPU and storage alerts watch the server", () => {
    for (const id of ["database-down", "database-cpu", "database-storage"]) {
      expect(scopeOf(resourceAt(dev.json, "azurerm_monitor_metric_alert", `alert-postgres-${id}`))).toBe(
        server,
      );
    }
    expect(
      resourceAt(dev.json, "azurerm_monitor_metric_alert", "alert-postgres-database-down").criteria,
    ).toEqual([
      expect.objectContaining({
        metric_name: "is_db_alive",
        aggregation: "Maximum",
        operator: "LessThan",
        threshold: 1,
      }),
    ]);
  });

  test("no VM alert, agent or data collection rule where there is no VM", () => {
    expect(logAlerts(dev.json)).toEqual({});
    expect(resourcesOf(dev.json, "azurerm_monitor_data_collection_rule")).toEqual({});
    expect(
      Object.keys(resourcesOf(dev.json, "azurerm_virtual_machine_extension")).filter((p) =>
        p.startsWith("monitoring/"),
      ),
    ).toEqual([]);
  });
});

describe("App Proxy: the MLflow VM, the connectors and their logs", () => {
  const workspace = refTo(prod.json, "azurerm_log_analytics_workspace", "data/log-analytics", "id");
  const mlflowVm = refTo(prod.json, "azurerm_linux_virtual_machine", "mlflow-vm/virtual-machine", "id");

  test("each VM has an availability alert", () => {
    const vmAlerts = Object.keys(alerts(prod.json)).filter((path) => path.endsWith("-vm-unavailable"));
    expect(vmAlerts.sort()).toEqual([
      "monitoring/alert-connector-1-vm-unavailable",
      "monitoring/alert-connector-2-vm-unavailable",
      "monitoring/alert-mlflow-vm-vm-unavailable",
    ]);
    expect(scopeOf(alerts(prod.json)["monitoring/alert-mlflow-vm-vm-unavailable"])).toBe(mlflowVm);
  });

  test("a VM alert fires only when no minute of 5 was available, so a patch reboot does not page", () => {
    // VmAvailabilityMetric: 1 available, 0 stopped or rebooting, one value a minute (Learn, monitor-vm-reference);
    // Maximum < 1 over PT5M means every minute of the window was 0.
    const vmAlerts = Object.values(alerts(prod.json)).filter(
      (a) => (a.criteria as { metric_name: string }[])[0].metric_name === "VmAvailabilityMetric",
    );
    expect(vmAlerts).toHaveLength(3);
    for (const alert of vmAlerts) {
      expect(alert).toMatchObject({
        criteria: [
          {
            metric_namespace: "Microsoft.Compute/virtualMachines",
            aggregation: "Maximum",
            operator: "LessThan",
            threshold: 1,
          },
        ],
        window_size: "PT5M",
        frequency: "PT1M",
      });
    }
  });

  test("each VM has a heartbeat alert, and the MLflow unit has a failure alert, all querying the workspace", () => {
    const rules = logAlerts(prod.json);
    expect(Object.keys(rules).sort()).toEqual([
      "monitoring/alert-connector-1-heartbeat",
      "monitoring/alert-connector-2-heartbeat",
      "monitoring/alert-mlflow-unit-failing",
      "monitoring/alert-mlflow-vm-heartbeat",
    ]);
    for (const rule of Object.values(rules)) expect(rule.scopes).toEqual([workspace]);
    expect(rules["monitoring/alert-mlflow-vm-heartbeat"].criteria).toEqual([
      expect.objectContaining({
        query: heartbeatQuery(mlflowVm),
        time_aggregation_method: "Count",
        operator: "GreaterThan",
        threshold: 0,
      }),
    ]);
    expect(
      (rules["monitoring/alert-mlflow-unit-failing"].criteria as { query: string }[])[0].query,
    ).toContain("SyslogMessage has 'mlflow.service' and SyslogMessage has 'Failed with result'");
  });

  test("a heartbeat alert fires only for a VM that has sent heartbeats and then none for 10 minutes", () => {
    // Learn's "single alert" heartbeat query, for one VM: summarize by the resource id, keep it only when its last
    // heartbeat is old. No heartbeat in the time range means no row to summarize, so nothing fires before the agent's
    // first heartbeat (a first deploy); the VM availability metric alert covers a VM that is not running.
    expect(
      heartbeatQuery("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm"),
    ).toBe(
      "Heartbeat | where _ResourceId =~ '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm' " +
        "| summarize LastHeartbeat = max(TimeGenerated) by _ResourceId | where LastHeartbeat < ago(10m)",
    );
    // Quotes in an id cannot end the KQL string literal.
    expect(heartbeatQuery("a'b\\c")).toContain("=~ 'a\\'b\\\\c' |");
    const heartbeats = Object.entries(logAlerts(prod.json)).filter(([path]) => path.endsWith("-heartbeat"));
    expect(heartbeats).toHaveLength(3);
    for (const [, rule] of heartbeats) {
      // Evaluated every 5 minutes over the last 10, the query itself looking back two days (the most Azure allows)
      // for the last heartbeat: a VM silent for up to two days keeps firing.
      expect(rule).toMatchObject({
        evaluation_frequency: "PT5M",
        window_duration: "PT10M",
        query_time_range_override: HEARTBEAT_LOOKBACK,
        auto_mitigation_enabled: true,
      });
      expect(HEARTBEAT_LOOKBACK).toBe("P2D");
      expect((rule.criteria as { query: string }[])[0]).toMatchObject({
        time_aggregation_method: "Count",
        operator: "GreaterThan",
        threshold: 0,
      });
    }
    // No other log alert looks further back than its window.
    for (const [path, rule] of Object.entries(logAlerts(prod.json)))
      if (!path.endsWith("-heartbeat")) expect(rule).not.toHaveProperty("query_time_range_override");
  });

  test("on every VM, the Azure Monitor Agent is created after every other extension of the same VM", () => {
    // Azure runs one extension operation per VM at a time (OperationPreempted otherwise).
    const all = Object.entries(resourcesOf(prod.json, "azurerm_virtual_machine_extension"));
    const address = (path: string) => addressOf(prod.json, "azurerm_virtual_machine_extension", path);
    const vms = [
      ...Object.keys(resourcesOf(prod.json, "azurerm_linux_virtual_machine")).map((path) =>
        refTo(prod.json, "azurerm_linux_virtual_machine", path, "id"),
      ),
      ...Object.keys(resourcesOf(prod.json, "azurerm_windows_virtual_machine")).map((path) =>
        refTo(prod.json, "azurerm_windows_virtual_machine", path, "id"),
      ),
    ];
    expect(vms).toHaveLength(3);
    for (const vm of vms) {
      const onVm = all.filter(([, extension]) => extension.virtual_machine_id === vm);
      const agents = onVm.filter(([, extension]) => extension.publisher === "Microsoft.Azure.Monitor");
      const others = onVm.filter(([, extension]) => extension.publisher !== "Microsoft.Azure.Monitor");
      expect({ vm, agents: agents.length }).toEqual({ vm, agents: 1 });
      expect(others.length).toBeGreaterThan(0);
      expect(agents[0][1].depends_on).toEqual(expect.arrayContaining(others.map(([path]) => address(path))));
    }
  });

  test("log alerts query as their own identity, allowed to read the workspace and nothing else", () => {
    const readers = Object.entries(resourcesOf(prod.json, "azurerm_role_assignment")).filter(([path]) =>
      path.startsWith("monitoring/"),
    );
    expect(readers).toHaveLength(Object.keys(logAlerts(prod.json)).length);
    for (const [, reader] of readers) {
      expect(reader).toMatchObject({ role_definition_name: "Log Analytics Reader", scope: workspace });
      expect(reader.principal_id).toMatch(
        /^\$\{azurerm_monitor_scheduled_query_rules_alert_v2\.[^.]+\.identity\[0\]\.principal_id\}$/,
      );
    }
    for (const rule of Object.values(logAlerts(prod.json)))
      expect(rule.identity).toEqual({ type: "SystemAssigned" });
  });

  test("connector event queries name Learn's channels (renamed with connector 1.5.3829.0) in LogName!XPath form", () => {
    const channels = CONNECTOR_EVENT_QUERIES.map((query) => query.slice(0, query.indexOf("!")));
    expect(channels).toEqual([
      "Microsoft-Microsoft Entra private network-Connector/Admin",
      "Microsoft-Microsoft Entra private network-Updater/Admin",
      "Application",
    ]);
    for (const query of CONNECTOR_EVENT_QUERIES) expect(query).toMatch(/^[^!]+!\*(\[.+\])?$/);
    // The Application log's registration errors: Source "Microsoft Entra private network connector" (Learn,
    // troubleshoot-connectors). A DCR takes at most 20 XPath expressions (Learn, data-collection-windows-events).
    expect(CONNECTOR_EVENT_QUERIES[2]).toContain("[@Name='Microsoft Entra private network connector']");
    expect(CONNECTOR_EVENT_QUERIES.length).toBeLessThanOrEqual(20);
  });

  test("the Azure Monitor Agent runs on every VM, and data collection rules send MLflow's and the connector's logs", () => {
    const agents = Object.entries(resourcesOf(prod.json, "azurerm_virtual_machine_extension")).filter(
      ([path]) => path.startsWith("monitoring/"),
    );
    expect(agents.map(([, agent]) => agent.type).sort()).toEqual([
      "AzureMonitorLinuxAgent",
      "AzureMonitorWindowsAgent",
      "AzureMonitorWindowsAgent",
    ]);
    for (const [, agent] of agents)
      expect(agent).toMatchObject({ publisher: "Microsoft.Azure.Monitor", automatic_upgrade_enabled: true });
    const linux = resourceAt(prod.json, "azurerm_monitor_data_collection_rule", "monitoring/dcr-linux");
    expect(linux).toMatchObject({
      kind: "Linux",
      data_sources: {
        syslog: [
          {
            facility_names: [...LINUX_SYSLOG.facilities],
            log_levels: [...LINUX_SYSLOG.logLevels],
            streams: ["Microsoft-Syslog"],
          },
        ],
      },
      destinations: { log_analytics: [{ name: "workspace", workspace_resource_id: workspace }] },
      data_flow: [{ streams: ["Microsoft-Syslog"], destinations: ["workspace"] }],
    });
    expect(
      resourceAt(prod.json, "azurerm_monitor_data_collection_rule", "monitoring/dcr-windows"),
    ).toMatchObject({
      kind: "Windows",
      data_sources: {
        windows_event_log: [{ x_path_queries: [...CONNECTOR_EVENT_QUERIES], streams: ["Microsoft-Event"] }],
      },
    });
    const associations = Object.values(
      resourcesOf(prod.json, "azurerm_monitor_data_collection_rule_association"),
    );
    expect(associations.map((a) => a.target_resource_id)).toContain(mlflowVm);
    expect(associations).toHaveLength(3);
  });
});

describe("who is told", () => {
  test("monitoring.alertEmails become the action group's email receivers (common alert schema)", () => {
    const { json } = synthStack({ ...DEV_LIKE, monitoring: { alertEmails: ["ml-platform@contoso.com"] } });
    expect(
      resourceAt(json, "azurerm_monitor_action_group", "monitoring/action-group").email_receiver,
    ).toEqual([{ name: "email-1", email_address: "ml-platform@contoso.com", use_common_alert_schema: true }]);
  });

  test("without receivers, synth says that alerts notify nobody", () => {
    const infos = dev.stack.server.node.metadata
      .filter((entry) => entry.type === "@cdktf/info")
      .map((entry) => String(entry.data));
    expect(infos.join("\n")).toMatch(
      /monitoring\.alertEmails is empty, so alerts fire in Azure Monitor but notify nobody/,
    );
  });

  test("an address that is not an email is refused with the field, the value and an example", () => {
    expect(() => resolveConfig("dev", { ...DEV_LIKE, monitoring: { alertEmails: ["ml-platform"] } })).toThrow(
      /monitoring\.alertEmails\[0\]: got "ml-platform"; expected an email address, e\.g\. "ml-platform@contoso\.com"/,
    );
  });
});

describe("alert definitions", () => {
  test.each([...WEB_APP_ALERTS, ...POSTGRES_ALERTS, ...VM_ALERTS].map((a) => [a.id, a] as const))(
    "%s aggregates over a window longer than its evaluation frequency (azurerm: window_size > frequency)",
    (_, alert) => {
      const minutes = (duration: string) => Number(/^PT(\d+)M$/.exec(duration)?.[1]);
      expect(minutes(alert.windowSize)).toBeGreaterThan(minutes(alert.frequency));
    },
  );
});
