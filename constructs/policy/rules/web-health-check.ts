import { verdict, type Rule } from "../rule";
import { readString } from "../values";
import { WEB_APP_TYPES } from "./common";

/** App Service replaces an instance that fails its health check; without one a hung server keeps receiving traffic. */
export const webHealthCheck: Rule = {
  id: "MLF-WEB-8",
  title: "Web apps have a health check.",
  appliesTo: WEB_APP_TYPES,
  fix: 'set siteConfig.healthCheckPath (MLflow serves "/health") and healthCheckEvictionTimeInMin.',
  check: ({ config }) => {
    const path = readString(config, "site_config.health_check_path");
    return verdict((path === undefined || path === "") && "site_config.health_check_path is unset");
  },
};
