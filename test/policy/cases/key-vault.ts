import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { keyVaultNetworkDeny } from "../../../constructs/policy/rules/key-vault-network-deny";
import { keyVaultPurgeProtection } from "../../../constructs/policy/rules/key-vault-purge-protection";
import { keyVaultRbac } from "../../../constructs/policy/rules/key-vault-rbac";
import { keyVaultSecretContentType } from "../../../constructs/policy/rules/key-vault-secret-content-type";
import { keyVault } from "./fixtures";
import type { RuleCase } from "./rule-case";

export const KEY_VAULT_CASES: readonly RuleCase[] = [
  {
    rule: keyVaultPurgeProtection,
    compliant: (scope) => keyVault(scope),
    nonCompliant: (scope) => keyVault(scope, { purgeProtectionEnabled: false }),
    problem: "purge_protection_enabled is false",
  },
  {
    rule: keyVaultRbac,
    compliant: (scope) => keyVault(scope),
    nonCompliant: (scope) => keyVault(scope, { rbacAuthorizationEnabled: undefined }),
    problem: "rbac_authorization_enabled is not true",
  },
  {
    rule: keyVaultNetworkDeny,
    compliant: (scope) =>
      keyVault(scope, {
        publicNetworkAccessEnabled: true,
        networkAcls: { defaultAction: "Deny", bypass: "None", ipRules: ["203.0.113.7"] },
      }),
    nonCompliant: (scope) =>
      keyVault(scope, {
        publicNetworkAccessEnabled: true,
        networkAcls: { defaultAction: "Allow", bypass: "AzureServices" },
      }),
    problem: 'network_acls.default_action is "Allow"',
  },
  {
    rule: keyVaultSecretContentType,
    compliant: (scope) =>
      new KeyVaultSecret(scope, "secret", {
        name: "s",
        keyVaultId: "/v",
        value: "${random_password.p.result}",
        contentType: "text/plain",
      }),
    nonCompliant: (scope) =>
      new KeyVaultSecret(scope, "secret", {
        name: "s",
        keyVaultId: "/v",
        value: "${random_password.p.result}",
      }),
    problem: "content_type is unset",
  },
];
