import { readFileSync } from "fs";
import { join } from "path";

/**
 * The version in package.json is the one being built, and CHANGELOG.md says what changed for users in it and in
 * every version before; the README's upgrade notes are about versions before it.
 */
const root = join(__dirname, "..");
const read = (file: string) => readFileSync(join(root, file), "utf8");
const version: string = JSON.parse(read("package.json")).version;

/** The version of each `## [x.y.z] - date` or `## [Unreleased — x.y.z]` heading, top to bottom. */
const sections = [...read("CHANGELOG.md").matchAll(/^## \[(?:Unreleased — )?(\d+\.\d+\.\d+)\]/gm)].map(
  (match) => match[1],
);

/** Negative when a < b, for x.y.z versions. */
function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((text) => text.split(".").map(Number));
  return x.map((part, i) => part - y[i]).find((difference) => difference !== 0) ?? 0;
}

test("package.json's version is the newest section of CHANGELOG.md", () => {
  expect(sections[0]).toBe(version);
});

test("CHANGELOG.md lists each version once, newest first", () => {
  expect(sections.length).toBeGreaterThan(1);
  sections.slice(1).forEach((older, i) => expect(compareVersions(older, sections[i])).toBeLessThan(0));
});

test("package-lock.json's root carries the same version (it is written by hand, not by npm install)", () => {
  const lock = JSON.parse(read("package-lock.json"));
  expect([lock.version, lock.packages[""].version]).toEqual([version, version]);
});

test("each 'Upgrading from x.y' in the README is from an older version that has its CHANGELOG section", () => {
  const from = [...read("README.md").matchAll(/Upgrading from (\d+\.\d+)\b/g)].map((match) => match[1]);
  expect(from.length).toBeGreaterThan(0);
  for (const minor of from) {
    expect(compareVersions(`${minor}.0`, version)).toBeLessThan(0);
    expect(sections).toContain(`${minor}.0`);
  }
});
