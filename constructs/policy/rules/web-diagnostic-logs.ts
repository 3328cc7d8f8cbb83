import { verdict, type Rule } from "../rule";
import { blocksAt, rawString, referencesIn, refersTo } from "../values";
import { WEB_APP_TYPES } from "./common";

/** Sign-ins, HTTP logs and console output of the app go to Log Analytics, where they outlive the instance. */
export const webDiagnosticLogs: Rule = {
  id: "MLF-WEB-10",
  title: "Web apps send their logs to Log Analytics.",
  appliesTo: WEB_APP_TYPES,
  fix: "add a MonitorDiagnosticSetting with targetResourceId = the web app's id, a logAnalyticsWorkspaceId and at least one enabledLog.",
  check: (element, stack) => {
    const settings = stack
      .resourcesOfType("azurerm_monitor_diagnostic_setting")
      .filter((setting) =>
        referencesIn(rawString(setting.config, "target_resource_id") ?? "").some((reference) =>
          refersTo(reference, element),
        ),
      );
    const complete = settings.some(
      (setting) =>
        rawString(setting.config, "log_analytics_workspace_id") !== undefined &&
        blocksAt(setting.config, "enabled_log").length > 0,
    );
    return verdict(
      !complete &&
        (settings.length === 0
          ? "no azurerm_monitor_diagnostic_setting targets it"
          : "its diagnostic setting has no log_analytics_workspace_id or no enabled_log"),
    );
  },
};
