import { readFileSync } from "fs";
import { join } from "path";
import * as ts from "typescript";
import * as constructs from "../../constructs";
import { DEFAULTS, resolveConfig, type ResolvedConfig } from "../../constructs/config";

/** Each documented default, read from the JSDoc of constructs/config/types.ts with the TypeScript parser. */
interface Documented {
  readonly section: string;
  readonly field: string;
  readonly optional: boolean;
  /** The text after `@default`, or undefined when the field has none. */
  readonly text: string | undefined;
}

/** Interface -> where its resolved values sit in ResolvedConfig ("" for the root). */
const SECTIONS: Readonly<Record<string, string>> = {
  EnvironmentConfig: "",
  MlflowTrackingServerSettings: "",
  MlflowConfig: "mlflow",
  DatabaseConfig: "database",
  StorageConfig: "storage",
  KeyVaultConfig: "keyVault",
  LogAnalyticsConfig: "logAnalytics",
  RemoteStateConfig: "remoteState",
  MonitoringConfig: "monitoring",
  EasyAuthConfig: "easyAuth",
  AppProxyConfig: "appProxy",
  PermissionsConfig: "permissions",
  LandingZoneConfig: "landingZone",
};

/** Defaults computed from other values or at plan time: described in words, and tested where they are computed. */
const COMPUTED = [
  "subscriptionId",
  "remoteState",
  "nameSuffix",
  "tags",
  "appProxy.externalUrl",
  "permissions.enabled",
];

function documentedDefaults(): Documented[] {
  const file = join(__dirname, "..", "..", "constructs", "config", "types.ts");
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const found: Documented[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || !(node.name.text in SECTIONS)) return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !ts.isIdentifier(member.name)) continue;
      const tag = ts.getJSDocTags(member).find((t) => t.tagName.text === "default");
      found.push({
        section: SECTIONS[node.name.text],
        field: member.name.text,
        optional: member.questionToken !== undefined,
        text: tag ? ts.getTextOfJSDocComment(tag.comment)?.trim() : undefined,
      });
    }
  });
  return found;
}

const NAME = "dev";
const REMOTE_STATE = { resourceGroupName: "rg-tf", storageAccountName: "sttf01", containerName: "tfstate" };
const BASE = { location: "westeurope", addressSpace: "10.40.0.0/24", remoteState: REMOTE_STATE };
/** What resolveConfig gives a field the user left out. */
function resolvedDefault(section: string, field: string): unknown {
  const config: ResolvedConfig = resolveConfig(NAME, {
    ...BASE,
    authMode: section === "appProxy" ? "app-proxy" : "easyauth",
  });
  const holder = (section ? config[section as keyof ResolvedConfig] : config) as Record<string, unknown>;
  return holder[field];
}

const documented = documentedDefaults();
const at = ({ section, field }: Documented) => (section ? `${section}.${field}` : field);

describe("every @default in constructs/config/types.ts is the default resolveConfig uses", () => {
  test("the parser found the interfaces (a guard against a test that checks nothing)", () => {
    expect(new Set(documented.map((d) => d.section))).toEqual(new Set(Object.values(SECTIONS)));
    expect(documented.filter((d) => d.text && !d.text.startsWith("-")).length).toBeGreaterThanOrEqual(15);
  });

  test("every optional setting documents its default, and only optional ones do", () => {
    expect(documented.filter((d) => d.optional && d.text === undefined).map(at)).toEqual([]);
    expect(documented.filter((d) => !d.optional && d.text !== undefined).map(at)).toEqual([]);
  });

  test.each(documented.filter((d) => d.text && !d.text.startsWith("-")).map((d) => [at(d), d] as const))(
    "%s: the literal @default is the value used",
    (_at, d) => {
      const literal = JSON.parse(d.text!) as unknown;
      const expected = typeof literal === "string" ? literal.replace("<environment>", NAME) : literal;
      expect(resolvedDefault(d.section, d.field)).toEqual(expected);
    },
  );

  test.each(
    documented.filter((d) => /^- [A-Z][A-Z0-9_]+$/.test(d.text ?? "")).map((d) => [at(d), d] as const),
  )("%s: the named constant is the value used", (_at, d) => {
    const name = d.text!.slice(2) as keyof typeof constructs;
    expect(constructs[name]).toBeDefined();
    expect(resolvedDefault(d.section, d.field)).toEqual(constructs[name]);
  });

  test.each(documented.filter((d) => d.text?.startsWith("- none")).map((d) => [at(d), d] as const))(
    "%s: 'none' means nothing is set",
    (_at, d) => {
      expect([undefined, []]).toContainEqual(resolvedDefault(d.section, d.field));
    },
  );

  test("every other default is a section of its own or computed (and tested where it is computed)", () => {
    const prose = documented.filter(
      (d) => d.text?.startsWith("-") && !d.text.startsWith("- none") && !/^- [A-Z][A-Z0-9_]+$/.test(d.text),
    );
    for (const d of prose.filter((p) => p.text!.startsWith("- see "))) {
      expect(SECTIONS[d.text!.slice("- see ".length)]).toBe(at(d));
    }
    expect(prose.filter((p) => !p.text!.startsWith("- see ")).map(at)).toEqual(COMPUTED);
  });

  test("DEFAULTS holds exactly the literal and named defaults", () => {
    // A root setting's default sits at the top of DEFAULTS; a section's defaults in an object of their own.
    const listed = Object.entries(DEFAULTS).flatMap(([section, fields]) =>
      typeof fields === "object" ? Object.keys(fields).map((field) => `${section}.${field}`) : [section],
    );
    const documentedValues = documented
      .filter((d) => d.text && (!d.text.startsWith("-") || /^- [A-Z][A-Z0-9_]+$/.test(d.text)))
      .map(at)
      .filter((name) => name !== "remoteState.key");
    expect(listed.sort()).toEqual(documentedValues.sort());
  });
});
