/**
 * The terminology port (SPEC section 5, layer 4): code systems and value sets loaded once at start
 * from `schemas/terminology/` and answered in O(1), shared by every message. Implemented in
 * `load.ts`; the profile layer and the rules only ever see this interface.
 */

/** What the gateway can say of a code. */
export type CodeVerdict =
  /** The code is in the code system / value set. */
  | 'known'
  /** The code system is loaded and the code is not in it. */
  | 'unknown-code'
  /**
   * The code system is licensed and not loaded (e.g. the Saudi Billing System without the
   * operator's file): the code was checked for shape only and must be flagged, never accepted silently.
   */
  | 'unverifiable'
  /** The code has the wrong shape for a system that is only shape-checked. */
  | 'bad-shape'
  /** Wasl has no data for this code system or value set at all. */
  | 'no-data';

export interface Terminology {
  /** Is `code` of `system` a member of the value set (canonical URL, with or without `|version`)? */
  checkValueSet(valueSetUrl: string, system: string | undefined, code: string): CodeVerdict;
  /**
   * `checkValueSet` with the value set looked up once, for a caller that judges many codes against the same value
   * sets (the profile layer's bindings, resolved at start). A port without it is asked `checkValueSet` instead.
   */
  valueSetJudge?(valueSetUrl: string): (system: string | undefined, code: string) => CodeVerdict;
  /** Is `code` defined by the code system (canonical URL)? */
  checkCodeSystem(systemUrl: string, code: string): CodeVerdict;
  /** Display text of a code, when known (English). */
  display(systemUrl: string, code: string): string | undefined;
  /** ICD-10 (the list NPHIES publishes as cause-of-death): is the code (with or without the dot) a known diagnosis? */
  isIcd10(code: string): boolean;
  /** Code systems and value sets loaded, with their sizes, for `wasl rules` and the README. */
  summary(): { codeSystems: number; valueSets: number; codes: number; unverifiable: string[] };
}
