/**
 * What the gateway constructs to keep projections current (issue 11, item 7): open the
 * projection store beside the gateway store, then one LedgerReader per projection, following.
 *
 *   const projections = await openProjections({ dataDir, redisUrl, redisPrefix });
 *   const follower = new LedgerReader({ ledger: storage.store, projections, projection: dailyCountsProjection })
 *     .follow({ log: app.log, intervalMs: 1000 });
 *   // on close: await follower.stop(); await projections.close(); then the storage.
 */
export { openProjections, type OpenProjectionsOptions } from '../store/open-projections.js';
export type { ProjectionStore } from '../store/projection-port.js';
export { DAILY_COUNTS, dailyCounts, dailyCountsProjection, InvalidDayError, ruleCodeCounts, type DailyCountRow, type DailyCountsQuery, type RuleCodeCountRow } from './daily-counts.js';
export type { Projection } from './projection.js';
export { LedgerReader, type CatchUpResult, type Follower, type FollowOptions, type LedgerReaderOptions, type LedgerSource, type ReaderLog } from './reader.js';
