import { verdict, type Rule } from "../rule";
import { stringsIn, valueAt } from "../values";

/**
 * Microsoft Graph refuses an identifier URI that ends with "/" (IdentifierUrisEndsWithSlash). An App Proxy
 * external URL ends with one; its identifier URI must not. https://learn.microsoft.com/graph/application-proxy-configure-api
 */
export const deployIdentifierUriSlash: Rule = {
  id: "MLF-DEPLOY-3",
  title: "Identifier URIs do not end with a slash.",
  appliesTo: ["azuread_application", "azuread_application_identifier_uri"],
  fix: 'drop the trailing "/" from the identifier URI (keep it on the external URL and redirect URIs).',
  check: ({ type, config }) => {
    const uris =
      type === "azuread_application"
        ? stringsIn(valueAt(config, "identifier_uris")).map(({ value }) => value)
        : stringsIn(valueAt(config, "identifier_uri")).map(({ value }) => value);
    return verdict(
      ...uris.map((uri) => uri.endsWith("/") && `identifier URI ${JSON.stringify(uri)} ends with "/"`),
    );
  },
};
