import type { MlflowServerDefinition } from "../mlflow-server";

/** App setting that carries the shared start script into the container. */
export const START_SCRIPT_SETTING = "MLFLOW_START_SCRIPT";

/**
 * The container command App Service runs (`site_config.app_command_line`), plus the app setting it reads: a short,
 * constant command, because how App Service splits it is undocumented (constructs/easyauth/README.md, "Startup command
 * quoting").
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
