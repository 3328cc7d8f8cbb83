import type { MlflowServerDefinition } from "../mlflow-server";

/** App setting that carries the shared start script into the container. */
export const START_SCRIPT_SETTING = "MLFLOW_START_SCRIPT";

/**
 * The container command App Service runs (`site_config.app_command_line`), plus the app setting it reads.
 *
 * App Service hands the startup command of a custom container to `docker run` as the container command, replacing
 * the image's CMD (the official MLflow image has no ENTRYPOINT, only python's CMD)
 * (App Service staff in projectkudu/KuduScript#77: "the startup command you enter is passed as the container
 * command, with no changes"; https://learn.microsoft.com/azure/app-service/configure-custom-container).
 * How the platform splits that one string into arguments is not documented, so the command is kept short and
 * constant, with a single level of single quotes, and the multi-line script (newlines, its own quoting) travels as
 * an app setting, i.e. an environment variable the container's shell expands at run time:
 *
 *     /bin/sh -c 'eval "$MLFLOW_START_SCRIPT"'
 *
 * Single quotes also keep a host-side shell, if one is involved, from expanding `$MLFLOW_START_SCRIPT` itself.
 * The script holds no secret: the backend-store URI arrives separately, as a Key Vault reference.
 */
export interface StartupCommand {
  readonly appCommandLine: string;
  readonly appSettings: Readonly<Record<string, string>>;
}

export function startupCommand(server: MlflowServerDefinition): StartupCommand {
  return {
    appCommandLine: `/bin/sh -c 'eval "$${START_SCRIPT_SETTING}"'`,
    appSettings: { [START_SCRIPT_SETTING]: server.startScript },
  };
}
