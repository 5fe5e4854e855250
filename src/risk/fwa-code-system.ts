/**
 * The code system of DetectedIssue.code (`schemas/risk/fwa-family.json`, a FHIR CodeSystem with an
 * Arabic designation per family): read once at start; a family without a concept is a data error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAMILY_IDS, RiskConfigError } from './fwa/family.js';

export interface FwaCodeSystem {
  readonly url: string;
  display(code: string, language: 'en' | 'ar'): string;
}

interface Concept {
  readonly code: string;
  readonly display: string;
  readonly designation?: readonly { readonly language?: string; readonly value: string }[];
}

export function loadFwaCodeSystem(schemasDir: string): FwaCodeSystem {
  const file = join(schemasDir, 'risk', 'fwa-family.json');
  const cs = JSON.parse(readFileSync(file, 'utf8')) as { url: string; concept: Concept[] };
  const concepts = new Map(cs.concept.map((c) => [c.code, c]));
  for (const id of FAMILY_IDS) {
    const concept = concepts.get(id);
    if (!concept?.designation?.some((d) => d.language === 'ar')) throw new RiskConfigError(file, `family ${id} needs a concept with an Arabic designation`);
  }
  return {
    url: cs.url,
    display(code, language) {
      const concept = concepts.get(code);
      if (!concept) return code;
      return language === 'ar' ? (concept.designation?.find((d) => d.language === 'ar')?.value ?? concept.display) : concept.display;
    },
  };
}
