export { resolveConfig } from "./resolve";
export { DEFAULTS } from "./defaults";
export { KEYS, RETIRED_KEYS } from "./keys";
export { MAX_ADDRESS_SPACE_PREFIX, RANGES } from "./azure-limits";
export { AZURE_REGIONS } from "./regions";
export { ConfigError } from "./validation";
export {
  AUTH_MODES,
  AuthMode,
  EASYAUTH_CLIENT_CREDENTIALS,
  EasyAuthCredential,
  MLFLOW_PERMISSIONS,
  STORAGE_REPLICATION_TYPES,
  StorageReplication,
} from "./types";
export type * from "./types";
export { checkEnvironments } from "./environments-check";
