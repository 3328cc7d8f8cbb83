/**
 * The mechanics of configuration validation: walk a raw value, collect one line per problem (field, value
 * received, what is accepted), then throw them together as a ConfigError. The rules themselves live in checks.ts
 * and sections.ts.
 */
import type { Range } from "./azure-limits";

/** Thrown for bad configuration. Its message lists every problem, one per line; no stack trace is needed to act. */
export class ConfigError extends Error {
  constructor(
    readonly environment: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Invalid configuration for environment "${environment}" in environments.ts (nothing was written):\n` +
        problems.map((problem) => `  - ${problem}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** Shows a received value the way a user would have typed it. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

/** Levenshtein distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The closest candidate (case-insensitive), if it is close enough to be a likely typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = distance(lower, candidate.toLowerCase());
    if (!best || score < best.score) best = { candidate, score };
  }
  return best && best.score <= Math.max(2, Math.floor(input.length / 3)) ? best.candidate : undefined;
}

export function didYouMean(input: string, candidates: readonly string[]): string {
  const hint = closest(input, candidates);
  return hint ? ` (did you mean ${JSON.stringify(hint)}?)` : "";
}

type Raw = Record<string, unknown>;

/** A string setting's shape, and the words that tell the user what is accepted. */
export interface StringRule {
  readonly pattern: RegExp;
  readonly accepted: string;
}

/** Collects problems for one environment; each check returns the value when valid, undefined otherwise. */
export class Validator {
  private readonly found: string[] = [];

  constructor(readonly environment: string) {}

  get problems(): readonly string[] {
    return this.found;
  }

  /** Records a problem: `<field>: got <value>; <what is accepted / how to fix>`. */
  fail(field: string, value: unknown, fix: string): undefined {
    this.found.push(`${this.path(field)}: got ${show(value)}; ${fix}`);
    return undefined;
  }

  path(field: string): string {
    return `environments.${this.environment}${field ? `.${field}` : ""}`;
  }

  /**
   * A plain object whose keys are all in `allowed` (or `retired`, which the caller explains). Unknown keys are
   * problems with a did-you-mean hint.
   */
  object(
    field: string,
    value: unknown,
    allowed: readonly string[],
    retired: readonly string[] = [],
  ): Raw | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return this.fail(field, value, "expected an object { ... }");
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key) && !retired.includes(key)) {
        const at = field ? `${field}.${key}` : key;
        this.found.push(
          `${this.path(at)}: unknown setting${didYouMean(key, allowed)}; accepted here: ${allowed.join(", ")}`,
        );
      }
    }
    return value as Raw;
  }

  string(field: string, value: unknown, rule: StringRule): string | undefined {
    if (typeof value !== "string" || !rule.pattern.test(value)) return this.fail(field, value, rule.accepted);
    return value;
  }

  oneOf<T extends string>(field: string, value: unknown, options: readonly T[]): T | undefined {
    if (typeof value === "string" && (options as readonly string[]).includes(value)) return value as T;
    const hint = typeof value === "string" ? didYouMean(value, options) : "";
    return this.fail(
      field,
      value,
      `expected one of ${options.map((o) => JSON.stringify(o)).join(", ")}${hint}`,
    );
  }

  integer(field: string, value: unknown, { min, max }: Range): number | undefined {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      return this.fail(field, value, `expected a whole number from ${min} to ${max}`);
    }
    return value;
  }

  boolean(field: string, value: unknown): boolean | undefined {
    if (typeof value !== "boolean") return this.fail(field, value, "expected true or false");
    return value;
  }

  /** An array whose items each pass `check` (called with the item's field path, e.g. `tags[2]`). */
  array<T>(field: string, value: unknown, check: (itemField: string, item: unknown) => T | undefined): T[] {
    if (!Array.isArray(value)) {
      this.fail(field, value, "expected a list [ ... ]");
      return [];
    }
    const items: T[] = [];
    value.forEach((item, index) => {
      const checked = check(`${field}[${index}]`, item);
      if (checked !== undefined) items.push(checked);
    });
    return items;
  }
}

/** A key of one configuration object, as its interface spells it. */
export type Key<T> = keyof T & string;

/** A check of one raw value: the value when valid, undefined after recording a problem. */
export type Check<T> = (field: string, value: unknown) => T | undefined;

/**
 * One object of the configuration (the root, or a nested block like `database`), typed by its interface: unknown
 * keys are refused on creation, and each read names a key of `T` (the compiler checks it), applies a check and a
 * default. An invalid value records a problem and yields the default, which is never used because resolveConfig
 * throws when any problem was recorded.
 */
export class Section<T> {
  private readonly raw: Raw;

  /**
   * @param allowed every key of `T` (keys.ts lists them, checked against the interface)
   * @param retired keys that once existed: not "unknown", the caller says what to do instead
   */
  constructor(
    readonly v: Validator,
    private readonly prefix: string,
    value: unknown,
    allowed: readonly Key<T>[],
    retired: readonly string[] = [],
  ) {
    this.raw = prefix !== "" && value === undefined ? {} : (v.object(prefix, value, allowed, retired) ?? {});
  }

  /** The raw value of a key, as the user wrote it. */
  value(key: Key<T>): unknown {
    return this.raw[key];
  }

  /** The raw value of a key that is not (or no longer) part of `T`. */
  retiredValue(key: string): unknown {
    return this.raw[key];
  }

  /** The full path of a key, e.g. `database.skuName`. */
  field(key: string): string {
    return this.prefix ? `${this.prefix}.${key}` : key;
  }

  /** A key with its own check; absent means `fallback`. */
  read<V>(key: Key<T>, fallback: V, check: Check<V>): V {
    const value = this.raw[key];
    return value === undefined ? fallback : (check(this.field(key), value) ?? fallback);
  }

  /** A key that must be present. */
  require<V>(key: Key<T>, check: Check<V>): V | undefined {
    return check(this.field(key), this.raw[key]);
  }

  integer(key: Key<T>, range: Range, fallback: number): number {
    return this.read(key, fallback, (field, value) => this.v.integer(field, value, range));
  }

  boolean(key: Key<T>, fallback: boolean): boolean {
    return this.read(key, fallback, (field, value) => this.v.boolean(field, value));
  }

  oneOf<V extends string>(key: Key<T>, options: readonly V[], fallback: V): V {
    return this.read(key, fallback, (field, value) => this.v.oneOf(field, value, options));
  }

  string(key: Key<T>, rule: StringRule, fallback: string): string {
    return this.read(key, fallback, (field, value) => this.v.string(field, value, rule));
  }

  /** An optional string with no default. */
  optionalString(key: Key<T>, rule: StringRule): string | undefined {
    return this.read<string | undefined>(key, undefined, (field, value) => this.v.string(field, value, rule));
  }

  /** A list whose items each pass `check`; absent means empty. */
  list(key: Key<T>, check: Check<string>): string[] {
    return this.read<string[]>(key, [], (field, value) => this.v.array(field, value, check));
  }
}
