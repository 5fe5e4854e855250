/**
 * The duplicate and fraud-waste-abuse detector (issue 14, item 5): the families enabled by
 * `schemas/risk/fwa/*.json`, compiled once at start, run over one claim with one history read
 * (the patient's lines over the widest window any family needs) and, only when provider-outlier
 * runs, one read of the peer statistics.
 */
import { join } from 'node:path';
import { readJsonFolder } from '../../findings/data-dir.js';
import type { RiskHistory, RiskHistoryItem } from '../../store/risk-history.js';
import type { ClaimFacts } from '../claim-facts.js';
import { FAMILIES } from './families.js';
import { FAMILY_IDS, RiskConfigError, type Detection, type EarlierDecision, type FamilyConfig, type FamilyId, type FwaFamily } from './family.js';

interface Compiled {
  readonly family: FwaFamily<any>;
  readonly config: FamilyConfig;
}

export interface DetectRequest {
  readonly facts: ClaimFacts;
  readonly event: string;
  readonly sender: string;
  readonly recipient: string;
  readonly decisionOf: (item: RiskHistoryItem) => Promise<EarlierDecision | undefined>;
}

/**
 * The most history lines one claim is checked against: the latest of the window. Real patients
 * have tens of lines in a window; more is itself out of the ordinary, and reading them all on the
 * accept path let one hospital slow every claim of a patient it bills without end (the 10-minute
 * soak: 26 accepted/s and 9 GB resident, from the bench's few sample patients).
 */
export const MAX_HISTORY_LINES = 250;

export class FwaDetector {
  readonly #families: readonly Compiled[];
  readonly #windowDays: number;
  readonly #peers: boolean;

  constructor(families: readonly Compiled[]) {
    this.#families = families;
    this.#windowDays = Math.max(0, ...families.map((c) => c.family.windowDays(c.config)));
    this.#peers = families.some((c) => c.family.usesPeerStats);
  }

  /** The families that run, in file order. */
  get families(): FamilyId[] {
    return this.#families.map((c) => c.family.id);
  }

  /** Every finding of every enabled family on this claim, against the history the store holds. */
  async detect(history: RiskHistory, request: DetectRequest): Promise<Detection[]> {
    const { facts } = request;
    if (this.#families.length === 0 || facts.lines.length === 0) return [];
    const days = facts.lines.map((l) => l.day);
    const earlier =
      facts.patientKey === undefined
        ? []
        : await history.patientHistory(facts.patientKey, Math.min(...days) - this.#windowDays, Math.max(...days) + this.#windowDays, MAX_HISTORY_LINES);
    const peers = this.#peers ? await history.peerStats([...new Set(facts.lines.map((l) => l.service))], request.sender) : [];
    const ctx = { ...request, history: earlier, peers };
    const found: Detection[] = [];
    for (const { family, config } of this.#families) found.push(...(await family.check(ctx, config)));
    return found;
  }
}

/** Reads and compiles `<schemasDir>/risk/fwa/*.json`: one file per family, `family` naming it. */
export function loadFwaDetector(schemasDir: string): FwaDetector {
  const compiled: Compiled[] = [];
  const seen = new Set<string>();
  for (const { file, data } of readJsonFolder<Record<string, unknown>>(join(schemasDir, 'risk', 'fwa'))) {
    const id = data.family;
    const family = typeof id === 'string' ? FAMILIES.get(id as FamilyId) : undefined;
    if (!family) throw new RiskConfigError(file, `family must be one of ${FAMILY_IDS.join(', ')}`);
    if (seen.has(family.id)) throw new RiskConfigError(file, `family ${family.id} is configured twice`);
    seen.add(family.id);
    const config = family.compile(data, file);
    if (config.enabled) compiled.push({ family, config });
  }
  return new FwaDetector(compiled);
}
