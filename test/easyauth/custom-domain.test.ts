import { resolveConfig, SecurityRulePack } from "../../constructs";
import { DEV_LIKE, refTo, resourceAt, resourcesOf, synthStack } from "../support/synth";

/* eslint-disable @typescript-eslint/no-explicit-any */

const HOST = "mlflow.contoso.com";
const DEFAULT_HOST = "app-mlflow-domain-t3st01.azurewebsites.net";
const base = { ...DEV_LIKE, nameSuffix: "t3st01" };
// First deploy: the records are printed, nothing is bound. Second: the DNS records exist.
const before = synthStack({ ...base, easyAuth: { customDomain: { hostName: HOST } } }, "domain");
const after = synthStack(
  { ...base, easyAuth: { customDomain: { hostName: HOST, dnsRecordsCreated: true } } },
  "domain",
);

const webAppOf = (json: typeof before.json) =>
  resourceAt(json, "azurerm_linux_web_app", "easyauth/web-app") as any;
const applicationOf = (json: typeof before.json) =>
  resourceAt(json, "azuread_application", "easyauth/entra-app/application") as any;

describe("EasyAuth custom domain, first deploy (DNS records not created yet)", () => {
  test("outputs the CNAME and the asuid TXT record to create, from the web app's own attributes", () => {
    const webApp = "easyauth/web-app";
    expect(before.json.output?.custom_domain_dns_records?.value).toEqual([
      `CNAME ${HOST} ${refTo(before.json, "azurerm_linux_web_app", webApp, "default_hostname")}`,
      `TXT asuid.${HOST} ${refTo(before.json, "azurerm_linux_web_app", webApp, "custom_domain_verification_id")}`,
    ]);
  });

  test("binds nothing yet (Azure refuses a host name binding before its CNAME exists)", () => {
    expect(before.json.resource.azurerm_app_service_custom_hostname_binding).toBeUndefined();
    expect(before.json.resource.azurerm_app_service_managed_certificate).toBeUndefined();
    expect(before.json.output?.tracking_uri?.value).toBe(`https://${DEFAULT_HOST}/`);
  });

  test("sign-in, allowed hosts and CORS already accept the custom domain, and still the default host", () => {
    expect(applicationOf(before.json).web.redirect_uris).toEqual([
      `https://${DEFAULT_HOST}/.auth/login/aad/callback`,
      `https://${HOST}/.auth/login/aad/callback`,
    ]);
    const script = webAppOf(before.json).app_settings.MLFLOW_START_SCRIPT as string;
    expect(script).toContain(`--allowed-hosts '${DEFAULT_HOST},${HOST}'`);
    expect(script).toContain(`--cors-allowed-origins 'https://${DEFAULT_HOST},https://${HOST}'`);
  });
});

describe("EasyAuth custom domain, once the DNS records exist", () => {
  const binding = resourceAt(
    after.json,
    "azurerm_app_service_custom_hostname_binding",
    "easyauth/custom-domain/hostname-binding",
  ) as any;

  test("binds the host name to the web app", () => {
    expect(binding).toMatchObject({
      hostname: HOST,
      app_service_name: refTo(after.json, "azurerm_linux_web_app", "easyauth/web-app", "name"),
      lifecycle: { ignore_changes: ["ssl_state", "thumbprint"] },
    });
  });

  test("issues an App Service managed certificate for it and binds it with SNI", () => {
    const bindingId = refTo(
      after.json,
      "azurerm_app_service_custom_hostname_binding",
      "easyauth/custom-domain/hostname-binding",
      "id",
    );
    const certificate = resourceAt(
      after.json,
      "azurerm_app_service_managed_certificate",
      "easyauth/custom-domain/managed-certificate",
    );
    expect(certificate.custom_hostname_binding_id).toBe(bindingId);
    expect(Object.values(resourcesOf(after.json, "azurerm_app_service_certificate_binding"))).toEqual([
      {
        hostname_binding_id: bindingId,
        certificate_id: refTo(
          after.json,
          "azurerm_app_service_managed_certificate",
          "easyauth/custom-domain/managed-certificate",
          "id",
        ),
        ssl_state: "SniEnabled",
      },
    ]);
  });

  test("the tracking URI and the app's home page are the custom domain", () => {
    expect(after.json.output?.tracking_uri?.value).toBe(`https://${HOST}/`);
    expect(applicationOf(after.json).web.homepage_url).toBe(`https://${HOST}/`);
  });

  test("the security rule pack passes", () => {
    expect(new SecurityRulePack().evaluate(after.stack).filter((f) => f.level === "error")).toEqual([]);
  });
});

describe("a custom domain is checked at synth", () => {
  const problem = (hostName: unknown) => {
    try {
      resolveConfig("dev", { ...DEV_LIKE, easyAuth: { customDomain: { hostName } } });
      return "";
    } catch (error) {
      return (error as Error).message;
    }
  };

  test.each(["contoso.com", "app-x.azurewebsites.net", "MLflow.Contoso.com", "https://mlflow.contoso.com/"])(
    "%s is refused with the field and an example",
    (hostName) => {
      expect(problem(hostName)).toMatch(
        /easyAuth\.customDomain\.hostName: got .*; expected a lowercase subdomain you own, e\.g\. "mlflow\.contoso\.com"/,
      );
    },
  );

  test("a subdomain is accepted", () => {
    expect(problem("mlflow.ml.contoso.co.uk")).toBe("");
  });
});
