export { AUTHZ_MARKER_SETTING, AUTHZ_SETTINGS } from "./settings";
export {
  AUTH_CONFIG_PATH,
  AUTHZ_ZIP_CHUNK_LENGTH,
  AUTHZ_ZIP_PATH,
  AUTHZ_ZIP_VARIABLE,
  authzEnvironment,
  authzStartLines,
  type AuthzEnvironmentProps,
} from "./package";
export { MLFLOW_ENTRA_AUTHZ_ZIP_BASE64, MLFLOW_ENTRA_AUTHZ_ZIP_SHA256 } from "./payload.generated";
