/**
 * The metric alerts of an environment, as data: which metric of which resource type, when it fires, how bad it is.
 * Thresholds follow Microsoft's Azure Monitor Baseline Alerts (Azure/azure-monitor-baseline-alerts,
 * services/<type>/alerts.yaml) where Learn publishes none; each metric name, aggregation and time grain is from
 * Learn's supported-metrics reference for its type.
 */

export interface MetricAlertDefinition {
  /** Short id, part of the alert's name and construct id. */
  readonly id: string;
  readonly description: string;
  readonly metricNamespace: string;
  readonly metricName: string;
  readonly aggregation: "Average" | "Minimum" | "Maximum" | "Total" | "Count";
  readonly operator: "GreaterThan" | "LessThan";
  readonly threshold: number;
  /** ISO 8601 duration the metric is aggregated over; must be larger than `frequency`. */
  readonly windowSize: string;
  readonly frequency: string;
  /** 0 (critical) to 4 (verbose). */
  readonly severity: 0 | 1 | 2 | 3 | 4;
}

/**
 * MLflow unavailable behind EasyAuth. HealthCheckStatus is published at PT5M grain only, so the window is 5 minutes;
 * an instance counts as unhealthy after 10 failed pings of /health (Learn, monitor-instances-health-check), and the
 * average over instances drops below 100 then.
 * https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-web-sites-metrics
 */
export const WEB_APP_ALERTS: readonly MetricAlertDefinition[] = [
  {
    id: "health-check",
    description: "MLflow failed App Service's health check (/health) on at least one instance",
    metricNamespace: "Microsoft.Web/sites",
    metricName: "HealthCheckStatus",
    aggregation: "Average",
    operator: "LessThan",
    threshold: 100,
    windowSize: "PT5M",
    frequency: "PT1M",
    severity: 1,
  },
  {
    id: "http-5xx",
    description: "MLflow answered more than 10 requests with a server error (5xx) in 15 minutes",
    metricNamespace: "Microsoft.Web/sites",
    metricName: "Http5xx",
    aggregation: "Total",
    operator: "GreaterThan",
    threshold: 10,
    windowSize: "PT15M",
    frequency: "PT5M",
    severity: 2,
  },
];

/**
 * The backend store: down, CPU-bound, or filling up (storage auto-grow buys time, not capacity planning).
 * `is_db_alive` is 1 when the server is available; "aggregating this metric with MAX() will allow customers to
 * determine whether the server has been up or down" (Learn, postgresql concepts-monitoring).
 * https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-dbforpostgresql-flexibleservers-metrics
 */
export const POSTGRES_ALERTS: readonly MetricAlertDefinition[] = [
  {
    id: "database-down",
    description: "The PostgreSQL server holding MLflow's backend store has not been alive for 15 minutes",
    metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers",
    metricName: "is_db_alive",
    aggregation: "Maximum",
    operator: "LessThan",
    threshold: 1,
    windowSize: "PT15M",
    frequency: "PT5M",
    severity: 1,
  },
  {
    id: "database-cpu",
    description: "The PostgreSQL server's CPU has averaged over 90% for 15 minutes",
    metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers",
    metricName: "cpu_percent",
    aggregation: "Average",
    operator: "GreaterThan",
    threshold: 90,
    windowSize: "PT15M",
    frequency: "PT5M",
    severity: 2,
  },
  {
    id: "database-storage",
    description: "The PostgreSQL server's storage is over 85% full",
    metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers",
    metricName: "storage_percent",
    aggregation: "Average",
    operator: "GreaterThan",
    threshold: 85,
    windowSize: "PT15M",
    frequency: "PT5M",
    severity: 2,
  },
];

/**
 * A VM that is not running: 1 = "VM is running and available", 0 = unavailable. Learn's own rule is Average < 1
 * (the metric is in public preview; a VM stopped through Azure stops emitting it, so a deallocation does not fire).
 * https://learn.microsoft.com/azure/azure-monitor/vm/tutorial-monitor-vm-alert-availability
 */
export const VM_ALERTS: readonly MetricAlertDefinition[] = [
  {
    id: "vm-unavailable",
    description: "The VM has been unavailable (not running) for 5 minutes",
    metricNamespace: "Microsoft.Compute/virtualMachines",
    metricName: "VmAvailabilityMetric",
    aggregation: "Average",
    operator: "LessThan",
    threshold: 1,
    windowSize: "PT5M",
    frequency: "PT1M",
    severity: 1,
  },
];
