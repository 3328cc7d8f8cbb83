import type { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import type { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import type { ResolvedConfig } from "../config";
import type { ResourceNames } from "../naming";
import type { Network } from "../network";

/** What every part of the data plane (secrets, artifacts, backend store) is built from. */
export interface DataComponentProps {
  readonly config: ResolvedConfig;
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroup;
  readonly network: Network;
  /** Where the component's diagnostic logs go. */
  readonly logAnalytics: LogAnalyticsWorkspace;
}
