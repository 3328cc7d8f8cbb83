import { verdict, type Rule } from "../rule";
import { readString } from "../values";

/** MLflow is for one organisation: accounts from other tenants must not be able to sign in. */
export const entraSingleTenant: Rule = {
  id: "MLF-ENTRA-2",
  title: "Entra app registrations are single-tenant.",
  appliesTo: ["azuread_application", "azuread_application_registration"],
  fix: 'set signInAudience: "AzureADMyOrg" (or leave it unset).',
  check: ({ config }) => {
    const audience = readString(config, "sign_in_audience");
    return verdict(
      audience !== undefined && audience !== "AzureADMyOrg" && `sign_in_audience is "${audience}"`,
    );
  },
};
