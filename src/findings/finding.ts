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

/** Absent, not undefined, when there is no expression or diagnostics; built without spreads (rules make many). */
function finding(code: string, severity: Severity, expression: string | undefined, diagnostics: string | undefined): Finding {
  const made: { code: string; severity: Severity; expression?: string; diagnostics?: string } = { code, severity };
  if (expression) made.expression = expression;
  if (diagnostics) made.diagnostics = diagnostics;
  return made;
}

/** What a rule returns when it finds nothing: one frozen list, so a clean message allocates none. */
export const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

export function isBlocking(finding: Finding): boolean {
  return finding.severity === 'error' || finding.severity === 'fatal';
}
