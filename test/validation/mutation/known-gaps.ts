/**
 * Broken messages the validator does not yet report exactly: a real validator bug each, kept in
 * the test so the fix shows. The mutation test runs them, reports them apart from the rest, and
 * fails when one starts passing so it comes off this list.
 */
export interface KnownGap {
  /** The kind of defect. */
  readonly kind: string;
  readonly file: string;
  /** The expected expression (as rebased in the sample). */
  readonly expression: string;
  /** The rule that should report it, and what goes wrong. */
  readonly rule: string;
  readonly problem: string;
}

/** Validator bugs the mutation test has found and that are not fixed yet (none today). */
export const KNOWN_GAPS: readonly KnownGap[] = [];

export const isKnownGap = (kind: string, file: string, expression: string): KnownGap | undefined =>
  KNOWN_GAPS.find((g) => g.kind === kind && g.file === file && g.expression === expression);
