/**
 * `beyond-preauth` (issue 14, item 5): a claim that bills more than its prior authorization
 * approved: a service the authorization did not approve, more units of a service than it approved,
 * or a service date outside the authorized period (`ClaimResponse.preAuthPeriod`).
 *
 * The authorization is found the way the payer would: the claim's `insurance.preAuthRef` is the
 * payer's `ClaimResponse.preAuthRef`, so the candidates are this patient's prior authorizations
 * from the same provider to the same payer in the history window, and the one whose recorded
 * answer carries that reference is it. Their decisions are store reads, made only for a claim that
 * names a preAuthRef. A reference the history does not hold (another patient, older than the
 * window, not yet answered) says nothing: the family only judges authorizations it has seen.
 * Limit: quantities are compared with this claim alone, not with what earlier claims already used.
 */
import type { RiskHistoryItem } from '../../../store/risk-history.js';
import type { ClaimLine } from '../../claim-facts.js';
import { baseConfig, dateText, numberField, type Detection, type EarlierDecision, type FamilyConfig, type FamilyContext, type FwaFamily } from '../family.js';

interface BeyondPreauthConfig extends FamilyConfig {
  readonly windowDays: number;
}

interface Authorization {
  readonly earlier: RiskHistoryItem;
  readonly decision: EarlierDecision;
}

/** The recorded prior authorizations whose answer carries one of the claim's preAuthRefs. */
async function authorizationsOf(ctx: FamilyContext): Promise<Authorization[]> {
  const refs = new Set(ctx.facts.preAuthRefs);
  const messages = new Map<string, RiskHistoryItem>();
  for (const h of ctx.history) {
    if (h.event === 'priorauth-request' && h.sender === ctx.sender && h.recipient === ctx.recipient) messages.set(`${h.sender}\u0000${h.headerId}`, h);
  }
  const found: Authorization[] = [];
  // Newest first: the decision reads are bounded per message (earlier-decision.ts), and a claim's
  // authorization is usually its latest.
  for (const earlier of [...messages.values()].reverse()) {
    const decision = await ctx.decisionOf(earlier);
    if (decision?.preAuthRef !== undefined && refs.has(decision.preAuthRef)) found.push({ earlier, decision });
  }
  return found;
}

/** Units billed per service in this claim, with the first line of each (for the detail). */
function billedPerService(lines: readonly ClaimLine[]): Map<string, { line: ClaimLine; quantity: number }> {
  const out = new Map<string, { line: ClaimLine; quantity: number }>();
  for (const line of lines) {
    const seen = out.get(line.service);
    out.set(line.service, { line: seen?.line ?? line, quantity: (seen?.quantity ?? 0) + line.quantity });
  }
  return out;
}

function serviceFindings(ctx: FamilyContext, approved: readonly Authorization[], config: BeyondPreauthConfig): Detection[] {
  // Without the requests' items (archive pruned) the services and quantities cannot be judged.
  const known = approved.map((a) => a.decision.approvedQuantities).filter((q): q is ReadonlyMap<string, number> => q !== undefined);
  if (known.length === 0) return [];
  const earlier = approved[0]!.earlier;
  const found: Detection[] = [];
  for (const [service, { line, quantity }] of billedPerService(ctx.facts.lines)) {
    const allowed = known.reduce((sum, q) => sum + (q.get(service) ?? 0), 0);
    if (allowed <= 0) found.push({ family: 'beyond-preauth', severity: config.severity, detail: `Service ${line.code} is billed under a prior authorization that did not approve it (message ${earlier.bundleId}).`, earlier });
    else if (quantity > allowed) found.push({ family: 'beyond-preauth', severity: config.severity, detail: `${quantity} units of ${line.code} billed; the prior authorization approved ${allowed} (message ${earlier.bundleId}).`, earlier });
  }
  return found;
}

function periodFindings(ctx: FamilyContext, approved: readonly Authorization[], config: BeyondPreauthConfig): Detection[] {
  const periods = approved.map((a) => a.decision.period).filter((p): p is readonly [number, number] => p !== undefined);
  if (periods.length === 0) return [];
  const earlier = approved[0]!.earlier;
  const outside = ctx.facts.lines.filter((l) => !periods.some(([from, to]) => l.day >= from && l.day <= to));
  return outside.map((l) => ({
    family: 'beyond-preauth' as const,
    severity: config.severity,
    detail: `Service ${l.code} on ${dateText(l.day)} is outside the authorized period ${periods.map(([from, to]) => `${dateText(from)} to ${dateText(to)}`).join(', ')} (message ${earlier.bundleId}).`,
    earlier,
  }));
}

export const beyondPreauth: FwaFamily<BeyondPreauthConfig> = {
  id: 'beyond-preauth',
  compile: (data, file) => ({ ...baseConfig(data, file, 'moderate'), windowDays: numberField(data, 'windowDays', file, 180) }),
  windowDays: (config) => config.windowDays,
  async check(ctx, config): Promise<Detection[]> {
    if (ctx.event !== 'claim-request' || ctx.facts.preAuthRefs.length === 0) return [];
    const authorizations = await authorizationsOf(ctx);
    if (authorizations.length === 0) return [];
    const approved = authorizations.filter((a) => a.decision.outcome === 'approved');
    if (approved.length === 0) {
      const { earlier } = authorizations[0]!;
      return [{ family: 'beyond-preauth', severity: config.severity, detail: `The claim is billed under a prior authorization the payer rejected (message ${earlier.bundleId}).`, earlier }];
    }
    return [...serviceFindings(ctx, approved, config), ...periodFindings(ctx, approved, config)];
  },
};
