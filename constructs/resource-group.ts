/**
 * The resource group a building block creates its resources in: its id, name and region are read. A `ResourceGroup`
 * the stack creates is one, and so is a `DataAzurermResourceGroup`, or `{ id, name, location }` of an existing group
 * (yours, or one a landing zone gives you).
 */
export interface ResourceGroupReference {
  /** Resource Manager id, `/subscriptions/<id>/resourceGroups/<name>` (the parent of resources created through azapi). */
  readonly id: string;
  /** Name of the resource group. */
  readonly name: string;
  /** Region of the resources created in it (Azure region name, e.g. `westeurope`). */
  readonly location: string;
}
