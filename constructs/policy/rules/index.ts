import type { Rule } from "../rule";
import { authzAuthenticationRequired } from "./authz-authentication-required";
import { authzFrontDoorOnly } from "./authz-front-door-only";
import { dataPreventDestroy } from "./data-prevent-destroy";
import { deployDataPlaneSecretWrite } from "./deploy-data-plane-secret-write";
import { deployDiagnosticCategories } from "./deploy-diagnostic-categories";
import { deployHostStartOrder } from "./deploy-host-start-order";
import { deployIdentifierUriSlash } from "./deploy-identifier-uri-slash";
import { deployKeyVaultReferences } from "./deploy-key-vault-references";
import { deployMlflowImage } from "./deploy-mlflow-image";
import { deployPlanDataSources } from "./deploy-plan-data-sources";
import { entraAssignmentRequired } from "./entra-assignment-required";
import { entraSingleTenant } from "./entra-single-tenant";
import { keyVaultNetworkDeny } from "./key-vault-network-deny";
import { keyVaultPurgeProtection } from "./key-vault-purge-protection";
import { keyVaultRbac } from "./key-vault-rbac";
import { keyVaultSecretContentType } from "./key-vault-secret-content-type";
import { nicNoIpForwarding } from "./nic-no-ip-forwarding";
import { nicNoPublicIp } from "./nic-no-public-ip";
import { nsgNoInternetInbound } from "./nsg-no-internet-inbound";
import { postgresBackups } from "./postgres-backups";
import { postgresEntraOnly } from "./postgres-entra-only";
import { postgresNoFirewallRules } from "./postgres-no-firewall-rules";
import { postgresPrivateAccess } from "./postgres-private-access";
import { postgresTls } from "./postgres-tls";
import { publicIpNatOnly } from "./public-ip-nat-only";
import { roleAssignmentDataPlane } from "./role-assignment-data-plane";
import { secretAppSettingsKeyVault } from "./secret-app-settings-key-vault";
import { secretGeneratedFlow } from "./secret-generated-flow";
import { secretGeneratedUnread } from "./secret-generated-unread";
import { secretNoEmbeddedCredentials } from "./secret-no-embedded-credentials";
import { secretNoLiteralArguments } from "./secret-no-literal-arguments";
import { storageDataProtection } from "./storage-data-protection";
import { storageNetworkDeny } from "./storage-network-deny";
import { storageNoPublicBlobs } from "./storage-no-public-blobs";
import { storageNoSharedKeys } from "./storage-no-shared-keys";
import { storagePrivateContainer } from "./storage-private-container";
import { storageTransport } from "./storage-transport";
import { subnetHasNsg } from "./subnet-has-nsg";
import { vmEncryptionAtHost } from "./vm-encryption-at-host";
import { vmNoPasswordAuth } from "./vm-no-password-auth";
import { webAuthentication } from "./web-authentication";
import { webBasicAuthPublishing } from "./web-basic-auth-publishing";
import { webDiagnosticLogs } from "./web-diagnostic-logs";
import { webFtpDisabled } from "./web-ftp-disabled";
import { webHealthCheck } from "./web-health-check";
import { webHttp2 } from "./web-http2";
import { webHttpsOnly } from "./web-https-only";
import { webManagedIdentity } from "./web-managed-identity";
import { webMinimumTls } from "./web-minimum-tls";
import { webRemoteDebugging } from "./web-remote-debugging";

/** Every rule of the pack, in id order. */
export const SECURITY_RULES: readonly Rule[] = [
  webHttpsOnly,
  webMinimumTls,
  webFtpDisabled,
  webBasicAuthPublishing,
  webRemoteDebugging,
  webAuthentication,
  webManagedIdentity,
  webHealthCheck,
  webHttp2,
  webDiagnosticLogs,
  storageTransport,
  storageNoPublicBlobs,
  storageNetworkDeny,
  storageNoSharedKeys,
  storageDataProtection,
  storagePrivateContainer,
  keyVaultPurgeProtection,
  keyVaultRbac,
  keyVaultNetworkDeny,
  keyVaultSecretContentType,
  postgresPrivateAccess,
  postgresTls,
  postgresNoFirewallRules,
  postgresBackups,
  postgresEntraOnly,
  vmNoPasswordAuth,
  vmEncryptionAtHost,
  nicNoPublicIp,
  nicNoIpForwarding,
  nsgNoInternetInbound,
  subnetHasNsg,
  publicIpNatOnly,
  entraAssignmentRequired,
  entraSingleTenant,
  roleAssignmentDataPlane,
  dataPreventDestroy,
  secretNoLiteralArguments,
  secretNoEmbeddedCredentials,
  secretAppSettingsKeyVault,
  secretGeneratedFlow,
  secretGeneratedUnread,
  authzAuthenticationRequired,
  authzFrontDoorOnly,
];

/**
 * Deployability rules: what Azure, Entra or Graph refuse, or what never settles, at apply time, although the JSON
 * looks right. Same form and same effect as the security rules (a finding fails synth).
 */
export const DEPLOYABILITY_RULES: readonly Rule[] = [
  deployDataPlaneSecretWrite,
  deployDiagnosticCategories,
  deployIdentifierUriSlash,
  deployHostStartOrder,
  deployMlflowImage,
  deployKeyVaultReferences,
  deployPlanDataSources,
];

/** Every rule the pack applies by default. */
export const ALL_RULES: readonly Rule[] = [...SECURITY_RULES, ...DEPLOYABILITY_RULES];
