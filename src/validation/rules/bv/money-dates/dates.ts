/**
 * FHIR date, dateTime and instant values as the date rules compare them.
 *
 * NPHIES compares at the precision both values share: `2021-08-29` (a Claim.created date) is
 * "on or before" `2021-08-29T14:56:49+03:00`, because only the day is known on one side. Values
 * with a time are compared as instants. The gateway's clock may differ from a sender's by
 * ±15 minutes (implementation guide), so "not in the future" allows that skew.
 */
import { asString } from '../../../../fhir/json.js';

export const CLOCK_SKEW_MS = 15 * 60 * 1000;
/** Saudi Arabia keeps UTC+03:00 all year: the day a date-only value names is a Riyadh day. */
const RIYADH_OFFSET_MS = 3 * 60 * 60 * 1000;

const DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

export interface FhirDate {
  readonly text: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: the calendar part as written (local to its offset). */
  readonly day: string;
  /** Epoch ms when a time is given (a missing offset is read as Riyadh time). */
  readonly instant: number | undefined;
}

export function parseDate(value: unknown): FhirDate | undefined {
  const text = asString(value);
  if (text === undefined) return undefined;
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const day = [m[1], m[2], m[3]].filter((p) => p !== undefined).join('-');
  if (m[4] === undefined) return { text, day, instant: undefined };
  const offset = m[8] ?? '+03:00';
  const instant = Date.parse(`${day}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}${offset === 'Z' ? 'Z' : offset}`);
  return { text, day, instant: Number.isNaN(instant) ? undefined : instant };
}

/** Negative when `a` is before `b`, 0 when equal at the shared precision, positive after. */
export function compareDates(a: FhirDate, b: FhirDate): number {
  if (a.instant !== undefined && b.instant !== undefined) return Math.sign(a.instant - b.instant);
  const length = Math.min(a.day.length, b.day.length);
  const left = a.day.slice(0, length);
  const right = b.day.slice(0, length);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** `value` is later than the gateway's clock plus the allowed skew (a date: later than today in Riyadh). */
export function isInFuture(value: FhirDate, now: number): boolean {
  const limit = now + CLOCK_SKEW_MS;
  if (value.instant !== undefined) return value.instant > limit;
  const today = new Date(limit + RIYADH_OFFSET_MS).toISOString().slice(0, 10);
  return value.day > today.slice(0, value.day.length);
}

/** Whole days from `from` to `to` (calendar days, ignoring the time of day). */
export function daysBetween(from: FhirDate, to: FhirDate): number | undefined {
  if (from.day.length < 10 || to.day.length < 10) return undefined;
  return Math.round((Date.parse(`${to.day}T00:00:00Z`) - Date.parse(`${from.day}T00:00:00Z`)) / 86_400_000);
}

/** The time is given to the second (BV-00810, BV-00811, BV-00828). */
export function hasSeconds(value: unknown): boolean {
  const m = DATE_TIME.exec(asString(value) ?? '');
  return m !== null && m[6] !== undefined;
}
