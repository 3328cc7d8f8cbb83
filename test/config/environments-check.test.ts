import { checkEnvironments } from "../../constructs/config";

const DEV = { authMode: "easyauth", location: "westeurope", addressSpace: "10.40.0.0/24" } as const;
const PROD = { authMode: "app-proxy", location: "westeurope", addressSpace: "10.50.0.0/24" } as const;

/** Every line checkEnvironments prints, headers included. */
const linesOf = (environments: Record<string, unknown>) =>
  checkEnvironments(environments).join("\n").split("\n");

describe("checkEnvironments: every problem of every environment at once", () => {
  test("valid environments give no message", () => {
    expect(checkEnvironments({ dev: DEV, prod: PROD })).toEqual([]);
  });

  test("two broken environments are both reported, each under its own header, with all their problems", () => {
    const messages = checkEnvironments({
      dev: { ...DEV, location: "westeurop" },
      ok: { ...PROD, addressSpace: "10.60.0.0/24" },
      prod: { ...PROD, database: { skuName: "huge" }, storage: { replicationType: "XRS" } },
    });
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^Invalid configuration for environment "dev"/);
    expect(messages[0]).toContain('environments.dev.location: got "westeurop"');
    expect(messages[1]).toMatch(/^Invalid configuration for environment "prod"/);
    expect(messages[1]).toContain('environments.prod.database.skuName: got "huge"');
    expect(messages[1]).toContain('environments.prod.storage.replicationType: got "XRS"');
  });
});

describe("checkEnvironments: address spaces across environments", () => {
  test("an overlap is refused in one line naming both environments, both ranges and a free range", () => {
    const lines = linesOf({ dev: DEV, stage: { ...DEV, addressSpace: "10.40.0.0/16" } });
    expect(lines).toEqual([
      "Invalid configuration across environments in environments.ts (nothing was written):",
      '  - environments.dev.addressSpace 10.40.0.0/24 overlaps environments.stage.addressSpace 10.40.0.0/16; give each environment its own range (e.g. "10.41.0.0/16" for stage, which overlaps no other): overlapping virtual networks can never be peered or reached through one VPN',
    ]);
  });

  test("identical ranges overlap; the suggestion skips ranges other environments use", () => {
    const lines = linesOf({
      dev: DEV,
      prod: { ...PROD, addressSpace: "10.40.1.0/24" },
      stage: { ...DEV, addressSpace: "10.40.0.0/24" },
    });
    expect(lines).toContain(
      '  - environments.dev.addressSpace 10.40.0.0/24 overlaps environments.stage.addressSpace 10.40.0.0/24; give each environment its own range (e.g. "10.40.2.0/24" for stage, which overlaps no other): overlapping virtual networks can never be peered or reached through one VPN',
    );
    expect(lines.filter((line) => line.includes(" overlaps "))).toHaveLength(1);
  });

  test("every overlapping pair gets its own line", () => {
    const lines = linesOf({ a1: DEV, b1: DEV, c1: DEV });
    expect(lines.filter((line) => line.includes(" overlaps "))).toEqual([
      expect.stringContaining(
        "environments.a1.addressSpace 10.40.0.0/24 overlaps environments.b1.addressSpace",
      ),
      expect.stringContaining(
        "environments.a1.addressSpace 10.40.0.0/24 overlaps environments.c1.addressSpace",
      ),
      expect.stringContaining(
        "environments.b1.addressSpace 10.40.0.0/24 overlaps environments.c1.addressSpace",
      ),
    ]);
  });

  test("adjacent ranges do not overlap", () => {
    expect(checkEnvironments({ dev: DEV, stage: { ...DEV, addressSpace: "10.40.1.0/24" } })).toEqual([]);
  });

  test("an overlap is reported alongside the environments' own problems", () => {
    const messages = checkEnvironments({ dev: { ...DEV, location: "nowhere" }, stage: DEV });
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain("environments.dev.location");
    expect(messages[1]).toContain("overlaps environments.stage.addressSpace");
  });

  test("an address space that is not a CIDR is left to the environment's own check", () => {
    const messages = checkEnvironments({ dev: DEV, stage: { ...DEV, addressSpace: "10.40.0.0" } });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('environments.stage.addressSpace: got "10.40.0.0"');
  });
});

describe("checkEnvironments: hints for the likely mistakes", () => {
  test("a name with capitals is refused with its lowercase form", () => {
    expect(linesOf({ Stage: DEV })).toContainEqual(
      expect.stringMatching(
        /^ {2}- environments\["Stage"\]: the environment name must be .*; rename it "stage"$/,
      ),
    );
  });

  test("a name that lowercasing cannot fix gets examples instead", () => {
    expect(linesOf({ "my-env": DEV })).toContainEqual(expect.stringMatching(/; e\.g\. "dev", "prod2"$/));
  });

  test("a group name in signInGroupObjectIds says how to look up the group's object id", () => {
    expect(linesOf({ dev: { ...DEV, signInGroupObjectIds: ["MLflow users"] } })).toContain(
      `  - environments.dev.signInGroupObjectIds[0]: got "MLflow users"; expected a GUID, the group's object id: 'az ad group show --group "MLflow users" --query id -o tsv' prints it`,
    );
  });
});
