import { verdict, type Rule } from "../rule";
import { readBoolean, stringsIn, referencesIn, refersTo } from "../values";
import { show } from "./common";

/**
 * Sign-in alone must not be enough: only users, groups and applications assigned to the app may get a token.
 * https://learn.microsoft.com/entra/identity-platform/howto-restrict-your-app-to-a-set-of-users
 * An app created from a gallery template gets its service principal from the template; the stack must then adopt
 * it with an `azuread_service_principal` (`use_existing = true`), which this rule checks like any other.
 */
export const entraAssignmentRequired: Rule = {
  id: "MLF-ENTRA-1",
  title: "Entra service principals require user or group assignment.",
  appliesTo: ["azuread_service_principal", "azuread_application_from_template"],
  fix: "set appRoleAssignmentRequired: true on the ServicePrincipal (adopt a template's service principal with useExisting: true).",
  check: (element, stack) => {
    if (element.type === "azuread_application_from_template") {
      const adopted = stack
        .resourcesOfType("azuread_service_principal")
        .some((principal) =>
          stringsIn(principal.config).some(({ value }) =>
            referencesIn(value).some((ref) => refersTo(ref, element)),
          ),
        );
      return verdict(
        !adopted && "no azuread_service_principal adopts the service principal the template created",
      );
    }
    const required = readBoolean(element.config, "app_role_assignment_required");
    return verdict(
      required !== true && `app_role_assignment_required is ${show(required)} (the default is false)`,
    );
  },
};
