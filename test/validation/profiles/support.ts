/** The profile layer alone, on the project's data, for exact assertions without the other layers' findings. */
import { join } from 'node:path';
import { EventCatalogue } from '../../../src/fhir/events.js';
import { focalEntries, readEnvelope } from '../../../src/fhir/message.js';
import { CodeCatalogue } from '../../../src/findings/catalogue.js';
import { createProfileLayer, type ProfileLayer } from '../../../src/validation/profiles/index.js';
import type { CodeVerdict, Terminology } from '../../../src/validation/terminology/terminology.js';

export const REPO = join(import.meta.dirname, '..', '..', '..');
export const PROFILES_DIR = join(REPO, 'profiles');
export const catalogue = CodeCatalogue.load(join(REPO, 'schemas'));
const events = EventCatalogue.load(join(REPO, 'schemas'));

export function profileLayer(options: { enforceAll?: boolean; terminology?: Terminology } = {}): ProfileLayer {
  return createProfileLayer({ profilesDir: PROFILES_DIR, catalogue, ...options });
}

/**
 * Findings of the layer for a message and, as the pipeline does, for each readable message a batch
 * focuses on (an unreadable one is reported by the pipeline, not by this layer).
 */
export function layerFindings(layer: ProfileLayer, bundle: unknown, basePath = 'Bundle'): { code: string; expression: string | undefined }[] {
  const read = readEnvelope(bundle);
  if (!read.ok) throw new Error(`not a message: ${read.problem.code}`);
  const event = events.get(read.envelope.event ?? '');
  if (!event) throw new Error(`unknown event ${String(read.envelope.event)}`);
  const found = layer.validate(read.envelope, event, basePath).map((f) => ({ code: f.code, expression: f.expression }));
  if (event.kind === 'deferred' && event.focal.includes('Bundle')) {
    for (const entry of focalEntries(read.envelope)) {
      if (readEnvelope(entry.resource).ok) found.push(...layerFindings(layer, entry.resource, `${basePath}.entry[${entry.index}].resource`));
    }
  }
  return found;
}

/** A stub of the terminology port: every code is known except those listed. */
export function terminologyRejecting(unknown: readonly string[]): Terminology {
  const verdict = (code: string): CodeVerdict => (unknown.includes(code) ? 'unknown-code' : 'known');
  return {
    checkValueSet: (_vs, _system, code) => verdict(code),
    checkCodeSystem: (_system, code) => verdict(code),
    display: () => undefined,
    isIcd10: () => true,
    summary: () => ({ codeSystems: 0, valueSets: 0, codes: 0, unverifiable: [] }),
  };
}
