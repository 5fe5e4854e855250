/**
 * FHIR date, dateTime and instant values as the date rules compare them.
 *
 * NPHIES compares at the precision both values share: `2021-08-29` (a Claim.created date) is
 * "on or before" `2021-08-29T14:56:49+03:00`, because only the day is known on one side. Values
 * with a time are compared as instants. The gateway's clock may differ from a sender's by
 * ±15 minutes (implementation guide), so "not in the future" allows that skew.
 */
export const CLOCK_SKEW_MS = 15 * 60 * 1000;
/** Saudi Arabia keeps UTC+03:00 all year: the day a date-only value names is a Riyadh day. */
const RIYADH_OFFSET_MS = 3 * 60 * 60 * 1000;

export interface FhirDate {
  readonly text: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: the calendar part as written (local to its offset). */
  readonly day: string;
  /** Epoch ms when a time is given (a missing offset is read as Riyadh time). */
  readonly instant: number | undefined;
}

export function parseDate(value: unknown): FhirDate | undefined {
  if (typeof value !== 'string') return undefined;
  const shape = shapeOf(value);
  if (shape === NOT_A_DATE) return undefined;
  // The calendar part is a prefix of the text.
  const dayLength = shape & DAY_LENGTH;
  const day = dayLength === value.length ? value : value.slice(0, dayLength);
  if ((shape & TIME) === 0) return { text: value, day, instant: undefined };
  const instant = Date.parse(instantText(value, shape));
  return { text: value, day, instant: Number.isNaN(instant) ? undefined : instant };
}

/**
 * The text Date.parse reads: seconds default to `:00` and a missing offset to Riyadh's. A value
 * with both (the usual case) is read as written, without building a new string.
 */
function instantText(value: string, shape: number): string {
  const zone = (shape & ZONE) !== 0;
  if ((shape & SECONDS) !== 0) return zone ? value : `${value}+03:00`;
  // `YYYY-MM-DDThh:mm` is 16 characters; fractions need seconds, so only an offset may follow.
  return `${value.slice(0, 16)}:00${zone ? value.slice(16) : '+03:00'}`;
}

/** The time is given to the second (BV-00810, BV-00811, BV-00828). */
export function hasSeconds(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const shape = shapeOf(value);
  return shape !== NOT_A_DATE && (shape & SECONDS) !== 0;
}

/** A dateTime by its shape: a full date, `T` and a time to the minute at least (BV-00265). */
export function isDateTimeText(value: string): boolean {
  const shape = shapeOf(value);
  return shape !== NOT_A_DATE && (shape & TIME) !== 0;
}

/*
 * What `shapeOf` answers: NOT_A_DATE, or the length of the calendar part (4, 7 or 10) with flags
 * for what follows it. The grammar is FHIR's, as the pattern
 *   ^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$
 * writes it; read by hand because this runs for every date of every message, and that pattern's
 * captures would make up to eight strings per value.
 */
const NOT_A_DATE = -1;
const DAY_LENGTH = 0x0f;
const TIME = 0x10;
const SECONDS = 0x20;
const ZONE = 0x40;

const DASH = 45;
const PLUS = 43;
const DOT = 46;
const COLON = 58;
const T = 84;
const Z = 90;

function shapeOf(text: string): number {
  const length = text.length;
  if (length < 4 || !digits(text, 0, 4)) return NOT_A_DATE;
  if (length === 4) return 4;
  if (length < 7 || text.charCodeAt(4) !== DASH || !digits(text, 5, 2)) return NOT_A_DATE;
  if (length === 7) return 7;
  if (length < 10 || text.charCodeAt(7) !== DASH || !digits(text, 8, 2)) return NOT_A_DATE;
  if (length === 10) return 10;
  if (length < 16 || text.charCodeAt(10) !== T || !digits(text, 11, 2) || text.charCodeAt(13) !== COLON || !digits(text, 14, 2)) return NOT_A_DATE;
  let shape = 10 | TIME;
  let at = 16;
  if (at < length && text.charCodeAt(at) === COLON) {
    if (at + 3 > length || !digits(text, at + 1, 2)) return NOT_A_DATE;
    shape |= SECONDS;
    at += 3;
    if (at < length && text.charCodeAt(at) === DOT) {
      let end = at + 1;
      while (end < length && isDigit(text.charCodeAt(end))) end++;
      if (end === at + 1) return NOT_A_DATE;
      at = end;
    }
  }
  if (at === length) return shape;
  const sign = text.charCodeAt(at);
  if (sign === Z) return at + 1 === length ? shape | ZONE : NOT_A_DATE;
  if ((sign === PLUS || sign === DASH) && at + 6 === length && digits(text, at + 1, 2) && text.charCodeAt(at + 3) === COLON && digits(text, at + 4, 2)) return shape | ZONE;
  return NOT_A_DATE;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `count` ASCII digits from `from` (the caller has checked the text is long enough). */
function digits(text: string, from: number, count: number): boolean {
  for (let i = from; i < from + count; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** Negative when `a` is before `b`, 0 when equal at the shared precision, positive after. */
export function compareDates(a: FhirDate, b: FhirDate): number {
  if (a.instant !== undefined && b.instant !== undefined) return Math.sign(a.instant - b.instant);
  const length = Math.min(a.day.length, b.day.length);
  const left = a.day.length === length ? a.day : a.day.slice(0, length);
  const right = b.day.length === length ? b.day : b.day.slice(0, length);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** `value` is later than the gateway's clock plus the allowed skew (a date: later than today in Riyadh). */
export function isInFuture(value: FhirDate, now: number): boolean {
  const limit = now + CLOCK_SKEW_MS;
  if (value.instant !== undefined) return value.instant > limit;
  const today = riyadhDay(limit);
  return value.day > (value.day.length === today.length ? today : today.slice(0, value.day.length));
}

const DAY_MS = 86_400_000;

// Several rules of a message ask for "today", at clock readings a few microseconds apart: the day
// is formatted once and reused while the readings fall in it (a pure function of the clock, not
// of any message).
let lastDayStart = Number.NaN;
let lastDay = '';

/** `YYYY-MM-DD` of the Riyadh day holding the instant `ms`. */
function riyadhDay(ms: number): string {
  // Whole milliseconds, as a Date keeps them, so the reused day is the one a Date would give.
  const shifted = Math.trunc(ms + RIYADH_OFFSET_MS);
  if (!(shifted >= lastDayStart && shifted < lastDayStart + DAY_MS)) {
    lastDay = new Date(shifted).toISOString().slice(0, 10);
    lastDayStart = Math.floor(shifted / DAY_MS) * DAY_MS;
  }
  return lastDay;
}

/** Whole days from `from` to `to` (calendar days, ignoring the time of day). */
export function daysBetween(from: FhirDate, to: FhirDate): number | undefined {
  if (from.day.length < 10 || to.day.length < 10) return undefined;
  return Math.round((Date.parse(`${to.day}T00:00:00Z`) - Date.parse(`${from.day}T00:00:00Z`)) / DAY_MS);
}
