/**
 * `unbundling` (issue 14, item 5): a comprehensive service and one of its components billed for
 * the same patient on the same day (in this claim, or this provider's earlier claim that day),
 * where the comprehensive code already pays for the component. The pairs are data
 * (`schemas/risk/fwa/unbundling.json`), in the spirit of NPHIES's AD-3-2 "Use bundled code".
 */
import { baseConfig, codeOf, dateText, RiskConfigError, serviceMatches, tableField, type Detection, type FamilyConfig, type FwaFamily } from '../family.js';

interface Pair {
  readonly comprehensive: string;
  readonly component: string;
}

interface UnbundlingConfig extends FamilyConfig {
  readonly pairs: readonly Pair[];
}

export const unbundling: FwaFamily<UnbundlingConfig> = {
  id: 'unbundling',
  compile(data, file) {
    const pairs = tableField(data, 'pairs', file).map((row, i): Pair => {
      if (typeof row.comprehensive !== 'string' || typeof row.component !== 'string') throw new RiskConfigError(file, `pairs[${i}] needs comprehensive and component codes`);
      return { comprehensive: row.comprehensive, component: row.component };
    });
    return { ...baseConfig(data, file, 'moderate'), pairs };
  },
  windowDays: () => 0,
  check(ctx, config): Detection[] {
    if (ctx.event !== 'claim-request') return [];
    // This claim's lines and the same provider's earlier claim lines, by day.
    const earlier = ctx.history.filter((h) => h.event === 'claim-request' && h.sender === ctx.sender);
    const found: Detection[] = [];
    for (const pair of config.pairs) {
      for (const line of ctx.facts.lines) {
        const isComprehensive = serviceMatches(pair.comprehensive, line.service, line.code);
        const isComponent = serviceMatches(pair.component, line.service, line.code);
        if (!isComprehensive && !isComponent) continue;
        const wanted = isComprehensive ? pair.component : pair.comprehensive;
        const inClaim = ctx.facts.lines.some((other) => other !== line && other.day === line.day && serviceMatches(wanted, other.service, other.code));
        // Within this claim each pair is reported once, from its comprehensive line.
        if (inClaim && isComprehensive) {
          found.push({ family: 'unbundling', severity: config.severity, detail: `Component ${pair.component} is billed with comprehensive ${pair.comprehensive} on ${dateText(line.day)} in this claim.` });
          continue;
        }
        if (inClaim) continue;
        const before = earlier.find((h) => h.day === line.day && serviceMatches(wanted, h.service, codeOf(h.service)));
        if (before) {
          found.push({ family: 'unbundling', severity: config.severity, detail: `Component ${pair.component} and comprehensive ${pair.comprehensive} are billed on ${dateText(line.day)} in two claims of this provider (the other: message ${before.bundleId}).`, earlier: before });
        }
      }
    }
    return found;
  },
};
