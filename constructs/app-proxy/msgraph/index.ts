export { MSGRAPH_PROVIDER_SOURCE, MSGRAPH_PROVIDER_VERSION, MsgraphProvider } from "./provider";
export type { MsgraphProviderConfig } from "./provider";
export { MsgraphResource, MsgraphResourceAction, MsgraphUpdateResource } from "./resources";
export type {
  GraphActionMethod,
  GraphApiVersion,
  GraphBody,
  GraphQueryParameters,
  GraphResponseExportValues,
  GraphValue,
  MsgraphResourceActionConfig,
  MsgraphResourceConfig,
  MsgraphUpdateResourceConfig,
} from "./resources";
export { MsgraphDataResource } from "./data-resource";
export type { MsgraphDataResourceConfig } from "./data-resource";
