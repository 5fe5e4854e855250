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
