import { readFileSync } from "fs";
import { join } from "path";
import { PLAN_READABLE_DATA_SOURCES } from "../../constructs/policy/rules/deploy-plan-data-sources";

/**
 * MLF-DEPLOY-7 allows the data sources the pull-request plan identity can read. Its table must say what
 * docs/ci-cd.md grants that identity, no more and no less: otherwise the rule would pass a stack whose plan fails, or
 * the guide would grant a permission nothing needs.
 */
const guide = readFileSync(join(__dirname, "..", "..", "docs", "ci-cd.md"), "utf8");
const section = guide.slice(guide.indexOf("### 3. The plan identity"), guide.indexOf("### 4."));

/** `| \`azuread_domains\` | read by | \`Domain.Read.All\` | source |` -> azuread_domains: Domain.Read.All (a row may name several types) */
function guideTable(): Record<string, string> {
  const rows = [...section.matchAll(/^\| ((?:`[a-z_]+`(?:, )?)+) +\|[^|]+\| ([^|]+?) +\|/gm)];
  return Object.fromEntries(
    rows.flatMap(([, types, needs]) =>
      [...types.matchAll(/`([a-z_]+)`/g)].map(([, type]) => [type, needs.replace(/`/g, "").split(/[: ]/)[0]]),
    ),
  );
}

/** Graph application permissions in the plan identity's `az ad app permission add` command. */
const grantedGraphPermissions = new Set(
  [...section.matchAll(/\$\(role ([A-Za-z.]+)\)=Role/g)].map((m) => m[1]),
);
/** Azure roles in the plan identity's `az role assignment create` commands. */
const grantedRoles = new Set(
  [...section.matchAll(/--role ("[^"]+"|\S+) --scope/g)].map((m) => m[1].replace(/"/g, "")),
);

describe("the plan identity's rights, the guide and MLF-DEPLOY-7", () => {
  test("the guide's table of data sources is the rule's table", () => {
    expect(guideTable()).toEqual(
      Object.fromEntries(
        Object.entries(PLAN_READABLE_DATA_SOURCES).map(([type, { needs }]) => [type, needs]),
      ),
    );
  });

  test("the guide grants exactly the Graph permissions the allowed data sources need", () => {
    const needed = new Set(
      Object.values(PLAN_READABLE_DATA_SOURCES)
        .map(({ needs }) => needs)
        .filter((needs) => needs.includes(".")),
    );
    expect([...grantedGraphPermissions].sort()).toEqual([...needed].sort());
    expect(needed).toEqual(new Set(["Application.Read.All", "Domain.Read.All"]));
  });

  test("the guide grants the Azure roles they need, plus read access to the state and nothing else", () => {
    const needed = Object.values(PLAN_READABLE_DATA_SOURCES)
      .map(({ needs }) => needs)
      .filter((needs) => needs !== "nothing" && !needs.includes("."));
    for (const role of needed) expect(grantedRoles).toContain(role);
    expect([...grantedRoles].sort()).toEqual(["Reader", "Storage Blob Data Reader"]);
  });
});
