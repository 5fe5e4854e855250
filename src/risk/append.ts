/**
 * Appends the gateway's own entries at the end of a message Bundle's `entry` array, as text (issue
 * 14, item 1). The sender's bytes are kept as they are up to the end of its last entry and after
 * the array's closing bracket: re-serialising would change their whitespace, escapes and number
 * spellings, and the payer could no longer see that everything before the appended entries is what
 * the provider sent. The spans are found by one linear scan (client/json-spans.ts), which resolves
 * a repeated `entry` key to its last occurrence, as `JSON.parse` did when the message was read.
 */
import { jsonSpan } from '../client/json-spans.js';

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** `raw` with `entries` (each a Bundle.entry object) after its last entry; `raw` itself when there is nothing to add. */
export function appendEntries(raw: string, entries: readonly Record<string, unknown>[]): string {
  if (entries.length === 0) return raw;
  const span = jsonSpan(raw, ['entry']);
  if (!span || raw[span.start] !== '[') throw new TypeError('the Bundle has no entry array');
  // Just after the last element (or the opening bracket of an empty array).
  let at = span.end - 1;
  while (at > span.start && SPACE.has(raw.charCodeAt(at - 1))) at--;
  const empty = at === span.start + 1;
  const text = entries.map((e) => JSON.stringify(e)).join(',');
  return `${raw.slice(0, at)}${empty ? '' : ','}${text}${raw.slice(at)}`;
}
