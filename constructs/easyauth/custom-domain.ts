import { AppServiceCertificateBinding } from "@cdktf/provider-azurerm/lib/app-service-certificate-binding";
import { AppServiceCustomHostnameBinding } from "@cdktf/provider-azurerm/lib/app-service-custom-hostname-binding";
import { AppServiceManagedCertificate } from "@cdktf/provider-azurerm/lib/app-service-managed-certificate";
import type { LinuxWebApp } from "@cdktf/provider-azurerm/lib/linux-web-app";
import { Construct } from "constructs";
import type { Tags } from "../config";
import type { ResourceGroupReference } from "../resource-group";

export interface CustomDomainProps {
  readonly webApp: LinuxWebApp;
  readonly resourceGroup: ResourceGroupReference;
  /** e.g. `mlflow.contoso.com`. */
  readonly hostName: string;
  /** The DNS records exist: bind the name and issue its certificate. Before that Azure refuses the binding. */
  readonly bind: boolean;
  readonly tags: Tags;
}

/**
 * A custom domain on the EasyAuth web app with a free App Service managed certificate, as the azurerm provider
 * documents it: host name binding -> managed certificate -> SNI certificate binding
 * (hashicorp/terraform-provider-azurerm website/docs/r/app_service_managed_certificate.html.markdown). Azure
 * rejects a host name binding until a CNAME points the name at the app (same repo,
 * app_service_custom_hostname_binding.html.markdown) and `asuid.<name>` holds the app's domain verification id
 * (https://learn.microsoft.com/azure/app-service/app-service-web-tutorial-custom-domain), hence `bind`.
 */
export class CustomDomain extends Construct {
  /** The records to create at the DNS host, one line each: `<type> <name> <value>`. */
  readonly dnsRecords: string[];
  readonly hostnameBinding: AppServiceCustomHostnameBinding | undefined;
  readonly certificate: AppServiceManagedCertificate | undefined;

  constructor(scope: Construct, id: string, props: CustomDomainProps) {
    super(scope, id);
    const { webApp, hostName } = props;
    this.dnsRecords = [
      `CNAME ${hostName} ${webApp.defaultHostname}`,
      `TXT asuid.${hostName} ${webApp.customDomainVerificationId}`,
    ];
    if (!props.bind) {
      this.hostnameBinding = undefined;
      this.certificate = undefined;
      return;
    }
    this.hostnameBinding = new AppServiceCustomHostnameBinding(this, "hostname-binding", {
      hostname: hostName,
      appServiceName: webApp.name,
      resourceGroupName: props.resourceGroup.name,
      // The certificate binding below sets these on the same Azure object; both force a replacement if planned.
      lifecycle: { ignoreChanges: ["ssl_state", "thumbprint"] },
    });
    this.certificate = new AppServiceManagedCertificate(this, "managed-certificate", {
      customHostnameBindingId: this.hostnameBinding.id,
      tags: { ...props.tags },
    });
    new AppServiceCertificateBinding(this, "certificate-binding", {
      hostnameBindingId: this.hostnameBinding.id,
      certificateId: this.certificate.id,
      sslState: "SniEnabled",
    });
  }
}
