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
 * MLflow unavailable behind EasyAuth. `HealthCheckStatus` ("Health check status", Count, default aggregation Average,
 * dimension Instance) is published at PT5M, PT1H and P1D only, so the window is 5 minutes
 * (https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-web-sites-metrics).
 * Learn: the metric "aggregate[s] the successful pings and display[s] failures only when the instance was deemed
 * unhealthy", by default after 10 consecutive failed 1-minute pings
 * (https://learn.microsoft.com/azure/app-service/monitor-instances-health-check#monitoring). Learn does not state the
 * scale. Unverified at the source: 100 = every ping healthy, 0 = failing (users' reports, e.g.
 * Azure/azure-functions-dotnet-worker#2950; Microsoft's Azure Monitor Baseline Alerts use Average LessThan 100 for
 * slots), so any value below 100 means an instance was deemed unhealthy in the window.
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
 * A VM that is not running. `VmAvailabilityMetric` ("VM Availability Metric", Count, Average/Minimum/Maximum, PT1M,
 * https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-compute-virtualmachines-metrics)
 * is 1 when the "VM is running and available", 0 when it "could be stopped or rebooting", and absent (null) once it is
 * stopped through Azure, so a deallocation does not fire; Learn still calls it public preview
 * (https://learn.microsoft.com/azure/virtual-machines/monitor-vm-reference#vm-availability-metric-preview) and names
 * it "the best method" to alert when a VM stops
 * (https://learn.microsoft.com/azure/azure-monitor/vm/tutorial-monitor-vm-alert-availability).
 * Learn's tutorial rule is Average < 1 over 1 minute: any unavailable minute, a reboot included. Here the rule is
 * Maximum < 1 over 5 minutes: no minute of the window was available, i.e. down for 5 minutes (what the description
 * promises), so the platform's patch reboots (patch_mode AutomaticByPlatform) do not page anyone.
 */
export const VM_ALERTS: readonly MetricAlertDefinition[] = [
  {
    id: "vm-unavailable",
    description: "The VM has been unavailable (not running) for 5 minutes",
    metricNamespace: "Microsoft.Compute/virtualMachines",
    metricName: "VmAvailabilityMetric",
    aggregation: "Maximum",
    operator: "LessThan",
    threshold: 1,
    windowSize: "PT5M",
    frequency: "PT1M",
    severity: 1,
  },
];
