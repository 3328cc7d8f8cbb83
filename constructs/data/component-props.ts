import type { ResourceGroupReference } from "../resource-group";
import type { ResourceReference } from "../references";
import type { Tags } from "../config";
import type { ResourceNames } from "../naming";

/** What every part of the data plane (secrets, artifacts, backend store) is built from. */
export interface DataComponentProps {
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroupReference;
  /** Where the component's diagnostic logs go. */
  readonly logAnalytics: ResourceReference;
  /** Tags on every resource. @default - none */
  readonly tags?: Tags;
}

/** Where a component that is reached through a private endpoint puts it. */
export interface PrivateAccessProps {
  /** The private-endpoints subnet. */
  readonly subnet: ResourceReference;
  /** The private DNS zone of the endpoint's sub-resource (`privatelink.blob.core.windows.net`, ...). */
  readonly dnsZone: ResourceReference;
}
