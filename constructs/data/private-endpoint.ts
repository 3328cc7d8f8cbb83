import { PrivateEndpoint as AzurePrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import type { ResourceGroupReference } from "../resource-group";
import type { ResourceReference } from "../references";
import { Construct } from "constructs";

export interface PrivateEndpointProps {
  readonly name: string;
  readonly resourceGroup: ResourceGroupReference;
  readonly subnet: ResourceReference;
  /** Resource the endpoint connects to. */
  readonly targetResourceId: string;
  /** Sub-resource (group id): `blob`, `vault`, ... */
  readonly subresource: string;
  /** Zone that gets the endpoint's A record (Azure manages the record through the zone group). */
  readonly dnsZone: ResourceReference;
  readonly tags: Readonly<Record<string, string>>;
}

/** A private endpoint registered in its private DNS zone, so the resource's usual host name resolves privately. */
export class PrivateEndpoint extends AzurePrivateEndpoint {
  constructor(scope: Construct, id: string, props: PrivateEndpointProps) {
    super(scope, id, {
      name: props.name,
      resourceGroupName: props.resourceGroup.name,
      location: props.resourceGroup.location,
      subnetId: props.subnet.id,
      customNetworkInterfaceName: `${props.name}-nic`,
      privateServiceConnection: {
        name: `${props.name}-connection`,
        privateConnectionResourceId: props.targetResourceId,
        subresourceNames: [props.subresource],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: "default", privateDnsZoneIds: [props.dnsZone.id] },
      tags: { ...props.tags },
    });
  }
}
