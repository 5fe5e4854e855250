/**
 * Numbers as the dashboard shows them. Latin digits in both languages (`-u-nu-latn`): licences,
 * codes and amounts in the messages are written with them, and a regulator comparing the page with
 * the JSON or CSV reads the same digits. Shares are fractions in the report and percentages here.
 */
import type { Language } from './labels.js';

export type Unit = 'count' | 'share' | 'ms';

const LOCALE: Readonly<Record<Language, string>> = { en: 'en-GB', ar: 'ar-SA-u-nu-latn' };

const formats = new Map<string, Intl.NumberFormat>();
function formatter(language: Language, unit: Unit): Intl.NumberFormat {
  const key = `${language}|${unit}`;
  let made = formats.get(key);
  if (!made) {
    const options: Intl.NumberFormatOptions = unit === 'share' ? { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 } : { maximumFractionDigits: unit === 'ms' ? 0 : 2 };
    formats.set(key, (made = new Intl.NumberFormat(LOCALE[language], options)));
  }
  return made;
}

/** `null` (a share of nothing, a percentile of no answer) is shown as a dash, never as 0. */
export function formatNumber(value: number | null, unit: Unit, language: Language): string {
  return value === null ? '–' : formatter(language, unit).format(value);
}
