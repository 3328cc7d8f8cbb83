/**
 * Fixed identifiers Microsoft publishes, named once so code reads as intent rather than a GUID.
 */

/**
 * Application (client) id of the Azure CLI, the same in every tenant. Pre-authorizing it on MLflow's scope lets
 * `az account get-access-token --resource api://<client-id>` return a token without a consent prompt
 * (otherwise AADSTS65001). https://learn.microsoft.com/troubleshoot/azure/active-directory/verify-first-party-apps-sign-in
 */
export const AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/**
 * Gallery template for non-gallery ("on-premises") applications, global cloud; Entra Application Proxy apps are
 * instantiated from it (`POST /applicationTemplates/{id}/instantiate`).
 * https://learn.microsoft.com/graph/api/applicationtemplate-instantiate
 */
export const ON_PREMISES_APPLICATION_TEMPLATE_ID = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";

/** A GUID as Entra prints object and client ids. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
