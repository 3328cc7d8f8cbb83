export { AZAPI_PROVIDER_SOURCE, AZAPI_PROVIDER_VERSION, AzapiProvider } from "./provider";
export { AzapiResource, AzapiResourceAction } from "./resources";
export type { AzapiBody, AzapiResourceActionConfig, AzapiResourceConfig, AzapiValue } from "./resources";
