/** The traffic simulator's library surface (issue 14, item 4): `wasl simulate`, the tests and the bench use these. */
export { simulate, type SimulateOptions } from './run.js';
export { planTraffic, type MessageKind, type PlannedMessage, type SimEvent, type TrafficOptions } from './generate.js';
export { formatSummary, type SentResult, type SimulationSummary } from './summary.js';
export { loadCatalogue, type Catalogue } from './catalogue.js';
