/**
 * `quantity-limit` (issue 14, item 5): more units of a service on one day, for one patient, than
 * the table allows (this claim's lines that day plus every provider's earlier claims that day).
 * Limits are data (`schemas/risk/fwa/quantity-limit.json`).
 */
import { baseConfig, codeOf, dateText, numberField, RiskConfigError, serviceMatches, tableField, type Detection, type FamilyConfig, type FwaFamily } from '../family.js';

interface Limit {
  readonly service: string;
  readonly maxPerDay: number;
}

interface QuantityConfig extends FamilyConfig {
  readonly limits: readonly Limit[];
}

export const quantityLimit: FwaFamily<QuantityConfig> = {
  id: 'quantity-limit',
  compile(data, file) {
    const limits = tableField(data, 'limits', file).map((row, i): Limit => {
      if (typeof row.service !== 'string') throw new RiskConfigError(file, `limits[${i}] needs a service code`);
      return { service: row.service, maxPerDay: numberField(row, 'maxPerDay', `${file} limits[${i}]`, Number.NaN) };
    });
    return { ...baseConfig(data, file, 'moderate'), limits };
  },
  windowDays: () => 0,
  check(ctx, config): Detection[] {
    if (ctx.event !== 'claim-request') return [];
    const found: Detection[] = [];
    const seen = new Set<string>();
    for (const line of ctx.facts.lines) {
      const limit = config.limits.find((l) => serviceMatches(l.service, line.service, line.code));
      const key = `${line.service}\u0000${line.day}`;
      if (!limit || seen.has(key)) continue;
      seen.add(key);
      const here = ctx.facts.lines.filter((l) => l.service === line.service && l.day === line.day).reduce((sum, l) => sum + l.quantity, 0);
      const before = ctx.history.filter((h) => h.event === 'claim-request' && h.day === line.day && serviceMatches(limit.service, h.service, codeOf(h.service))).reduce((sum, h) => sum + h.quantity, 0);
      if (here + before <= limit.maxPerDay) continue;
      found.push({ family: 'quantity-limit', severity: config.severity, detail: `${here + before} units of ${line.code} billed for this patient on ${dateText(line.day)}; at most ${limit.maxPerDay} a day.` });
    }
    return found;
  },
};
