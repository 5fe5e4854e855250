/**
 * The dashboard's default period: the thirty UTC days ending today, so a regulator who opens the
 * page sees the last month at once; the form and `?from=&to=` change it. The report builder checks
 * the period itself (its bounds are the same for the JSON routes, the page and `wasl report`).
 */
const DAY_MS = 86_400_000;
export const DEFAULT_PERIOD_DAYS = 30;

export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function defaultPeriod(now: number): { from: string; to: string } {
  return { from: utcDay(now - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS), to: utcDay(now) };
}

const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

/** A `YYYY-MM-DD` the page can put in a date input; anything else is left to the default. */
export function dayOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && DAY_KEY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? value : undefined;
}
