/** The value after `name` in argv (`--out cdktf.out`), or undefined; a flag given without a value is an error. */
export function optionValue(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  if (at < 0) return undefined;
  const value = argv[at + 1];
  if (value === undefined || value.startsWith("--")) {
    throw new Error(`${name} needs a value, e.g. \`${name} <dir>\`; got nothing.`);
  }
  return value;
}
