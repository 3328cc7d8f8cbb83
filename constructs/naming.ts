import { createHash } from "crypto";
import { Fn } from "cdktf";

/**
 * Azure resource names, one place for all of them. Prefixes follow the Cloud Adoption Framework abbreviations
 * (https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/resource-abbreviations);
 * lengths and characters follow the per-type rules
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).
 *
 * Names are deterministic. Globally unique names (storage account, Key Vault, PostgreSQL server, web app) end
 * with a suffix: the configured `nameSuffix`, or a Terraform expression hashing the subscription id, so the
 * same code gives the same names in one subscription and different names in another.
 */

/** Environment names: lowercase letter first, then lowercase letters or digits, 2-10 characters in all. */
export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9]{1,9}$/;
/** Configured name suffixes: 4-6 lowercase letters or digits (the Key Vault name limit of 24 sets the bound). */
export const NAME_SUFFIX_PATTERN = /^[a-z0-9]{4,6}$/;
/** Length of the computed suffix (hex digits of a sha1). */
export const COMPUTED_SUFFIX_LENGTH = 6;

/**
 * The suffix when none is configured: a Terraform expression for the first hex digits of sha1(subscription id +
 * "/" + environment), stable for a subscription and different between subscriptions.
 */
export function computedNameSuffix(subscriptionId: string, environment: string): string {
  return Fn.substr(Fn.sha1(Fn.join("/", [subscriptionId, environment])), 0, COMPUTED_SUFFIX_LENGTH);
}

export class ResourceNames {
  /**
   * @param environment validated environment name (ENVIRONMENT_NAME_PATTERN)
   * @param suffix the configured suffix, or a Terraform expression that yields COMPUTED_SUFFIX_LENGTH characters
   */
  constructor(
    readonly environment: string,
    readonly suffix: string,
  ) {}

  // Scoped to a resource group or subscription: readable, no suffix needed.
  get resourceGroup(): string {
    return `rg-mlflow-${this.environment}`;
  }
  get virtualNetwork(): string {
    return `vnet-mlflow-${this.environment}`;
  }
  subnet(purpose: string): string {
    return `snet-${purpose}`;
  }
  networkSecurityGroup(purpose: string): string {
    return `nsg-mlflow-${this.environment}-${purpose}`;
  }
  get natGateway(): string {
    return `ng-mlflow-${this.environment}`;
  }
  get natPublicIp(): string {
    return `pip-ng-mlflow-${this.environment}`;
  }
  get logAnalyticsWorkspace(): string {
    return `log-mlflow-${this.environment}`;
  }
  /** The MLflow host's identity (data-plane roles). */
  get mlflowIdentity(): string {
    return `id-mlflow-${this.environment}`;
  }
  /**
   * The PostgreSQL server's Entra administrator: used only by the MLflow hosts' start-up bootstrap, never by MLflow
   * itself (constructs/data/postgres.ts).
   */
  get databaseAdministratorIdentity(): string {
    return `id-mlflow-${this.environment}-dbadmin`;
  }
  /** Dedicated identity App Service Authentication uses as its federated client credential (EasyAuth mode). */
  get easyAuthIdentity(): string {
    return `id-mlflow-${this.environment}-easyauth`;
  }
  /** Identity of the connector hosts, allowed to read the registration token only. */
  get connectorIdentity(): string {
    return `id-mlflow-${this.environment}-connector`;
  }
  /** Network interface of a VM (`vm-mlflow-<env>`, `apc-<env>-<n>`). */
  networkInterface(vmName: string): string {
    return `nic-${vmName}`;
  }
  /** OS disk of a VM. */
  osDisk(vmName: string): string {
    return `osdisk-${vmName}`;
  }
  /** SSH public key resource (`Microsoft.Compute/sshPublicKeys`) of a VM's admin user. */
  sshPublicKey(vmName: string): string {
    return `sshkey-${vmName}`;
  }
  /** App Proxy's application name, the first part of the default `<app>-<tenant>.msappproxy.net` host. */
  get appProxyApplication(): string {
    return `mlflow-${this.environment}`;
  }
  /** Application Proxy connector group. */
  get connectorGroup(): string {
    return `mlflow-${this.environment}`;
  }
  privateEndpoint(target: string): string {
    return `pe-mlflow-${this.environment}-${target}`;
  }
  get servicePlan(): string {
    return `asp-mlflow-${this.environment}`;
  }
  get mlflowVm(): string {
    return `vm-mlflow-${this.environment}`;
  }
  /** Windows computer names are at most 15 characters: `apc-<env>-<n>` fits for env names up to 10. */
  connectorVm(index: number): string {
    return `apc-${this.environment}-${index + 1}`;
  }
  /** Display name of the Entra application registration. */
  get entraApplication(): string {
    return `MLflow (${this.environment})`;
  }
  /** The environment's action group (alert notifications). */
  get actionGroup(): string {
    return `ag-mlflow-${this.environment}`;
  }
  /** Action groups' short name (SMS and email sender), at most 12 characters. */
  get actionGroupShortName(): string {
    return `mlflow-${this.environment}`.slice(0, 12);
  }
  /** A metric or log alert rule, e.g. `alert-mlflow-prod-postgres-database-down`. */
  alert(id: string): string {
    return `alert-mlflow-${this.environment}-${id}`;
  }
  /** Data collection rule of one OS kind (`linux`, `windows`). */
  dataCollectionRule(kind: string): string {
    return `dcr-mlflow-${this.environment}-${kind}`;
  }
  /** Display name of the public-client registration for MSAL sign-in through App Proxy. */
  get entraNativeClient(): string {
    return `MLflow (${this.environment}) client`;
  }

  // Globally unique: carry the suffix.
  /** 3-24 lowercase letters and digits: `stmlf` + env (<=10) + suffix (<=6) = at most 21. */
  get storageAccount(): string {
    return `stmlf${this.environment}${this.suffix}`;
  }
  /** 3-24 letters, digits, hyphens: `kv-mlf-` + env (<=10) + `-` + suffix (<=6) = at most 24. */
  get keyVault(): string {
    return `kv-mlf-${this.environment}-${this.suffix}`;
  }
  /** 3-63 lowercase letters, digits, hyphens. */
  get postgresServer(): string {
    return `psql-mlflow-${this.environment}-${this.suffix}`;
  }
  /** 2-60 characters; also the `<name>.azurewebsites.net` host name. */
  get webApp(): string {
    return `app-mlflow-${this.environment}-${this.suffix}`;
  }
}

/**
 * A name-based UUID (RFC 4122 version 5 layout over sha1) from a seed string: stable across synths, so ids of
 * OAuth2 scopes and app roles never change between plans.
 */
export function stableUuid(seed: string): string {
  const hash = createHash("sha1").update(`mlflow-azure-entra:${seed}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
