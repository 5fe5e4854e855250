/** The account of a simulation run (`simulate()` returns it, `wasl simulate` prints it). No patient data. */
import type { MessageKind, PlannedMessage, SimEvent } from './generate.js';
import type { ReadAnswer } from './outcome.js';

export interface SentResult extends ReadAnswer {
  readonly index: number;
  readonly event: SimEvent;
  readonly kind: MessageKind;
  readonly template: string;
  readonly sender: string;
  readonly receiver: string;
  readonly bundleId: string;
  readonly claimIdentifier: string;
  readonly status: number;
  /** The message as sent (JSON text): the learning tests read what they sent. */
  readonly body: string;
}

export interface SimulationSummary {
  /** Messages sent, answered or not. */
  readonly sent: number;
  /** Of those answered, per event and per kind. */
  readonly byEvent: Readonly<Partial<Record<SimEvent, number>>>;
  readonly byKind: Readonly<Record<MessageKind, number>>;
  /** Accepted by the gateway: queued for the payer, or answered by it in the synchronous window. */
  readonly accepted: number;
  /** Rejected by the gateway's validation (level 2) or refused before it (HTTP error, level 1). */
  readonly rejected: number;
  /** Rejection codes, most frequent first (at most 10). */
  readonly topCodes: readonly { readonly code: string; readonly count: number }[];
  readonly queued: number;
  readonly answered: number;
  /** The payers' adjudication-outcome of the answered ones. */
  readonly adjudication: Readonly<Record<string, number>>;
  /** Messages that got no HTTP answer at all (the gateway unreachable). */
  readonly failed: number;
  readonly durationMs: number;
  readonly results: readonly SentResult[];
}

export function summarise(results: readonly SentResult[], failed: number, durationMs: number): SimulationSummary {
  const count = <K extends string>(keys: K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const byEvent: Partial<Record<SimEvent, number>> = {};
  const byKind = count<MessageKind>(['new', 'duplicate', 'resend']);
  const codes = new Map<string, number>();
  const adjudication: Record<string, number> = {};
  let accepted = 0;
  let queued = 0;
  let answered = 0;
  for (const r of results) {
    byEvent[r.event] = (byEvent[r.event] ?? 0) + 1;
    byKind[r.kind] += 1;
    if (r.outcome === 'queued' || r.outcome === 'answered') accepted += 1;
    if (r.outcome === 'queued') queued += 1;
    if (r.outcome === 'answered') {
      answered += 1;
      if (r.adjudication) adjudication[r.adjudication] = (adjudication[r.adjudication] ?? 0) + 1;
    }
    for (const code of new Set(r.codes)) codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  const topCodes = [...codes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([code, n]) => ({ code, count: n }));
  return { sent: results.length + failed, byEvent, byKind, accepted, rejected: results.length - accepted, topCodes, queued, answered, adjudication, failed, durationMs, results };
}

export function formatSummary(s: SimulationSummary): string {
  const share = (n: number) => (s.sent === 0 ? '0' : ((100 * n) / s.sent).toFixed(1));
  const list = (record: Readonly<Record<string, number | undefined>>) => Object.entries(record).map(([k, v]) => `${k} ${v ?? 0}`).join(', ');
  return [
    `sent ${s.sent} in ${(s.durationMs / 1000).toFixed(1)} s (${list(s.byEvent)}; ${list(s.byKind)})`,
    `accepted ${s.accepted} (${share(s.accepted)} %): queued ${s.queued}, answered ${s.answered}${s.answered > 0 ? ` (${list(s.adjudication)})` : ''}`,
    `rejected ${s.rejected} (${share(s.rejected)} %)${s.topCodes.length > 0 ? `: ${s.topCodes.map((c) => `${c.code} ×${c.count}`).join(', ')}` : ''}`,
    ...(s.failed > 0 ? [`no answer (gateway unreachable): ${s.failed}`] : []),
  ].join('\n');
}

export type { PlannedMessage };
