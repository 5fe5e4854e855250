/**
 * Dates as the dashboard shows them: Gregorian and Hijri side by side (issue 15, item 4). The
 * Hijri calendar is Umm al-Qura, the Kingdom's official one, through Intl (Node and Chromium carry
 * full ICU). Days are the report's UTC day keys, so they are formatted in UTC: formatting a UTC
 * midnight in Riyadh time would still give the same day, but a UTC day must never shift.
 */
import type { Language } from './labels.js';

const LOCALES: Readonly<Record<Language, { gregorian: string; hijri: string }>> = {
  en: { gregorian: 'en-GB-u-ca-gregory', hijri: 'en-u-ca-islamic-umalqura' },
  ar: { gregorian: 'ar-SA-u-ca-gregory-nu-latn', hijri: 'ar-SA-u-ca-islamic-umalqura' },
};

const DAY = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } as const;
const MOMENT = { ...DAY, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

const cache = new Map<string, Intl.DateTimeFormat>();
function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let made = cache.get(key);
  if (!made) cache.set(key, (made = new Intl.DateTimeFormat(locale, options)));
  return made;
}

export interface TwoCalendars {
  readonly gregorian: string;
  readonly hijri: string;
}

/** A day key (`2026-12-06`) or an ISO instant, in both calendars. */
export function bothCalendars(when: string, language: Language, withTime = false): TwoCalendars {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(when) ? `${when}T00:00:00Z` : when);
  if (Number.isNaN(date.getTime())) return { gregorian: when, hijri: '' };
  const options = withTime ? MOMENT : DAY;
  return { gregorian: format(LOCALES[language].gregorian, options).format(date), hijri: format(LOCALES[language].hijri, options).format(date) };
}
