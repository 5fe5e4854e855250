/**
 * `frequency-limit` (issue 14, item 5): a service billed for one patient more often than the
 * table allows in a period (e.g. one scaling every 180 days), counting every provider's earlier
 * claims on distinct days within the period before the day of service. Data:
 * `schemas/risk/fwa/frequency-limit.json`.
 */
import type { RiskHistoryItem } from '../../../store/risk-history.js';
import { baseConfig, codeOf, dateText, numberField, RiskConfigError, serviceMatches, tableField, type Detection, type FamilyConfig, type FwaFamily } from '../family.js';

interface Limit {
  readonly service: string;
  readonly max: number;
  readonly periodDays: number;
}

interface FrequencyConfig extends FamilyConfig {
  readonly limits: readonly Limit[];
}

export const frequencyLimit: FwaFamily<FrequencyConfig> = {
  id: 'frequency-limit',
  compile(data, file) {
    const limits = tableField(data, 'limits', file).map((row, i): Limit => {
      if (typeof row.service !== 'string') throw new RiskConfigError(file, `limits[${i}] needs a service code`);
      const where = `${file} limits[${i}]`;
      return { service: row.service, max: numberField(row, 'max', where, Number.NaN), periodDays: numberField(row, 'periodDays', where, Number.NaN) };
    });
    return { ...baseConfig(data, file, 'low'), limits };
  },
  windowDays: (config) => Math.max(0, ...config.limits.map((l) => l.periodDays)),
  check(ctx, config): Detection[] {
    if (ctx.event !== 'claim-request') return [];
    const found: Detection[] = [];
    const seen = new Set<string>();
    for (const line of ctx.facts.lines) {
      const limit = config.limits.find((l) => serviceMatches(l.service, line.service, line.code));
      if (!limit || seen.has(line.service)) continue;
      seen.add(line.service);
      const within = (h: RiskHistoryItem): boolean => h.event === 'claim-request' && h.day <= line.day && h.day > line.day - limit.periodDays && serviceMatches(limit.service, h.service, codeOf(h.service));
      const days = new Set(ctx.history.filter(within).map((h) => h.day));
      const count = days.size + 1;
      if (count <= limit.max) continue;
      found.push({ family: 'frequency-limit', severity: config.severity, detail: `${line.code} billed ${count} times for this patient in the ${limit.periodDays} days up to ${dateText(line.day)}; at most ${limit.max}.` });
    }
    return found;
  },
};
