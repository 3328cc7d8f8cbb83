/**
 * What a building block reads of a resource it may not have created (a landing zone's subnet, a hub's private DNS
 * zone, a central Log Analytics workspace): its resource id. A resource created here passes as it is.
 */
export interface ResourceReference {
  /** Azure resource id (or a Terraform reference to one). */
  readonly id: string;
}
