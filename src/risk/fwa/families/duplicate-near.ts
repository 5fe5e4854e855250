/**
 * `duplicate-near` (issue 14, item 5): the same patient and service billed again within a window
 * of days, by this or (when `acrossProviders`) another provider, under another identifier and
 * without `Claim.related`. Exact duplicates are left to `duplicate-exact`. An earlier message to
 * another payer is named only by its family and day: its ids are not this payer's to see.
 */
import { baseConfig, dateText, earlierOfSameEvent, numberField, type Detection, type FamilyConfig, type FwaFamily } from '../family.js';
import { exactMatches } from './duplicate-exact.js';

interface NearConfig extends FamilyConfig {
  readonly windowDays: number;
  readonly acrossProviders: boolean;
}

export const duplicateNear: FwaFamily<NearConfig> = {
  id: 'duplicate-near',
  compile: (data, file) => ({ ...baseConfig(data, file, 'moderate'), windowDays: numberField(data, 'windowDays', file, 3), acrossProviders: data.acrossProviders !== false }),
  windowDays: (config) => config.windowDays,
  check(ctx, config): Detection[] {
    if (ctx.facts.related) return [];
    const exact = exactMatches(ctx);
    const found = new Map<string, Detection>();
    for (const line of ctx.facts.lines) {
      for (const h of earlierOfSameEvent(ctx)) {
        const key = `${h.sender}\u0000${h.headerId}`;
        if (exact.has(key) || found.has(key) || h.identifier === ctx.facts.identifier && h.sender === ctx.sender) continue;
        if (h.service !== line.service || Math.abs(h.day - line.day) > config.windowDays) continue;
        if (h.sender !== ctx.sender && !config.acrossProviders) continue;
        const who = h.sender === ctx.sender ? 'this provider' : 'another provider';
        found.set(key, {
          family: 'duplicate-near',
          severity: config.severity,
          detail: `Service ${line.code} on ${dateText(line.day)} was already billed for this patient by ${who} on ${dateText(h.day)}, within ${config.windowDays} days.`,
          earlier: h,
        });
      }
    }
    return [...found.values()];
  },
};
