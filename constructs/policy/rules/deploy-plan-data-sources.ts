import { NOT_APPLICABLE, verdict, type Rule } from "../rule";

/** What the pull-request plan identity needs to read one kind of data source, and where that is documented. */
export interface PlanReadableDataSource {
  /**
   * The Azure role (`Reader`) or Microsoft Graph application permission (`Domain.Read.All`) docs/ci-cd.md grants the
   * plan identity for it; `nothing` when the provider answers from its own sign-in.
   */
  readonly needs: string;
  /** The source that says so. */
  readonly source: string;
}

/**
 * The data sources a pull-request plan can read: exactly the rights docs/ci-cd.md ("The plan identity") grants it,
 * Reader on the subscription and the Graph application permissions Domain.Read.All and Application.Read.All. A test
 * keeps this table, the guide's table and the guide's commands equal.
 */
export const PLAN_READABLE_DATA_SOURCES: Readonly<Record<string, PlanReadableDataSource>> = {
  azurerm_client_config: {
    needs: "nothing",
    source: "azurerm v4.55.0 internal/services/authorization/client_config_data_source.go (no API call)",
  },
  azuread_client_config: {
    needs: "nothing",
    source: "azuread v3.7.0 docs/data-sources/client_config.md",
  },
  azuread_service_principal: {
    needs: "Application.Read.All",
    source: "azuread v3.7.0 docs/data-sources/service_principal.md",
  },
  azuread_domains: {
    needs: "Domain.Read.All",
    source: "azuread v3.7.0 docs/data-sources/domains.md",
  },
  azurerm_resources: {
    needs: "Reader",
    source: "https://learn.microsoft.com/rest/api/resources/resources/list",
  },
  // A landing zone's existing network, DNS and resource group: one Resource Manager GET each, no keys, no data plane
  // (azurerm v4.55.0 internal/services/{network/subnet,network/virtual_network,privatedns/private_dns_zone,
  // resource/resource_group}_data_source.go). Not azurerm_log_analytics_workspace: it also reads the shared keys,
  // an action Reader lacks.
  azurerm_subnet: { needs: "Reader", source: "azurerm v4.55.0 network/subnet_data_source.go" },
  azurerm_virtual_network: {
    needs: "Reader",
    source: "azurerm v4.55.0 network/virtual_network_data_source.go",
  },
  azurerm_private_dns_zone: {
    needs: "Reader",
    source: "azurerm v4.55.0 privatedns/private_dns_zone_data_source.go",
  },
  azurerm_resource_group: {
    needs: "Reader",
    source: "azurerm v4.55.0 resource/resource_group_data_source.go",
  },
};

/**
 * Terraform reads data sources while planning, `-refresh=false` or not, and a pull-request plan runs as the plan
 * identity: an application that may only read. A data source it may not read fails every pull request of the stack,
 * and some cannot be read by any application: Graph lists "Application: Not supported" for the App Proxy endpoints
 * (GET onPremisesPublishingProfiles/applicationProxy,
 * https://learn.microsoft.com/graph/api/onpremisespublishingprofile-get?view=graph-rest-beta). Such a read belongs at
 * apply time, where the deploy signs in as a person (ApplicationProxyEnabledCheck: an msgraph_resource_action GET).
 */
export const deployPlanDataSources: Rule = {
  id: "MLF-DEPLOY-7",
  title: "Data sources are only those the pull-request plan identity can read (plans read them).",
  appliesTo: "all",
  fix: "read it at apply time instead (for a delegated-only Graph read, an MsgraphResourceAction with method GET, as ApplicationProxyEnabledCheck does), or pass the value in; if the plan identity may read it, grant that in docs/ci-cd.md and add it to PLAN_READABLE_DATA_SOURCES.",
  check: ({ kind, type, address }) => {
    if (kind !== "data") return NOT_APPLICABLE;
    if (PLAN_READABLE_DATA_SOURCES[type]) return verdict();
    return verdict(
      type.startsWith("msgraph_")
        ? `${address} is read at plan time through the msgraph provider, whose App Proxy reads Graph allows only for a signed-in person; the plan signs in as an application`
        : `${address} is read at plan time, and docs/ci-cd.md grants the plan identity nothing that reads ${type}`,
    );
  },
};
