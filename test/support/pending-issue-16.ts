/**
 * Issue 16 lands in parts. The rule pack's MLF-PG-5 and MLF-SEC-5 find, in the default stacks, exactly what the other
 * parts remove (the database's generated password and its copies, the MLflow VM's key pair, the connector hosts'
 * escrowed passwords). Until those parts are merged, the tests that expect the default stacks to be clean are wrapped
 * in `pendingIssue16`: the test still runs, and must fail with an error that names only those two rules. Once it
 * passes, or fails for any other reason, it fails. After the merge: remove every `pendingIssue16(` (grep for it).
 */

const PENDING_RULES = new Set(["MLF-PG-5", "MLF-SEC-5"]);

/** True when `text` names at least one rule, and only rules whose findings the pending parts remove. */
export function namesOnlyPendingRules(text: string): boolean {
  const ids = new Set(text.match(/MLF-[A-Z]+-\d+/g) ?? []);
  return ids.size > 0 && [...ids].every((id) => PENDING_RULES.has(id));
}

export function pendingIssue16<Args extends unknown[]>(
  fn: (...args: Args) => unknown,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    try {
      await fn(...args);
    } catch (error) {
      const text = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error);
      if (namesOnlyPendingRules(text)) return;
      throw error;
    }
    throw new Error(
      "This test passes now that issue 16's other parts are merged: remove its pendingIssue16() wrapper (test/support/pending-issue-16.ts).",
    );
  };
}
