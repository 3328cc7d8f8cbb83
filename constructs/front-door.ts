import type { ResourceGroupReference } from "./resource-group";
import type { ResolvedMlflowConfig, Tags } from "./config";
import type { DataPlane } from "./data";
import type { MonitoredHosts } from "./monitoring";
import type { ResourceNames } from "./naming";
import type { Network } from "./network";

/**
 * What the stack hands to the front door it picks by `authMode` (EasyAuthFrontDoor or AppProxyFrontDoor; each adds
 * its own section of the configuration). Everything a front door builds sits on top of these; nothing below depends
 * on the front door.
 */
export interface FrontDoorProps {
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroupReference;
  readonly network: Network;
  readonly dataPlane: DataPlane;
  /** Image and workers of the MLflow server. */
  readonly mlflow: ResolvedMlflowConfig;
  /** Entra groups whose members may sign in (each is assigned the app's User role). */
  readonly signInGroupObjectIds: readonly string[];
  /** Entra tenant (a plan-time reference is fine). */
  readonly tenantId: string;
  /** Object id of whoever deploys: owner of the app registrations, so they can manage them without an admin role. */
  readonly deployerObjectId: string;
  /** Tags on every resource that supports them. @default - none */
  readonly tags?: Tags;
}

/** What every front door tells its users; the stack turns these into Terraform outputs. */
export interface FrontDoor {
  /** `MLFLOW_TRACKING_URI` for clients and the URL people open in a browser. */
  readonly trackingUri: string;
  /** Application (client) id of the Entra app that protects MLflow. */
  readonly applicationClientId: string;
  /**
   * Shell line that exports `MLFLOW_TRACKING_TOKEN` for this server: EasyAuth through the Azure CLI, App Proxy through
   * the Python plugin's device-code sign-in as the stack's public client (constructs/entra/token-command.ts).
   */
  readonly tokenCommand: string;
  /**
   * OAuth scope a client requests for an MLflow token, `<identifier URI>/.default` (EasyAuth
   * `api://<client-id>/.default`, App Proxy `https://<external host>/.default`).
   */
  readonly tokenScope: string;
  /** What runs MLflow and its way in, for alerts and log collection (constructs/monitoring). */
  readonly monitoredHosts: MonitoredHosts;
}
