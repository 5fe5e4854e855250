/**
 * Why a push attempt failed, as values with stable codes: they are logged, counted and shown in
 * stats, never thrown at the caller (a failed attempt is routine; the message stays queued).
 */

export const PUSH_FAILURES = {
  /** No answer within the attempt timeout. */
  timeout: 'WASL_ERR_PUSH_TIMEOUT',
  /** Connection refused or reset, DNS failure, TLS failure: the request never got an HTTP answer. */
  network: 'WASL_ERR_PUSH_NETWORK',
  /** The payer answered with a status outside 2xx. */
  status: 'WASL_ERR_PUSH_STATUS',
  /** The payer's answer was larger than a message may be (BV-00076's 10 MB by default). */
  tooLarge: 'WASL_ERR_PUSH_ANSWER_TOO_LARGE',
  /** The gateway is shutting down: not the payer's fault, not counted against it. */
  aborted: 'WASL_ERR_PUSH_ABORTED',
} as const;

export type PushFailureCode = (typeof PUSH_FAILURES)[keyof typeof PUSH_FAILURES];

export interface PushFailure {
  readonly code: PushFailureCode;
  /** The payer's HTTP status, for `WASL_ERR_PUSH_STATUS`. */
  readonly status?: number;
  /** Short technical detail (an error name or message); never message content. */
  readonly detail?: string;
}

/** Options that cannot work together (e.g. a lease shorter than one attempt). */
export class PushConfigError extends Error {
  readonly code = 'WASL_ERR_PUSH_CONFIG';
  constructor(readonly option: string, problem: string) {
    super(`${option}: ${problem}`);
    this.name = 'PushConfigError';
  }
}
