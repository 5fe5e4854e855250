/**
 * The report's backlog section (issue 15, item 2): live, as the queue stands when the report is
 * asked, not a figure of the period (a queue has no history to sum). A participant's own report
 * shows only its own queue.
 */
import type { BacklogFigures, BacklogRow, ReportScope, ReportSource } from './report-types.js';

export async function buildBacklog(source: Pick<ReportSource, 'queue'>, scope: ReportScope, now: number): Promise<BacklogFigures> {
  const mine = (recipient: string): boolean => scope.kind === 'sector' || recipient === scope.licence;
  const [queues, dead] = await Promise.all([source.queue.queueReport(), source.queue.deadLetters(scope.kind === 'sector' ? undefined : scope.licence)]);
  const rows = new Map<string, { queued: number; available: number; oldestAgeMs: number | null; deadLetters: number }>();
  for (const q of queues) {
    if (!mine(q.recipient)) continue;
    rows.set(q.recipient, { queued: q.depth, available: q.available, oldestAgeMs: q.oldestEnqueuedAt === undefined ? null : Math.max(0, now - q.oldestEnqueuedAt), deadLetters: 0 });
  }
  for (const letter of dead) {
    if (!mine(letter.recipient)) continue;
    const row = rows.get(letter.recipient) ?? { queued: 0, available: 0, oldestAgeMs: null, deadLetters: 0 };
    row.deadLetters += 1;
    rows.set(letter.recipient, row);
  }
  const recipients: BacklogRow[] = [...rows].sort(([a], [b]) => (a < b ? -1 : 1)).map(([recipient, row]) => ({ recipient, ...row }));
  return {
    at: new Date(now).toISOString(),
    queued: recipients.reduce((n, r) => n + r.queued, 0),
    deadLetters: recipients.reduce((n, r) => n + r.deadLetters, 0),
    recipients,
  };
}
