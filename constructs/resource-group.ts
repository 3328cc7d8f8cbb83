/**
 * The resource group a building block creates its resources in: only its name and region are read. A
 * `ResourceGroup` the stack creates is one, and so is `{ name, location }` of an existing group (yours, or one a
 * landing zone gives you).
 */
export interface ResourceGroupReference {
  /** Name of the resource group. */
  readonly name: string;
  /** Region of the resources created in it (Azure region name, e.g. `westeurope`). */
  readonly location: string;
}
