import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { Password } from "@cdktf/provider-random/lib/password";
import { ApplicationPasswordA as ApplicationPassword } from "@cdktf/provider-azuread/lib/application-password";
import { VirtualMachineExtension } from "@cdktf/provider-azurerm/lib/virtual-machine-extension";
import { WindowsVirtualMachine } from "@cdktf/provider-azurerm/lib/windows-virtual-machine";
import { TerraformOutput, TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { secretGeneratedFlow } from "../../../constructs/policy/rules/secret-generated-flow";
import { secretGeneratedUnread } from "../../../constructs/policy/rules/secret-generated-unread";
import { secretNoEmbeddedCredentials } from "../../../constructs/policy/rules/secret-no-embedded-credentials";
import { secretNoLiteralArguments } from "../../../constructs/policy/rules/secret-no-literal-arguments";
import { linuxVm, webApp } from "./fixtures";
import type { RuleCase } from "./rule-case";

/** Test strings that look like credentials; built at run time so no scanner mistakes this file for a leak. */
const FAKE = {
  password: ["not", "a", "real", "password"].join("-"),
  storageKey: "Zm9vYmFy".repeat(11).slice(0, 86) + "==",
  entraSecret: `abc8Q~${"x".repeat(34)}`,
  pem: ["-----BEGIN", "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"].join(" "),
};

function generatedPassword(scope: Construct): Password {
  return new Password(scope, "password", { length: 40, special: false });
}

function backendStoreUriSecret(scope: Construct, password: string): KeyVaultSecret {
  return new KeyVaultSecret(scope, "backend-store-uri", {
    name: "mlflow-backend-store-uri",
    keyVaultId: "${azurerm_key_vault.vault.id}",
    contentType: "application/x-sqlalchemy-url",
    value: `postgresql+psycopg2://mlflowadmin:${password}@psql.postgres.database.azure.com:5432/mlflow?sslmode=require`,
  });
}

function cloudInit(lines: string[]): string {
  return Buffer.from(["#cloud-config", "runcmd:", ...lines.map((line) => `  - ${line}`)].join("\n")).toString(
    "base64",
  );
}

export const SECRET_CASES: readonly RuleCase[] = [
  {
    rule: secretNoLiteralArguments,
    compliant: (scope) =>
      new PostgresqlFlexibleServer(scope, "postgres", {
        name: "psql",
        location: "westeurope",
        resourceGroupName: "rg",
        administratorLogin: "mlflowadmin",
        administratorPassword: generatedPassword(scope).result,
      }),
    nonCompliant: (scope) =>
      new PostgresqlFlexibleServer(scope, "postgres", {
        name: "psql",
        location: "westeurope",
        resourceGroupName: "rg",
        administratorLogin: "mlflowadmin",
        administratorPassword: FAKE.password,
      }),
    problem: "administrator_password is a literal",
  },
  {
    rule: secretNoLiteralArguments,
    name: "Key Vault secret values and provider credentials",
    compliant: (scope) => backendStoreUriSecret(scope, generatedPassword(scope).result),
    nonCompliant: (scope) => {
      new KeyVaultSecret(scope, "secret", {
        name: "s",
        keyVaultId: "/v",
        value: FAKE.password,
        contentType: "text/plain",
      });
      new AzurermProvider(scope, "azurerm", { features: [{}], clientId: "c", clientSecret: FAKE.password });
    },
    problem: /value is a literal[\s\S]*client_secret is a literal/,
  },
  {
    rule: secretNoEmbeddedCredentials,
    compliant: (scope) => backendStoreUriSecret(scope, generatedPassword(scope).result),
    nonCompliant: (scope) => backendStoreUriSecret(scope, FAKE.password),
    problem: "value contains a password inside a URL",
  },
  {
    rule: secretNoEmbeddedCredentials,
    name: "custom_data, decoded",
    compliant: (scope) =>
      linuxVm(scope, {
        customData: cloudInit([
          'URI="$(az keyvault secret show --id "$SECRET_ID" --query value -o tsv)"',
          'echo "postgresql://mlflowadmin:$PGPASSWORD@db:5432/mlflow"',
        ]),
      }),
    nonCompliant: (scope) =>
      linuxVm(scope, { customData: cloudInit([`echo "AccountKey=${FAKE.storageKey}" > /etc/mlflow.env`]) }),
    problem: "custom_data (decoded) contains a key or password inside a connection string",
  },
  {
    rule: secretNoEmbeddedCredentials,
    name: "keys, client secrets and private keys anywhere",
    compliant: (scope) =>
      webApp(scope, { appSettings: { AZURE_CLIENT_ID: "00000000-0000-0000-0000-000000000003" } }),
    nonCompliant: (scope) => {
      webApp(scope, { appSettings: { STORAGE: FAKE.storageKey, ENTRA: FAKE.entraSecret } });
      new TerraformOutput(scope, "key", { value: FAKE.pem });
    },
    problem: /a storage account key[\s\S]*an Entra client secret[\s\S]*a PEM private key/,
  },
  {
    rule: secretGeneratedFlow,
    compliant: (scope) => backendStoreUriSecret(scope, generatedPassword(scope).result),
    nonCompliant: (scope) => webApp(scope, { appSettings: { DB_PASS: generatedPassword(scope).result } }),
    problem: "app_settings.DB_PASS carries random_password.password.result",
  },
  {
    rule: secretGeneratedFlow,
    name: "a secret in an output",
    compliant: (scope) =>
      new TerraformOutput(scope, "secret-id", {
        value: backendStoreUriSecret(scope, generatedPassword(scope).result).versionlessId,
      }),
    nonCompliant: (scope) => {
      const secret = backendStoreUriSecret(scope, generatedPassword(scope).result);
      new TerraformOutput(scope, "uri", { value: secret.value, sensitive: true });
    },
    problem: "value carries azurerm_key_vault_secret.backend-store-uri.value",
  },
  {
    rule: secretGeneratedUnread,
    compliant: (scope) => {
      // A Windows password its host replaces at first boot; an SSH key nobody in Terraform holds.
      connectorHost(scope, generatedPassword(scope).result, "CustomScriptExtension");
      linuxVm(scope);
    },
    nonCompliant: (scope) => {
      backendStoreUriSecret(scope, generatedPassword(scope).result);
      const key = tlsPrivateKey(scope, "ssh-key");
      new TerraformOutput(scope, "ssh-private-key", {
        value: key.getStringAttribute("private_key_openssh"),
        sensitive: true,
      });
      const trusted = tlsPrivateKey(scope, "trusted-key");
      linuxVm(scope, {
        adminSshKey: [
          { username: "mlflowadmin", publicKey: trusted.getStringAttribute("public_key_openssh") },
        ],
      });
    },
    problem:
      /random_password\.password is read by azurerm_key_vault_secret\.backend-store-uri \(value\)[\s\S]*tls_private_key\.ssh-key is read by output\.ssh-private-key \(value\)[\s\S]*tls_private_key\.trusted-key is read by azurerm_linux_virtual_machine\.vm \(admin_ssh_key\[0\]\.public_key\)/,
  },
  {
    rule: secretGeneratedUnread,
    name: "a Windows password nothing replaces, or kept anywhere besides the VM",
    compliant: (scope) => connectorHost(scope, generatedPassword(scope).result, "CustomScriptExtension"),
    nonCompliant: (scope) => {
      const kept = generatedPassword(scope);
      connectorHost(scope, kept.result, "CustomScriptExtension");
      new KeyVaultSecret(scope, "escrow", {
        name: "apc-admin-password",
        keyVaultId: "/v",
        value: kept.result,
        contentType: "text/plain",
      });
      const unrotated = new Password(scope, "unrotated", { length: 40 });
      connectorHost(scope, unrotated.result, "AzureMonitorWindowsAgent", "unrotated-host");
    },
    problem:
      /random_password\.password is read by azurerm_windows_virtual_machine\.connector \(admin_password\), azurerm_key_vault_secret\.escrow \(value\)[\s\S]*random_password\.unrotated is read by azurerm_windows_virtual_machine\.unrotated-host \(admin_password\)/,
  },
  {
    rule: secretGeneratedUnread,
    name: "an Entra application password",
    compliant: (scope) => generatedPassword(scope),
    nonCompliant: (scope) =>
      new ApplicationPassword(scope, "app-password", { applicationId: "/applications/a" }),
    problem: "Entra registers azuread_application_password.app-password as a credential when it is created",
  },
];

/**
 * A Windows VM created with `adminPassword`, and one extension on it: `CustomScriptExtension` (the kind that replaces
 * the password at first boot) or another kind.
 */
function connectorHost(
  scope: Construct,
  adminPassword: string,
  extensionType: "CustomScriptExtension" | "AzureMonitorWindowsAgent",
  id = "connector",
): void {
  const vm = new WindowsVirtualMachine(scope, id, {
    name: id,
    location: "westeurope",
    resourceGroupName: "rg",
    size: "Standard_D2s_v5",
    adminUsername: "connectoradmin",
    adminPassword,
    networkInterfaceIds: ["/n"],
    osDisk: { caching: "ReadWrite", storageAccountType: "Premium_LRS" },
    encryptionAtHostEnabled: true,
  });
  new VirtualMachineExtension(scope, `${id}-extension`, {
    name: extensionType,
    virtualMachineId: vm.id,
    publisher: extensionType === "CustomScriptExtension" ? "Microsoft.Compute" : "Microsoft.Azure.Monitor",
    type: extensionType,
    typeHandlerVersion: "1.10",
  });
}

/** A hashicorp/tls private key, declared raw: the project no longer depends on the tls provider's bindings. */
function tlsPrivateKey(scope: Construct, id: string): TerraformResource {
  const key = new TerraformResource(scope, id, {
    terraformResourceType: "tls_private_key",
    terraformGeneratorMetadata: { providerName: "tls" },
  });
  key.addOverride("algorithm", "ED25519");
  return key;
}
