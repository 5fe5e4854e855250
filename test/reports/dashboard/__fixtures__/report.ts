/** A small ComplianceReport by hand: three days, two events, one rejection code, one payer. */
import type { ComplianceReport, HeadlineFigures, Ratio } from '../../../../src/reports/report-types.js';

const ratio = (numerator: number, denominator: number): Ratio => ({ numerator, denominator, rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000 });

function headline(accepted: number, rejected: number): HeadlineFigures {
  return {
    accepted,
    rejected,
    firstPass: ratio(accepted, accepted + rejected),
    mds: ratio(accepted, accepted + rejected),
    billingCodes: ratio(3, 4),
    dataQuality: ratio(Math.max(0, accepted - 1), accepted + rejected),
    turnaround: { answered: accepted, p50: accepted ? 200 : null, p90: accepted ? 1000 : null, p99: accepted ? 2000 : null },
    inWindow: ratio(accepted, accepted),
    priorauthsInWindow: ratio(1, 2),
    approved: ratio(1, 1),
    detectedIssues: 0,
  };
}

export const REPORT: ComplianceReport = {
  period: { from: '2026-12-04', to: '2026-12-06', days: ['2026-12-04', '2026-12-05', '2026-12-06'] },
  generatedAt: '2026-12-06T13:00:00.000Z',
  scope: { kind: 'sector' },
  language: 'en',
  totals: headline(12, 3),
  volumes: { byEvent: [{ event: 'claim-request', accepted: 7, rejected: 3, firstPass: ratio(7, 10) }, { event: 'priorauth-request', accepted: 5, rejected: 0, firstPass: ratio(5, 5) }] },
  rejections: { rejected: 3, topCodes: [{ code: { code: 'BV-00165', system: 'rule', display: 'Claim use <invalid>', displays: { en: 'Claim use <invalid>', ar: 'استخدام المطالبة غير صالح' } }, messages: 2, share: ratio(2, 3) }] },
  mds: { overall: ratio(12, 15), byEvent: [] },
  billingCodes: { overall: ratio(3, 4), byEvent: [], systems: [] },
  dataQuality: { clean: ratio(11, 15) },
  turnaround: { windowMs: 2000, boundsMs: [], overall: { answered: 12, p50: 200, p90: 1000, p99: 2000, inWindow: ratio(12, 12) }, rows: [{ payer: 'N-I-00001', event: 'claim-request', answered: 7, p50: 200, p90: 1000, p99: 2000, inWindow: ratio(7, 7) }] },
  adjudication: { priorauthsInWindow: ratio(1, 2), payers: [{ payer: 'N-I-00001', decided: 4, approved: ratio(3, 4), rejected: ratio(1, 4), reasons: [] }] },
  backlog: { at: '2026-12-06T13:00:00.000Z', queued: 2, deadLetters: 1, recipients: [{ recipient: 'N-F-00001', queued: 2, available: 2, oldestAgeMs: 1500, deadLetters: 1 }] },
  risk: { assessed: 0, detectedIssues: 0, byFamily: [], byProvider: [], byPayer: [], scores: [] },
  trend: [
    { day: '2026-12-04', ...headline(4, 1) },
    { day: '2026-12-05', ...headline(0, 0) },
    { day: '2026-12-06', ...headline(8, 2) },
  ],
};
