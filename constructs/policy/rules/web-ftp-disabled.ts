import { verdict, type Rule } from "../rule";
import { readString } from "../values";
import { show, WEB_APP_TYPES } from "./common";

/** A container app is deployed from an image: FTP is only an extra way in. Stated explicitly so review sees it. */
export const webFtpDisabled: Rule = {
  id: "MLF-WEB-3",
  title: "Web apps have FTP and FTPS turned off.",
  appliesTo: WEB_APP_TYPES,
  fix: 'set siteConfig.ftpsState: "Disabled".',
  check: ({ config }) => {
    const state = readString(config, "site_config.ftps_state");
    return verdict(state !== "Disabled" && `site_config.ftps_state is ${show(state)}`);
  },
};
