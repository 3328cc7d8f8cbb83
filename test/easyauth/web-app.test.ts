import { DEFAULT_MLFLOW_IMAGE } from "../../constructs/mlflow-server";
import { hostStartDependencies, refTo, resourceAt, resourcesOf } from "../support/json";
import { synthEasyAuth } from "./front-door-stack";

/* eslint-disable @typescript-eslint/no-explicit-any */

const { json, text, frontDoor } = synthEasyAuth();
const webApp = resourceAt(json, "azurerm_linux_web_app", "easyauth/web-app") as any;
const site = webApp.site_config;
const settings = webApp.app_settings as Record<string, string>;
const HOST = "app-mlflow-test-t3st01.azurewebsites.net";

describe("EasyAuth service plan", () => {
  const plan = resourceAt(json, "azurerm_service_plan", "easyauth/service-plan") as any;

  test("the plan is Linux, P0v3 by default", () => {
    expect(plan.os_type).toBe("Linux");
    expect(plan.sku_name).toBe("P0v3");
    expect(plan.name).toBe("asp-mlflow-test");
  });

  test("the plan takes the configured SKU", () => {
    const { json: s1 } = synthEasyAuth({ easyAuth: { skuName: "S1" } });
    expect(resourceAt(s1, "azurerm_service_plan", "easyauth/service-plan").sku_name).toBe("S1");
  });

  test("the web app runs on that plan", () => {
    expect(webApp.service_plan_id).toBe(refTo(json, "azurerm_service_plan", "easyauth/service-plan", "id"));
  });

  test("a SKU without VNet integration or Always On is refused with a message naming the field", () => {
    expect(() => synthEasyAuth({ easyAuth: { skuName: "F1" } })).toThrow(/easyAuth\.skuName: got "F1"/);
  });
});

describe("EasyAuth web app: container", () => {
  test("the container is the shared MLflow image, split into registry and name", () => {
    expect(site.application_stack).toEqual({
      docker_registry_url: "https://ghcr.io",
      docker_image_name: DEFAULT_MLFLOW_IMAGE.replace("ghcr.io/", ""),
    });
    expect(DEFAULT_MLFLOW_IMAGE).toBe("ghcr.io/mlflow/mlflow:v3.16.1-full");
  });

  test("App Service sends traffic to MLflow's port", () => {
    expect(settings.WEBSITES_PORT).toBe("5000");
  });

  test("the container gets the shared server environment (Blob and PostgreSQL through the data-plane identity)", () => {
    expect(settings.AZURE_CLIENT_ID).toBe(
      refTo(json, "azurerm_user_assigned_identity", "data/mlflow-identity", "client_id"),
    );
    // Read by clients only (mlflow/environment_variables.py); the server has no use for it.
    expect(settings).not.toHaveProperty("MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD");
  });

  test("MLflow allows exactly the web app's host name", () => {
    expect(settings.MLFLOW_START_SCRIPT).toContain(`--allowed-hosts '${HOST}'`);
  });

  test("the backend-store URI is a flag of the start script, without a password: no app setting, no Key Vault reference", () => {
    expect(settings).not.toHaveProperty("MLFLOW_BACKEND_STORE_URI");
    const fqdn = refTo(json, "azurerm_postgresql_flexible_server", "backend-store/server", "fqdn");
    expect(settings.MLFLOW_START_SCRIPT).toContain(
      `backend_store_uri='postgresql+psycopg2://id-mlflow-test@${fqdn}:5432/mlflow?sslmode=require'`,
    );
    expect(Object.values(settings).join("\n")).not.toContain("@Microsoft.KeyVault");
  });

  test("the web app is created only after what it uses at start exists: Entra administrator, DNS, NAT", () => {
    const dependsOn = resourceAt(json, "azurerm_linux_web_app", "easyauth/web-app").depends_on as string[];
    expect(dependsOn).toEqual(expect.arrayContaining(hostStartDependencies(json, "app-service")));
  });

  test("the first start may take up to 10 minutes (image pull + schema upgrade)", () => {
    expect(settings.WEBSITES_CONTAINER_START_TIME_LIMIT).toBe("600");
  });
});

describe("EasyAuth web app: identities and Key Vault references", () => {
  test("the app carries the MLflow identity, the database's Entra administrator and the EasyAuth identity, and nothing else", () => {
    expect(webApp.identity).toEqual({
      type: "UserAssigned",
      identity_ids: [
        refTo(json, "azurerm_user_assigned_identity", "data/mlflow-identity", "id"),
        refTo(json, "azurerm_user_assigned_identity", "backend-store/administrator-identity", "id"),
        refTo(json, "azurerm_user_assigned_identity", "easyauth/client-credential/identity", "id"),
      ],
    });
  });

  test("the EasyAuth identity is not the data-plane identity", () => {
    const identities = resourcesOf(json, "azurerm_user_assigned_identity");
    expect(Object.keys(identities).filter((path) => path.includes("easyauth"))).toHaveLength(1);
    expect(
      resourceAt(json, "azurerm_user_assigned_identity", "easyauth/client-credential/identity").name,
    ).toBe("id-mlflow-test-easyauth");
  });

  test("Key Vault references resolve with the data-plane identity", () => {
    expect(webApp.key_vault_reference_identity_id).toBe(
      refTo(json, "azurerm_user_assigned_identity", "data/mlflow-identity", "id"),
    );
  });
});

describe("EasyAuth web app: network", () => {
  test("regional VNet integration uses the appService subnet", () => {
    expect(webApp.virtual_network_subnet_id).toBe(
      refTo(json, "azurerm_subnet", "network/subnet-app-service", "id"),
    );
  });

  test("all outbound traffic goes through the VNet", () => {
    expect(site.vnet_route_all_enabled).toBe(true);
  });

  test("the image pull goes through the VNet too", () => {
    expect(webApp.vnet_image_pull_enabled).toBe(true);
  });

  test("the app stays publicly reachable (EasyAuth mode is public by design, every request authenticated)", () => {
    expect(webApp.public_network_access_enabled).toBe(true);
  });
});

describe("EasyAuth web app: site hardening", () => {
  test("HTTPS only", () => expect(webApp.https_only).toBe(true));
  test("TLS 1.2 minimum on the app", () => expect(site.minimum_tls_version).toBe("1.2"));
  test("TLS 1.2 minimum on the SCM site", () => expect(site.scm_minimum_tls_version).toBe("1.2"));
  test("FTP and FTPS are disabled", () => expect(site.ftps_state).toBe("Disabled"));
  test("remote debugging is off", () => expect(site.remote_debugging_enabled).toBe(false));
  test("FTP basic-auth publishing is off", () =>
    expect(webApp.ftp_publish_basic_authentication_enabled).toBe(false));
  test("WebDeploy basic-auth publishing is off", () =>
    expect(webApp.webdeploy_publish_basic_authentication_enabled).toBe(false));
  test("HTTP/2 is on", () => expect(site.http2_enabled).toBe(true));
  test("Always On is on", () => expect(site.always_on).toBe(true));
  test("the health check probes /health and evicts an unhealthy instance after 5 minutes", () => {
    expect(site.health_check_path).toBe("/health");
    expect(site.health_check_eviction_time_in_min).toBe(5);
  });
});

describe("EasyAuth diagnostics", () => {
  const diagnostics = resourceAt(json, "azurerm_monitor_diagnostic_setting", "easyauth/diagnostics") as any;

  test("HTTP, console, app and platform logs plus all metrics go to the Log Analytics workspace", () => {
    expect(diagnostics.target_resource_id).toBe(
      refTo(json, "azurerm_linux_web_app", "easyauth/web-app", "id"),
    );
    expect(diagnostics.log_analytics_workspace_id).toBe(
      refTo(json, "azurerm_log_analytics_workspace", "log-analytics", "id"),
    );
    expect(diagnostics.enabled_log.map((log: any) => log.category).sort()).toEqual(
      ["AppServiceAppLogs", "AppServiceConsoleLogs", "AppServiceHTTPLogs", "AppServicePlatformLogs"].sort(),
    );
    expect(diagnostics.enabled_metric).toEqual([{ category: "AllMetrics" }]);
  });
});

describe("EasyAuth front door outputs", () => {
  test("the tracking URI is the web app's https URL", () => {
    expect(frontDoor.trackingUri).toBe(`https://${HOST}/`);
  });

  test("the client id is the app registration's", () => {
    expect(frontDoor.applicationClientId).toBe(frontDoor.entraApp.clientId);
  });

  test("the token command asks the Azure CLI for a token for api://<client-id>", () => {
    expect(frontDoor.entraApp.identifierUri).toBe(`api://${frontDoor.entraApp.clientId}`);
    expect(frontDoor.tokenCommand).toBe(
      `export MLFLOW_TRACKING_TOKEN=$(az account get-access-token --resource ${frontDoor.entraApp.identifierUri} --query accessToken -o tsv)`,
    );
  });
});

describe("EasyAuth: no literal secret", () => {
  test("no password, connection string or key appears as a literal in the synthesized JSON", () => {
    expect(text).not.toMatch(/postgres(ql)?:\/\/[^"$]*:[^"$@]*@/i);
    expect(text).not.toMatch(/AccountKey=/i);
    // Secret values are references to generated or Entra-issued values, never literals.
    for (const secret of Object.values(
      json.resource.azurerm_resource_group_template_deployment ?? {},
    ) as any[]) {
      expect(secret.parameters_content.replace(/\$\{[^}]+\}/g, "")).not.toMatch(/:[^/@]+@/);
    }
    expect(text).not.toMatch(/"(client_secret|password|administrator_password)"\s*:\s*"(?!\$\{)[^"]+"/i);
    for (const [name, value] of Object.entries(settings)) {
      if (/SECRET|PASSWORD|KEY/i.test(name)) {
        expect([name, value]).toEqual([
          name,
          expect.stringMatching(/^(@Microsoft\.KeyVault\(SecretUri=\$\{.+\}\)|\$\{.+\})$/),
        ]);
      }
      // A URI setting (the auth database's, the app's identifier URI) names a place, never credentials for it.
      if (/URI$/i.test(name))
        expect([name, value]).not.toEqual([name, expect.stringMatching(/:\/\/[^/@]*:[^/@]*@/)]);
    }
  });
});
