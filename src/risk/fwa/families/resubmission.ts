/**
 * `resubmission` (issue 14, item 5): a claim the payer already approved (or paid) sent again, as a
 * new claim with the same provider, patient, service and day of service, without a `Claim.related`
 * link to it. The earlier decision is read from the payer's recorded answer, only for lines that
 * match (a store read on the rare path, never on a clean claim).
 */
import type { RiskHistoryItem } from '../../../store/risk-history.js';
import { baseConfig, dateText, numberField, type Detection, type FamilyConfig, type FwaFamily } from '../family.js';

interface ResubmissionConfig extends FamilyConfig {
  readonly windowDays: number;
}

export const resubmission: FwaFamily<ResubmissionConfig> = {
  id: 'resubmission',
  compile: (data, file) => ({ ...baseConfig(data, file, 'high'), windowDays: numberField(data, 'windowDays', file, 0) }),
  windowDays: (config) => config.windowDays,
  async check(ctx, config): Promise<Detection[]> {
    if (ctx.facts.related || ctx.event !== 'claim-request') return [];
    const candidates = new Map<string, { earlier: RiskHistoryItem; code: string; day: number }>();
    for (const line of ctx.facts.lines) {
      for (const h of ctx.history) {
        if (h.event !== 'claim-request' || h.sender !== ctx.sender || h.identifier === ctx.facts.identifier) continue;
        if (h.service === line.service && Math.abs(h.day - line.day) <= config.windowDays) candidates.set(`${h.sender}\u0000${h.headerId}`, { earlier: h, code: line.code, day: line.day });
      }
    }
    const found: Detection[] = [];
    // Newest first: the decision reads are bounded per message (earlier-decision.ts).
    for (const { earlier, code, day } of [...candidates.values()].reverse()) {
      if ((await ctx.decisionOf(earlier))?.outcome !== 'approved') continue;
      found.push({
        family: 'resubmission',
        severity: config.severity,
        detail: `Service ${code} on ${dateText(day)} belongs to a claim the payer already approved (message ${earlier.bundleId}); this claim sends it again without Claim.related.`,
        earlier,
      });
    }
    return found;
  },
};
