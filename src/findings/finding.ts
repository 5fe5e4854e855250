/**
 * A finding is one problem found in a message, as a value: an official NPHIES rule code
 * (or a Wasl `WASL_ERR_*` code), a severity and the FHIRPath of the element at fault.
 * Display texts are not stored here: they are looked up in the code catalogue when the
 * outcome is rendered, in the language the caller asked for.
 */
export type Severity = 'fatal' | 'error' | 'warning' | 'information';

export interface Finding {
  /** Official rule id such as `BV-00165`, or a Wasl code such as `WASL_ERR_UNAUTHENTICATED`. */
  readonly code: string;
  readonly severity: Severity;
  /** FHIRPath of the failing element, e.g. `Bundle.entry[1].resource.use`. */
  readonly expression?: string;
  /** Extra detail for engineers (never patient data). */
  readonly diagnostics?: string;
}

export function error(code: string, expression?: string, diagnostics?: string): Finding {
  return finding(code, 'error', expression, diagnostics);
}

export function warning(code: string, expression?: string, diagnostics?: string): Finding {
  return finding(code, 'warning', expression, diagnostics);
}

/**
 * Absent, not undefined, when there is no expression or diagnostics; built without spreads (rules make many).
 * Both are bounded (MAX_DIAGNOSTICS, MAX_EXPRESSION): whatever a layer quotes, a finding stays small.
 */
export function finding(code: string, severity: Severity, expression: string | undefined, diagnostics: string | undefined): Finding {
  const made: { code: string; severity: Severity; expression?: string; diagnostics?: string } = { code, severity };
  if (expression) made.expression = expression.length > MAX_EXPRESSION ? cut(expression, MAX_EXPRESSION) : expression;
  if (diagnostics) made.diagnostics = diagnostics.length > MAX_DIAGNOSTICS ? cut(diagnostics, MAX_DIAGNOSTICS) : diagnostics;
  return made;
}

/** Characters of a value from the message quoted in a diagnostic (a code, a URL, an element name). */
export const MAX_QUOTED = 100;
/** Characters of a whole diagnostic: the last bound, for a layer that quotes without `excerpt`. */
export const MAX_DIAGNOSTICS = 400;
/** Characters of an expression: real FHIRPaths are far shorter; only an element name from the body could make one longer. */
export const MAX_EXPRESSION = 1000;

/**
 * A value from the message as a diagnostic may quote it: at most `max` characters, the cut marked by an
 * ellipsis (issue 9: a 3 MB code quoted in every finding made answers of gigabytes).
 */
export function excerpt(value: string, max: number = MAX_QUOTED): string {
  return value.length > max ? cut(value, max) : value;
}

/** The first `max - 1` characters and an ellipsis, never splitting a surrogate pair. */
function cut(text: string, max: number): string {
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** What a rule returns when it finds nothing: one frozen list, so a clean message allocates none. */
export const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

export function isBlocking(finding: Finding): boolean {
  return finding.severity === 'error' || finding.severity === 'fatal';
}
