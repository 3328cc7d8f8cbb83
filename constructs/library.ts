/**
 * The package's entry point (package.json `main`/`types`), and its public API in every cdktf language: jsii checks
 * that everything exported here can be called from Python, Java, C# and Go (`npm run build`). constructs/index.ts
 * is the repository's own, TypeScript-only, barrel (main.ts, the tests, the scripts).
 */
export { MlflowTrackingServer } from "./mlflow-tracking-server";
export type { MlflowTrackingServerProps } from "./mlflow-tracking-server";
export type { ResourceGroupReference } from "./resource-group";
export { MlflowStack, STACK_ID_PREFIX } from "./mlflow-stack";
export { AuthMode, EasyAuthCredential, StorageReplication } from "./config/types";
export type {
  AppProxyConfig,
  AuthModeName,
  DatabaseAdministratorGroup,
  DatabaseConfig,
  EasyAuthClientCredentialMode,
  EasyAuthConfig,
  EasyAuthCustomDomainConfig,
  EnvironmentConfig,
  ExistingSubnetConfig,
  ExistingSubnetsConfig,
  ExistingVirtualNetworkConfig,
  KeyVaultConfig,
  LandingZoneConfig,
  LogAnalyticsConfig,
  MlflowConfig,
  MlflowTrackingServerSettings,
  MonitoringConfig,
  PermissionsConfig,
  PrivateDnsZoneIdsConfig,
  RemoteStateConfig,
  StorageConfig,
  StorageReplicationType,
} from "./config/types";
export { ResourceNames } from "./naming";
