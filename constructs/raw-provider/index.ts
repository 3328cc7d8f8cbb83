export { booleanArgument, dynamicArgument, hclArguments, jsonArguments, stringArgument } from "./attributes";
export type { Argument, ArgumentKind, Arguments } from "./attributes";
export { RawDataSource } from "./data-source";
export { RawProvider } from "./provider";
export { RawResource } from "./resource";
export type { RawProviderSpec } from "./spec";
