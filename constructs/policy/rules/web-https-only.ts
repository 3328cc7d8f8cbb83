import { verdict, type Rule } from "../rule";
import { readBoolean } from "../values";
import { show, WEB_APP_TYPES } from "./common";

/** Plain HTTP would carry bearer tokens and session cookies in clear text. */
export const webHttpsOnly: Rule = {
  id: "MLF-WEB-1",
  title: "Web apps redirect every HTTP request to HTTPS.",
  appliesTo: WEB_APP_TYPES,
  fix: "set httpsOnly: true on the web app.",
  check: ({ config }) => {
    const httpsOnly = readBoolean(config, "https_only");
    return verdict(httpsOnly !== true && `https_only is ${show(httpsOnly)} (the default is false)`);
  },
};
