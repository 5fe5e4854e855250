/**
 * The answer recorded for a request a provider waits on, read from the store: what an answer
 * waiter falls back to when the request was claimed by another instance or process and the
 * hand-over hint did not arrive. Waiter keys are `<sender>\u0000<MessageHeader.id>`
 * (routing/exchange.ts `waiterKey`).
 */
import type { MessageStore, StoredMessage } from './ports.js';

export async function recordedAnswer(store: Pick<MessageStore, 'findExchange'>, key: string): Promise<StoredMessage | undefined> {
  const separator = key.indexOf('\u0000');
  if (separator < 0) return undefined;
  const record = await store.findExchange(key.slice(0, separator), key.slice(separator + 1));
  return record?.state === 'answered' ? record.answer : undefined;
}

export interface ClaimedAnswerWait {
  readonly key: string;
  readonly graceMs: number;
  readonly readMs: number;
  /** False once the waiter was settled otherwise (the hand-over arrived, shutdown): stop reading. */
  readonly stillWaiting: () => boolean;
  /** Each pause's timer, so whoever settles the waiter can clear it. */
  readonly onTimer: (timer: NodeJS.Timeout) => void;
  readonly recordedAnswer: (key: string) => Promise<StoredMessage | undefined>;
}

/**
 * A waiter whose request another instance or process claimed: its answer is on its way (a hint
 * over pub/sub or IPC), and is also read from the store every `readMs` for `graceMs`, in case the
 * hint was lost. Resolves with what to settle the waiter with, or `'gone'` when it was settled
 * meanwhile. Shared by the Redis and cluster answer waiters.
 */
export async function awaitClaimedAnswer(wait: ClaimedAnswerWait): Promise<StoredMessage | undefined | 'gone'> {
  const deadline = Date.now() + wait.graceMs;
  while (wait.stillWaiting()) {
    const remaining = deadline - Date.now();
    await new Promise<void>((resolve) => wait.onTimer(setTimeout(resolve, Math.max(0, Math.min(wait.readMs, remaining)))));
    if (!wait.stillWaiting()) return 'gone';
    const recorded = await wait.recordedAnswer(wait.key).catch(() => undefined);
    if (recorded || Date.now() >= deadline) return recorded;
  }
  return 'gone';
}
