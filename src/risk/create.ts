/**
 * Builds the risk stage from the data and the store (issue 14): the FWA families and their code
 * system from `schemas/risk/`, the approval scorer from `<dataDir>/models/` (the built-in prior
 * until a model is promoted), history and earlier decisions from the store.
 */
import type { KeyedIdentifierHash } from '../routing/ledger-note.js';
import type { RiskHistory } from '../store/risk-history.js';
import { loadApprovalScorer } from './approval/scorer.js';
import type { EarlierMessages } from './earlier-decision.js';
import { loadFwaCodeSystem } from './fwa-code-system.js';
import { loadFwaDetector } from './fwa/detector.js';
import { RiskStage } from './risk-stage.js';

export interface RiskStageSetup {
  readonly dataDir: string;
  readonly schemasDir: string;
  readonly baseUrl: string;
  readonly store: RiskHistory & EarlierMessages;
  readonly identifierHash: KeyedIdentifierHash;
  /** Where a failed check (and an unreadable promoted model) is reported: the gateway's log. */
  readonly onError?: (problem: unknown, check: string) => void;
}

export function createRiskStage(setup: RiskStageSetup): RiskStage {
  return new RiskStage({
    history: setup.store,
    exchanges: setup.store,
    detector: loadFwaDetector(setup.schemasDir),
    scorer: loadApprovalScorer(setup.dataDir, { schemasDir: setup.schemasDir, ...(setup.onError ? { onError: (problem: unknown) => setup.onError!(problem, 'model') } : {}) }),
    codes: loadFwaCodeSystem(setup.schemasDir),
    baseUrl: setup.baseUrl,
    identifierHash: setup.identifierHash,
    ...(setup.onError ? { onError: setup.onError } : {}),
  });
}
