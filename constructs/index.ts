// The package's public API (constructs/library.ts, what jsii checks), and below it what only this repository's
// TypeScript uses (main.ts, the tests, the scripts): the building blocks and the config helpers.
export * from "./library";
export { AUTH_MODES, ConfigError, DEFAULTS, resolveConfig } from "./config";
export type { ResolvedConfig, Tags } from "./config";
export { stableUuid } from "./naming";
export { Network } from "./network";
export type { NetworkProps, SubnetPurpose } from "./network";
export { ArtifactStore, BackendStore, DataPlane, SecretStore } from "./data";
export type { ArtifactStoreProps, BackendStoreProps, DataPlaneProps, SecretStoreProps } from "./data";
export { DEFAULT_MLFLOW_IMAGE, MLFLOW_PORT, mlflowServer } from "./mlflow-server";
export type { MlflowPermissionsProps, MlflowServerDefinition, MlflowServerProps } from "./mlflow-server";
export { POSTGRES_ENTRA_RESOURCE, postgresUri } from "./postgres-entra-auth";
export type { DatabasePrincipal, PostgresEntraLogin } from "./postgres-entra-auth";
export type { FrontDoor, FrontDoorProps } from "./front-door";
export { ALL_RULES, DEPLOYABILITY_RULES, SECURITY_RULES, SecurityRulePack, suppressRule } from "./policy";
export type { RuleSuppression, SecurityRulePackProps } from "./policy";
export { EasyAuthFrontDoor } from "./easyauth";
export type { EasyAuthFrontDoorProps } from "./easyauth";
export { AppProxyFrontDoor, ConnectorHosts, MlflowVm } from "./app-proxy";
export type { AppProxyFrontDoorProps, ConnectorHostsProps, MlflowVmProps } from "./app-proxy";
export { MlflowEntraApp } from "./entra";
export type { MlflowEntraAppProps } from "./entra";
