/**
 * `provider-outlier` (issue 14, item 5): a unit price far above what the other providers bill for
 * the same service. The statistics (count, sum, sum of squares of billed unit prices, over every
 * provider and per provider) are kept incrementally in the store with each accepted claim, so the
 * check is one read, not a scan. The provider's own claims are taken out of the peer figures.
 */
import { baseConfig, numberField, type Detection, type FamilyConfig, type FwaFamily } from '../family.js';

interface OutlierConfig extends FamilyConfig {
  /** Fewest peer claims lines before a price is judged. */
  readonly minPeers: number;
  /** Standard deviations above the peer mean. */
  readonly zScore: number;
  /** And at least this multiple of the peer mean (a tight distribution makes small z meaningless). */
  readonly minRatio: number;
}

export const providerOutlier: FwaFamily<OutlierConfig> = {
  id: 'provider-outlier',
  usesPeerStats: true,
  compile: (data, file) => ({
    ...baseConfig(data, file, 'low'),
    minPeers: numberField(data, 'minPeers', file, 30),
    zScore: numberField(data, 'zScore', file, 3),
    minRatio: numberField(data, 'minRatio', file, 1.5),
  }),
  windowDays: () => 0,
  check(ctx, config): Detection[] {
    if (ctx.event !== 'claim-request') return [];
    const found: Detection[] = [];
    for (const line of ctx.facts.lines) {
      const stats = ctx.peers.find((p) => p.service === line.service);
      if (!stats || !(line.unitPrice > 0)) continue;
      const n = stats.all.n - stats.provider.n;
      if (n < config.minPeers) continue;
      const mean = (stats.all.sum - stats.provider.sum) / n;
      const variance = Math.max(0, (stats.all.sumSquares - stats.provider.sumSquares) / n - mean * mean);
      const sd = Math.sqrt(variance);
      if (line.unitPrice <= mean + config.zScore * sd || line.unitPrice < mean * config.minRatio) continue;
      found.push({
        family: 'provider-outlier',
        severity: config.severity,
        detail: `Unit price ${line.unitPrice} for ${line.code} is ${(line.unitPrice / mean).toFixed(1)} times the peer mean ${mean.toFixed(2)} (${n} lines from other providers).`,
      });
    }
    return found;
  },
};
