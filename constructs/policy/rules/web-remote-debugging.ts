import { verdict, type Rule } from "../rule";
import { readBoolean } from "../values";
import { WEB_APP_TYPES } from "./common";

/** Remote debugging opens extra ports into the worker. */
export const webRemoteDebugging: Rule = {
  id: "MLF-WEB-5",
  title: "Web apps have remote debugging off.",
  appliesTo: WEB_APP_TYPES,
  fix: "remove siteConfig.remoteDebuggingEnabled (or set it to false).",
  check: ({ config }) =>
    verdict(
      readBoolean(config, "site_config.remote_debugging_enabled") === true &&
        "site_config.remote_debugging_enabled is true",
    ),
};
