import type { DataAzureadClientConfig } from "@cdktf/provider-azuread/lib/data-azuread-client-config";
import type { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import type { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import type { ResolvedConfig } from "./config";
import type { DataPlane } from "./data";
import type { MonitoredHosts } from "./monitoring";
import type { ResourceNames } from "./naming";
import type { Network } from "./network";

/**
 * What the stack hands to the front door it picks by `authMode` (EasyAuth web app or App Proxy VM).
 * Everything a front door builds sits on top of these; nothing below depends on the front door.
 */
export interface FrontDoorProps {
  readonly config: ResolvedConfig;
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroup;
  readonly network: Network;
  readonly dataPlane: DataPlane;
  /** Tenant, subscription and deployer object id, resolved at plan time. */
  readonly azurermClient: DataAzurermClientConfig;
  readonly azureadClient: DataAzureadClientConfig;
}

/** What every front door tells its users; the stack turns these into Terraform outputs. */
export interface FrontDoor {
  /** `MLFLOW_TRACKING_URI` for clients and the URL people open in a browser. */
  readonly trackingUri: string;
  /** Application (client) id of the Entra app that protects MLflow. */
  readonly applicationClientId: string;
  /** Shell line that exports `MLFLOW_TRACKING_TOKEN` for this server (Azure CLI). */
  readonly tokenCommand: string;
  /**
   * OAuth scope a client requests for an MLflow token, `<identifier URI>/.default` (EasyAuth
   * `api://<client-id>/.default`, App Proxy `https://<external host>/.default`).
   */
  readonly tokenScope: string;
  /** What runs MLflow and its way in, for alerts and log collection (constructs/monitoring). */
  readonly monitoredHosts: MonitoredHosts;
}
