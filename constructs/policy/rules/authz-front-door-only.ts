import { AUTHZ_MARKER_SETTING } from "../../authz/settings";
import { COMPLIANT, NOT_APPLICABLE, verdict, type Rule } from "../rule";
import { rawString, referencesIn } from "../values";
import {
  carriesAuthzMarker,
  HOSTS_WITHOUT_APP_SERVICE_AUTHENTICATION,
  WEB_APP_SLOT_TYPES,
} from "./authz-common";
import { resourceOf } from "./deploy-common";

/**
 * With permissions on, MLflow's stores may be reached only through the front door that vouches for the caller.
 * - A host without App Service Authentication (a VM, a container, a function app) that runs the authorization
 *   function would take a forged `X-MS-CLIENT-PRINCIPAL` from anyone who reaches its port: only App Service keeps
 *   callers from setting it (https://learn.microsoft.com/azure/app-service/configure-authentication-user-identities).
 *   App Proxy mode refuses permissions for this reason (server/python/SOURCES.md, section 3).
 * - A deployment slot is an app of its own with its own host name and settings
 *   (https://learn.microsoft.com/azure/app-service/deploy-staging-slots): a slot of a permissioned web app that does
 *   not run the function serves MLflow's stores with no identity check at all. One that does is judged by MLF-AUTHZ-1.
 * Nothing else of the web app itself is checked (public network access, IP restrictions, private endpoints): Learn
 * says every incoming HTTP request passes through App Service Authentication before the app's code, and names no
 * network path as an exception
 * (https://learn.microsoft.com/azure/app-service/overview-authentication-authorization#feature-architecture). SCM
 * (Kudu) publishing with passwords is MLF-WEB-4's.
 */
export const authzFrontDoorOnly: Rule = {
  id: "MLF-AUTHZ-2",
  title: "MLflow's Entra authorization runs only behind App Service Authentication, in every slot.",
  appliesTo: [...WEB_APP_SLOT_TYPES, ...HOSTS_WITHOUT_APP_SERVICE_AUTHENTICATION],
  fix: `run MLflow with permissions only in a web app behind App Service Authentication: remove ${AUTHZ_MARKER_SETTING} (and the other MLFLOW_ENTRA_AUTHZ_ settings) from any other host, and give every slot of that web app the same settings (MLF-AUTHZ-1 then checks its sign-in).`,
  check: (host, stack) => {
    if ((WEB_APP_SLOT_TYPES as readonly string[]).includes(host.type)) {
      const parent = referencesIn(rawString(host.config, "app_service_id") ?? "")
        .map((reference) => resourceOf(stack, reference))
        .find((element) => element !== undefined);
      if (!parent || !carriesAuthzMarker(stack, parent)) return NOT_APPLICABLE;
      return carriesAuthzMarker(stack, host)
        ? COMPLIANT
        : verdict(
            `it is a slot of ${parent.address}, which runs MLflow's Entra authorization function, but does not run it: requests to the slot reach MLflow's stores with no identity check`,
          );
    }
    if (!carriesAuthzMarker(stack, host)) return NOT_APPLICABLE;
    return verdict(
      `it carries ${AUTHZ_MARKER_SETTING}, but nothing in front of it keeps callers from sending their own X-MS-CLIENT-PRINCIPAL`,
    );
  },
};
