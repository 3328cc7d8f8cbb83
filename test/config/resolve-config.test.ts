import { Testing } from "cdktf";
import { ConfigError, DEFAULTS, EnvironmentConfig, MlflowStack, resolveConfig } from "../../constructs";
import { DEFAULT_MLFLOW_IMAGE } from "../../constructs/mlflow-server";

const BASE = { authMode: "easyauth", location: "westeurope", addressSpace: "10.40.0.0/24" } as const;

/** The problems resolveConfig reports for a raw config, one string each. */
function problems(raw: unknown, name = "dev"): string[] {
  try {
    resolveConfig(name, raw);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("defaults", () => {
  test("a three-line environment resolves with every secure default filled in", () => {
    const config = resolveConfig("dev", BASE);
    expect(config).toMatchObject({
      name: "dev",
      signInGroupObjectIds: [],
      tags: { application: "mlflow", environment: "dev" },
      mlflow: { image: DEFAULT_MLFLOW_IMAGE, workers: 2 },
      database: DEFAULTS.database,
      storage: DEFAULTS.storage,
      keyVault: DEFAULTS.keyVault,
      logAnalytics: DEFAULTS.logAnalytics,
      easyAuth: DEFAULTS.easyAuth,
    });
    expect(config.remoteState).toBeUndefined();
    expect(config.nameSuffix).toBeUndefined();
  });

  test("database backups are kept at least 7 days and stay in-region unless asked", () => {
    expect(DEFAULTS.database.backupRetentionDays).toBeGreaterThanOrEqual(7);
    expect(DEFAULTS.database.geoRedundantBackup).toBe(false);
  });

  test("the database has no break-glass administrator group unless one is named, by object id and display name", () => {
    expect(resolveConfig("dev", BASE).database.administratorGroup).toBeUndefined();
    const group = { objectId: "00000000-0000-0000-0000-0000000000aa", displayName: "MLflow DB admins" };
    expect(resolveConfig("dev", { ...BASE, database: { administratorGroup: group } }).database).toMatchObject(
      {
        administratorGroup: group,
      },
    );
  });

  test("user tags are merged over the application and environment tags", () => {
    expect(resolveConfig("dev", { ...BASE, tags: { costCenter: "ml" } }).tags).toEqual({
      application: "mlflow",
      environment: "dev",
      costCenter: "ml",
    });
  });

  test("remote state defaults its key to the environment's own state file", () => {
    const config = resolveConfig("dev", {
      ...BASE,
      remoteState: {
        resourceGroupName: "rg-tfstate",
        storageAccountName: "sttfstate01",
        containerName: "tfstate",
      },
    });
    expect(config.remoteState?.key).toBe("mlflow-dev.tfstate");
  });
});

describe("each invalid field gets one line naming the field, the value and the fix", () => {
  const cases: [string, unknown, RegExp][] = [
    [
      "authMode",
      { ...BASE, authMode: "easy-auth" },
      /^environments\.dev\.authMode: got "easy-auth"; expected one of "easyauth", "app-proxy" \(did you mean "easyauth"\?\)$/,
    ],
    [
      "authMode missing",
      { location: "westeurope", addressSpace: "10.40.0.0/24" },
      /^environments\.dev\.authMode: got nothing; expected one of "easyauth", "app-proxy"$/,
    ],
    [
      "location typo",
      { ...BASE, location: "westeurop" },
      /^environments\.dev\.location: got "westeurop"; expected an Azure region name .* \(did you mean "westeurope"\?\)$/,
    ],
    [
      "location display name",
      { ...BASE, location: "West Europe" },
      /location: got "West Europe"; .*did you mean "westeurope"/,
    ],
    [
      "addressSpace not a CIDR",
      { ...BASE, addressSpace: "10.40.0.0" },
      /^environments\.dev\.addressSpace: got "10\.40\.0\.0"; not an IPv4 CIDR like 10\.20\.0\.0\/24/,
    ],
    [
      "addressSpace bad octet",
      { ...BASE, addressSpace: "10.400.0.0/24" },
      /addressSpace: got "10\.400\.0\.0\/24"; not an IPv4 CIDR/,
    ],
    [
      "addressSpace host bits",
      { ...BASE, addressSpace: "10.40.0.5/24" },
      /addressSpace: got "10\.40\.0\.5\/24"; host bits are set; the network address is 10\.40\.0\.0\/24/,
    ],
    [
      "addressSpace too small",
      { ...BASE, addressSpace: "10.40.0.0/25" },
      /addressSpace: got "10\.40\.0\.0\/25"; expected a \/24 or larger \(e\.g\. "10\.40\.0\.0\/24"\): the five subnets need 128 addresses/,
    ],
    [
      "addressSpace public",
      { ...BASE, addressSpace: "20.40.0.0/24" },
      /addressSpace: got "20\.40\.0\.0\/24"; expected a private range/,
    ],
    [
      "subscriptionId",
      { ...BASE, subscriptionId: "my-sub" },
      /subscriptionId: got "my-sub"; expected a GUID/,
    ],
    [
      "nameSuffix",
      { ...BASE, nameSuffix: "Prod-1" },
      /nameSuffix: got "Prod-1"; expected 4-6 lowercase letters or digits/,
    ],
    [
      "deployerIpRanges (retired: the vault is private always)",
      { ...BASE, deployerIpRanges: ["203.0.113.7"] },
      /deployerIpRanges: got \["203\.0\.113\.7"\]; remove it: secrets are now written through Azure Resource Manager, which the Key Vault firewall does not apply to/,
    ],
    [
      "database.adminPasswordVersion (retired: the database has no password)",
      { ...BASE, database: { adminPasswordVersion: 2 } },
      /^environments\.dev\.database\.adminPasswordVersion: got 2; remove it: the database has no password any more, MLflow signs in with Microsoft Entra ID \(README, Upgrading to Entra-only PostgreSQL\)$/,
    ],
    [
      "database.administratorGroup without its display name",
      { ...BASE, database: { administratorGroup: { objectId: "00000000-0000-0000-0000-00000000000a" } } },
      /^environments\.dev\.database\.administratorGroup\.displayName: got nothing; expected the group's display name exactly, 1-63 bytes/,
    ],
    [
      "database.administratorGroup named instead of identified",
      { ...BASE, database: { administratorGroup: { objectId: "DB admins", displayName: "DB admins" } } },
      /^environments\.dev\.database\.administratorGroup\.objectId: got "DB admins"; expected a GUID, the group's object id: 'az ad group show --group "DB admins" --query id -o tsv' prints it$/,
    ],
    [
      "database.administratorGroup with a name PostgreSQL would truncate",
      {
        ...BASE,
        database: {
          administratorGroup: {
            objectId: "00000000-0000-0000-0000-00000000000a",
            displayName: "x".repeat(64),
          },
        },
      },
      /^environments\.dev\.database\.administratorGroup\.displayName: got "x{64}"; expected the group's display name exactly, 1-63 bytes without leading or trailing spaces \(it becomes a PostgreSQL role name\)/,
    ],
    [
      "database.administratorGroup with an unknown key",
      {
        ...BASE,
        database: {
          administratorGroup: {
            objectId: "00000000-0000-0000-0000-00000000000a",
            displayName: "DB admins",
            name: "x",
          },
        },
      },
      /^environments\.dev\.database\.administratorGroup\.name: unknown setting/,
    ],
    [
      "signInGroupObjectIds",
      { ...BASE, signInGroupObjectIds: ["ml-team"] },
      /signInGroupObjectIds\[0\]: got "ml-team"; expected a GUID/,
    ],
    [
      "automationPrincipals not an object id",
      { ...BASE, automationPrincipals: ["my-pipeline"] },
      /^environments\.dev\.automationPrincipals\[0\]: got "my-pipeline"; expected a service principal's object id \(a GUID\), as 'az ad sp show --id <appId> --query id -o tsv' prints it$/,
    ],
    [
      "automationPrincipals not a list",
      { ...BASE, automationPrincipals: "0a0b0c0d-1111-4222-8333-444455556666" },
      /^environments\.dev\.automationPrincipals: got "0a0b0c0d-.*"; expected a list/,
    ],
    [
      "automationPrincipals listed twice",
      {
        ...BASE,
        automationPrincipals: [
          "0a0b0c0d-1111-4222-8333-444455556666",
          "0A0B0C0D-1111-4222-8333-444455556666",
        ],
      },
      /^environments\.dev\.automationPrincipals\[1\]: got "0A0B0C0D-.*"; listed twice; list each principal once$/,
    ],
    [
      "signInGroupObjectIds listed twice (any letter case: one assignment each, so a repeat was a construct id clash)",
      {
        ...BASE,
        signInGroupObjectIds: [
          "1a2b3c4d-1111-4222-8333-444455556666",
          "0a0b0c0d-1111-4222-8333-444455556666",
          "1A2B3C4D-1111-4222-8333-444455556666",
        ],
      },
      /^environments\.dev\.signInGroupObjectIds\[2\]: got "1A2B3C4D-.*"; listed twice; list each group once$/,
    ],
    [
      "monitoring.alertEmails listed twice (any letter case: a second receiver would mail every alert twice)",
      { ...BASE, monitoring: { alertEmails: ["ml-platform@contoso.com", "ML-Platform@Contoso.com"] } },
      /^environments\.dev\.monitoring\.alertEmails\[1\]: got "ML-Platform@Contoso\.com"; listed twice; list each address once$/,
    ],
    [
      "mlflow.image unpinned",
      { ...BASE, mlflow: { image: "ghcr.io/mlflow/mlflow:latest" } },
      /mlflow\.image: got "ghcr\.io\/mlflow\/mlflow:latest"; expected a pinned image reference/,
    ],
    [
      "mlflow.workers",
      { ...BASE, mlflow: { workers: 0 } },
      /mlflow\.workers: got 0; expected a whole number from 1 to 16/,
    ],
    [
      "database.skuName",
      { ...BASE, database: { skuName: "Standard_B1ms" } },
      /database\.skuName: got "Standard_B1ms"; expected a flexible server SKU/,
    ],
    [
      "database.storageMb",
      { ...BASE, database: { storageMb: 50000 } },
      /database\.storageMb: got 50000; expected one of Azure's sizes: 32768/,
    ],
    [
      "database.backupRetentionDays",
      { ...BASE, database: { backupRetentionDays: 3 } },
      /database\.backupRetentionDays: got 3; expected a whole number from 7 to 35/,
    ],
    [
      "database.geoRedundantBackup",
      { ...BASE, database: { geoRedundantBackup: "yes" } },
      /database\.geoRedundantBackup: got "yes"; expected true or false/,
    ],
    [
      "storage.replicationType",
      { ...BASE, storage: { replicationType: "zrs" } },
      /storage\.replicationType: got "zrs"; expected one of "LRS", .* \(did you mean "ZRS"\?\)/,
    ],
    [
      "storage.blobSoftDeleteDays",
      { ...BASE, storage: { blobSoftDeleteDays: 0 } },
      /storage\.blobSoftDeleteDays: got 0; expected a whole number from 1 to 365/,
    ],
    [
      "keyVault.softDeleteRetentionDays",
      { ...BASE, keyVault: { softDeleteRetentionDays: 120 } },
      /keyVault\.softDeleteRetentionDays: got 120; expected a whole number from 7 to 90/,
    ],
    [
      "logAnalytics.retentionInDays",
      { ...BASE, logAnalytics: { retentionInDays: 7 } },
      /logAnalytics\.retentionInDays: got 7; expected a whole number from 30 to 730/,
    ],
    [
      "remoteState.storageAccountName",
      {
        ...BASE,
        remoteState: { resourceGroupName: "rg", storageAccountName: "St-State", containerName: "tfstate" },
      },
      /remoteState\.storageAccountName: got "St-State"; expected an existing storage account name/,
    ],
    [
      "easyAuth.skuName",
      { ...BASE, easyAuth: { skuName: "F1" } },
      /easyAuth\.skuName: got "F1"; expected one of "B1"/,
    ],
    [
      "easyAuth.clientCredential",
      { ...BASE, easyAuth: { clientCredential: "secret" } },
      /easyAuth\.clientCredential: got "secret"; expected one of "managed-identity", "client-secret"/,
    ],
    [
      "tags value",
      { ...BASE, tags: { owner: 42 } },
      /tags\.owner: got 42; expected a string of at most 256 characters/,
    ],
    [
      "tags name",
      { ...BASE, tags: { "a/b": "x" } },
      /tags\.a\/b: got "a\/b"; tag names are 1-512 characters without/,
    ],
  ];
  test.each(cases)("%s", (_label, raw, message) => {
    const found = problems(raw);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  describe("easyAuth.clientSecretKeyVaultSecretId: the client secret is the operator's, named by its Key Vault id", () => {
    const ID = "https://kv-mlf-dev-x7k2.vault.azure.net/secrets/easyauth-client-secret";
    const secretMode = (extra: Record<string, unknown>, root: Record<string, unknown> = {}) => ({
      ...BASE,
      ...root,
      easyAuth: { clientCredential: "client-secret", ...extra },
    });

    test("client-secret mode takes the id, with or without a version", () => {
      for (const id of [ID, `${ID}/0123456789abcdef0123456789abcdef`]) {
        expect(resolveConfig("dev", secretMode({ clientSecretKeyVaultSecretId: id })).easyAuth).toEqual({
          skuName: DEFAULTS.easyAuth.skuName,
          clientCredential: "client-secret",
          clientSecretKeyVaultSecretId: id,
        });
      }
    });

    test("client-secret mode without it is refused, in one line, with the commands that create and store the secret", () => {
      const found = problems(secretMode({}));
      expect(found).toHaveLength(1);
      expect(found[0]).not.toContain("\n");
      expect(found[0]).toMatch(
        /^environments\.dev\.easyAuth\.clientSecretKeyVaultSecretId: got nothing; clientCredential "client-secret" needs the id of the Key Vault secret that holds the app's client secret/,
      );
      expect(found[0]).toContain(
        "az ad app credential reset --id <entra_client_id output> --append --display-name easyauth --years 1 --query password -o tsv | ",
      );
      expect(found[0]).toContain(
        'az rest --method put --url "https://management.azure.com$(az keyvault show -n <key_vault_name output> --query id -o tsv)/secrets/easyauth-client-secret?api-version=2023-07-01" --body @easyauth-client-secret.json --query properties.secretUriWithVersion -o tsv; rm -f easyauth-client-secret.json',
      );
      expect(found[0]).toMatch(/set this to that id without its version .*client_secret_steps output/);
    });

    test.each([
      [
        "not a secret id",
        secretMode({ clientSecretKeyVaultSecretId: "easyauth-client-secret" }),
        /^environments\.dev\.easyAuth\.clientSecretKeyVaultSecretId: got "easyauth-client-secret"; expected a Key Vault secret id, with or without its version, e\.g\. "https:\/\/kv-mlf-dev-<suffix>\.vault\.azure\.net\/secrets\/easyauth-client-secret" \(the client_secret_steps output prints it\)$/,
      ],
      [
        "another vault, when nameSuffix makes the environment's vault known",
        secretMode({ clientSecretKeyVaultSecretId: ID.replace("x7k2", "b9b9") }, { nameSuffix: "x7k2" }),
        /^environments\.dev\.easyAuth\.clientSecretKeyVaultSecretId: got "https:\/\/kv-mlf-dev-b9b9\.vault\.azure\.net\/secrets\/easyauth-client-secret"; expected a secret of this environment's vault "kv-mlf-dev-x7k2", the only one the web app reaches/,
      ],
      [
        "set while the managed identity is used",
        { ...BASE, easyAuth: { clientSecretKeyVaultSecretId: ID } },
        /^environments\.dev\.easyAuth\.clientSecretKeyVaultSecretId: got "https:.*"; remove it: clientCredential is "managed-identity", which uses no client secret \(or set clientCredential: "client-secret"\)$/,
      ],
    ])("%s is refused with the field, the value and the fix", (_label, raw, message) => {
      const found = problems(raw);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(message);
    });

    test("the environment's own vault passes with a nameSuffix (any letter case)", () =>
      expect(
        problems(
          secretMode(
            { clientSecretKeyVaultSecretId: ID.replace("kv-mlf", "KV-MLF") },
            { nameSuffix: "x7k2" },
          ),
        ),
      ).toEqual([]));
  });

  const appProxyCases: [string, Record<string, unknown>, RegExp][] = [
    [
      "vmSize",
      { vmSize: "D2s_v5" },
      /appProxy\.vmSize: got "D2s_v5"; expected an Azure VM size like "Standard_D2s_v5"/,
    ],
    [
      "adminUsername reserved",
      { adminUsername: "admin" },
      /appProxy\.adminUsername: got "admin"; expected 1-32 lowercase .* not a reserved name/,
    ],
    [
      "sshPublicKey",
      { sshPublicKey: "AAAAB3NzaC1yc2E" },
      /appProxy\.sshPublicKey: got "AAAAB3NzaC1yc2E"; expected one OpenSSH public key line/,
    ],
    [
      "externalUrl",
      { externalUrl: "http://mlflow.contoso.com" },
      /appProxy\.externalUrl: got "http:\/\/mlflow\.contoso\.com"; expected an https URL/,
    ],
    [
      "connectorGroupId",
      { connectorGroupId: "default" },
      /appProxy\.connectorGroupId: got "default"; expected a GUID/,
    ],
    [
      "connectorCount",
      { connectorCount: 9 },
      /appProxy\.connectorCount: got 9; expected a whole number from 1 to 4/,
    ],
    [
      "connectorRegistrationTokenSecretId",
      { connectorRegistrationTokenSecretId: "connector-token" },
      /connectorRegistrationTokenSecretId: got "connector-token"; expected a Key Vault secret id WITH its version/,
    ],
    [
      "connectorRegistrationTokenSecretId without its version",
      { connectorRegistrationTokenSecretId: "https://kv-ops.vault.azure.net/secrets/connector-token" },
      /connectorRegistrationTokenSecretId: got "https:\/\/kv-ops\.vault\.azure\.net\/secrets\/connector-token"; expected a Key Vault secret id WITH its version, .*each new token is a new version, so a new id, which makes the hosts register again$/,
    ],
    [
      "allowedSourceCidrs",
      { allowedSourceCidrs: ["10.60.0.0/33"] },
      /appProxy\.allowedSourceCidrs\[0\]: got "10\.60\.0\.0\/33"; the prefix length must be 0 to 32/,
    ],
    [
      "connector settings with an existing group",
      { connectorGroupId: "11111111-2222-3333-4444-555555555555", connectorCount: 2 },
      /appProxy\.connectorGroupId: got "11111111-.*"; with an existing connector group no connector hosts are created: remove connectorCount/,
    ],
  ];
  test.each(appProxyCases)("appProxy.%s", (_label, appProxy, message) => {
    const found = problems({ ...BASE, authMode: "app-proxy", appProxy });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });
});

describe("automationPrincipals", () => {
  const SP = "0a0b0c0d-1111-4222-8333-444455556666";

  test("default to none", () => expect(resolveConfig("dev", BASE).automationPrincipals).toEqual([]));

  test("are kept as given in easyauth mode", () =>
    expect(resolveConfig("dev", { ...BASE, automationPrincipals: [SP] }).automationPrincipals).toEqual([SP]));

  test("are refused in app-proxy mode with one line saying why (App Proxy accepts no app-only tokens)", () => {
    expect(problems({ ...BASE, authMode: "app-proxy", automationPrincipals: [SP] })).toEqual([
      expect.stringMatching(
        /^environments\.dev\.automationPrincipals: got \["0a0b0c0d-.*"\]; remove it: Application Proxy accepts only users' \(delegated\) tokens, never an application's own token/,
      ),
    ]);
  });
});

describe("typos and misplaced settings are refused, not ignored", () => {
  test("an unknown top-level key is refused with a did-you-mean hint", () => {
    expect(problems({ ...BASE, authmode: "easyauth" })).toEqual([
      expect.stringMatching(
        /^environments\.dev\.authmode: unknown setting \(did you mean "authMode"\?\); accepted here: authMode, location,/,
      ),
    ]);
  });

  test("an unknown nested key is refused with its full path", () => {
    expect(problems({ ...BASE, database: { backupRetention: 14 } })).toEqual([
      expect.stringMatching(
        /^environments\.dev\.database\.backupRetention: unknown setting \(did you mean "backupRetentionDays"\?\)/,
      ),
    ]);
  });

  test("easyAuth settings in an app-proxy environment are refused", () => {
    expect(problems({ ...BASE, authMode: "app-proxy", easyAuth: { skuName: "B1" } })).toEqual([
      expect.stringMatching(
        /^environments\.dev\.easyAuth: got \{"skuName":"B1"\}; remove it: authMode is "app-proxy"/,
      ),
    ]);
  });

  test("appProxy settings in an easyauth environment are refused", () => {
    expect(problems({ ...BASE, appProxy: { vmSize: "Standard_D2s_v5" } })).toEqual([
      expect.stringMatching(/^environments\.dev\.appProxy: got .*; remove it: authMode is "easyauth"/),
    ]);
  });

  test("a config that is not an object is refused", () => {
    expect(problems("easyauth")).toContainEqual(
      expect.stringMatching(/^environments\.dev: got "easyauth"; expected an object/),
    );
  });
});

describe("environment names", () => {
  test.each(["Dev", "d", "dev-1", "development1", "1dev"])(
    "%j is refused: it must fit every Azure resource name",
    (name) => {
      expect(() => resolveConfig(name, BASE)).toThrow(
        /the environment name must be 2-10 lowercase letters or digits starting with a letter/,
      );
    },
  );
  test.each(["dev", "prod", "stage2", "abcdefghij"])("%j is accepted", (name) => {
    expect(resolveConfig(name, BASE).name).toBe(name);
  });
});

describe("errors are reported together, and nothing is built", () => {
  test("every problem is listed, one per line, under a header naming the environment", () => {
    const error = (() => {
      try {
        resolveConfig("dev", { authMode: "oauth", location: "mars", addressSpace: "10.0.0.0/28" });
      } catch (e) {
        return e as Error;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const lines = error.message.split("\n");
    expect(lines[0]).toBe(
      'Invalid configuration for environment "dev" in environments.ts (nothing was written):',
    );
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}- environments\.dev\.authMode: got "oauth"/),
      expect.stringMatching(/^ {2}- environments\.dev\.location: got "mars"/),
      expect.stringMatching(/^ {2}- environments\.dev\.addressSpace: got "10\.0\.0\.0\/28"/),
    ]);
  });

  test("MlflowStack throws before adding anything to the app", () => {
    const app = Testing.app();
    const bad = { ...BASE, location: "westeurop" } as EnvironmentConfig;
    expect(() => new MlflowStack(app, "mlflow-dev", bad)).toThrow(ConfigError);
    expect(app.node.children).toHaveLength(0);
  });
});
