/**
 * `duplicate-exact` (issue 14, item 5): the same patient, provider, service, day, quantity and
 * amount billed again under a new business identifier, with no `Claim.related` link saying it
 * corrects the earlier one. A resend under the same identifier never gets here: idempotency answers
 * it first (SPEC section 6).
 */
import type { RiskHistoryItem } from '../../../store/risk-history.js';
import { baseConfig, dateText, earlierOfSameEvent, type Detection, type FamilyConfig, type FamilyContext, type FwaFamily } from '../family.js';

export function exactMatches(ctx: FamilyContext): Map<string, { earlier: RiskHistoryItem; service: string; day: number }> {
  const found = new Map<string, { earlier: RiskHistoryItem; service: string; day: number }>();
  if (ctx.facts.related) return found;
  const earlier = earlierOfSameEvent(ctx);
  for (const line of ctx.facts.lines) {
    for (const h of earlier) {
      if (h.sender !== ctx.sender || h.identifier === ctx.facts.identifier) continue;
      if (h.service === line.service && h.day === line.day && h.quantity === line.quantity && h.net === line.net) {
        found.set(`${h.sender}\u0000${h.headerId}`, { earlier: h, service: line.code, day: line.day });
      }
    }
  }
  return found;
}

export const duplicateExact: FwaFamily = {
  id: 'duplicate-exact',
  compile: (data, file): FamilyConfig => baseConfig(data, file, 'high'),
  windowDays: () => 0,
  check(ctx, config): Detection[] {
    return [...exactMatches(ctx).values()].map(({ earlier, service, day }) => ({
      family: 'duplicate-exact',
      severity: config.severity,
      detail: `Service ${service} on ${dateText(day)} with the same quantity and amount was already billed for this patient by this provider (message ${earlier.bundleId}) under another identifier, without Claim.related.`,
      earlier,
    }));
  },
};
