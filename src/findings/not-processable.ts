/**
 * The one error class of the message path: a message that cannot be processed at all
 * (SPEC section 4, level 1). It carries findings, never a string; the HTTP layer turns it
 * into a bare OperationOutcome with the status the code catalogue gives.
 */
import type { Finding } from './finding.js';

export class NotProcessable extends Error {
  readonly findings: readonly Finding[];
  /** Seconds, for 429 and 503. */
  readonly retryAfter: number | undefined;

  constructor(findings: readonly Finding[], retryAfter?: number) {
    super(findings.map((f) => f.code).join(', '));
    this.name = 'NotProcessable';
    this.findings = findings;
    this.retryAfter = retryAfter;
  }

  get code(): string {
    return this.findings[0]?.code ?? 'WASL_ERR_INTERNAL';
  }
}

export function notProcessable(code: string, expression?: string, diagnostics?: string, retryAfter?: number): NotProcessable {
  return new NotProcessable(
    [{ code, severity: 'error', ...(expression ? { expression } : {}), ...(diagnostics ? { diagnostics } : {}) }],
    retryAfter,
  );
}
