/**
 * The traffic generator (issue 14, item 4) without a gateway: every code of the catalogue is one
 * the gateway's terminology accepts, the money of every message adds up, the content is fixed by
 * the seed (ids by the run), and repeats come in the share asked for.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadTerminology } from '../../src/validation/terminology/load.js';
import { loadCatalogue, planTraffic, type PlannedMessage } from '../../src/simulate/index.js';

const NOW = new Date('2026-03-15T12:00:00Z');
const catalogue = loadCatalogue();

function claimOf(message: PlannedMessage): any {
  const bundle = JSON.parse(message.body);
  return bundle.entry.find((e: any) => e.resource.resourceType === 'Claim').resource;
}

/** The body with its ids (Bundle.id, MessageHeader.id and fullUrl, the Claim.identifier suffix) blanked. */
function withoutIds(message: PlannedMessage): string {
  const bundle = JSON.parse(message.body);
  const headerId = bundle.entry[0].resource.id;
  return JSON.stringify(bundle).replaceAll(bundle.id, 'B').replaceAll(headerId, 'H').replace(/-sim-[0-9a-f]{12}/g, '-sim-X');
}

describe('the simulator catalogue', () => {
  const terminology = loadTerminology({ schemasDir: loadConfig({}).schemasDir });

  it('holds only diagnoses the ICD-10 table knows, and services the gateway accepts', () => {
    for (const [type, codes] of Object.entries(catalogue.diagnoses)) {
      for (const code of codes) expect(terminology.checkCodeSystem('http://hl7.org/fhir/sid/icd-10-am', code), `${type} ${code}`).toBe('known');
    }
    for (const [key, services] of Object.entries(catalogue.services)) {
      const system = key.split('|')[0]!;
      for (const { code, price } of services) {
        // Licensed lists (SBS) are checked for shape only: `unverifiable` is a warning, `bad-shape` an error.
        expect(['known', 'unverifiable'], `${key} ${code}`).toContain(terminology.checkCodeSystem(system, code));
        expect(price[0]).toBeLessThanOrEqual(price[1]);
      }
    }
  });
});

describe('planned traffic', () => {
  const options = { events: ['priorauth', 'claim'] as const, count: 400, seed: 11, now: NOW, duplicateShare: 0.05, resendShare: 0.02 };
  const plan = planTraffic({ ...options, events: [...options.events], runId: 'a' });

  it('is the same for the same seed and run, the same but for ids in another run, and differs with another seed', () => {
    expect(planTraffic({ ...options, events: [...options.events], runId: 'a' })).toEqual(plan);
    const other = planTraffic({ ...options, events: [...options.events], runId: 'b' });
    expect(other.map((m) => m.bundleId)).not.toEqual(plan.map((m) => m.bundleId));
    expect(other.map(withoutIds)).toEqual(plan.map(withoutIds));
    expect(planTraffic({ ...options, events: [...options.events], seed: 12, runId: 'a' }).map(withoutIds)).not.toEqual(plan.map(withoutIds));
  });

  it('adds up: item net = quantity × unit price × factor + tax, total = sum of nets, in halalas', () => {
    for (const message of plan) {
      const claim = claimOf(message);
      let total = 0;
      for (const item of claim.item) {
        const tax = item.extension?.find((e: any) => e.url.endsWith('extension-tax'))?.valueMoney.value ?? 0;
        expect(Math.round(item.net.value * 100), `${message.template} item ${item.sequence}`).toBe(Math.round(item.quantity.value * item.unitPrice.value * (item.factor ?? 1) * 100 + tax * 100));
        total += Math.round(item.net.value * 100);
      }
      expect(Math.round(claim.total.value * 100)).toBe(total);
    }
  });

  it('varies patients from a stable pool, diagnoses, services, quantities and supporting information, and dates none in the future', () => {
    const claims = plan.filter((m) => m.kind === 'new').map(claimOf);
    const patients = new Map<string, number>();
    for (const m of plan.filter((m) => m.kind === 'new')) {
      const bundle = JSON.parse(m.body);
      const claim = claimOf(m);
      const patient = bundle.entry.find((e: any) => e.fullUrl === claim.patient.reference).resource;
      patients.set(patient.identifier[0].value, (patients.get(patient.identifier[0].value) ?? 0) + 1);
      expect(claim.created.slice(0, 10) <= '2026-03-15').toBe(true);
      for (const item of claim.item) expect((item.servicedDate ?? item.servicedPeriod?.start) <= claim.created.slice(0, 10)).toBe(true);
    }
    expect(patients.size).toBe(50);
    expect([...patients.values()].filter((n) => n > 1).length).toBeGreaterThan(40);
    expect(new Set(claims.map((c) => c.diagnosis[0].diagnosisCodeableConcept.coding[0].code)).size).toBeGreaterThan(20);
    expect(new Set(claims.flatMap((c) => c.item.map((i: any) => i.productOrService.coding[0].code))).size).toBeGreaterThan(20);
    expect(new Set(claims.flatMap((c) => c.item.map((i: any) => i.quantity.value))).size).toBeGreaterThan(1);
    const withInfo = claims.filter((c) => c.type.coding[0].code === 'institutional').map((c) => (c.supportingInfo ?? []).length);
    expect(new Set(withInfo).size).toBeGreaterThan(1);
    expect(new Set(claims.map((c) => c.created.slice(0, 10))).size).toBeGreaterThan(30);
  });

  it('repeats earlier messages in the shares asked for: duplicates with new ids, resends byte for byte', () => {
    const duplicates = plan.filter((m) => m.kind === 'duplicate');
    const resends = plan.filter((m) => m.kind === 'resend');
    expect(duplicates.length).toBeGreaterThan(400 * 0.05 * 0.5);
    expect(duplicates.length).toBeLessThan(400 * 0.05 * 1.6);
    expect(resends.length).toBeGreaterThan(0);
    for (const d of duplicates) {
      const original = plan[d.original!]!;
      expect(d.bundleId).not.toBe(original.bundleId);
      expect(d.claimIdentifier).not.toBe(original.claimIdentifier);
      expect(withoutIds(d)).toBe(withoutIds(original));
    }
    for (const r of resends) expect(r.body).toBe(plan[r.original!]!.body);
  });
});
