/**
 * Each duplicate / FWA family (issue 14, item 5) fires on a crafted case and stays silent on the
 * matching clean case, against history kept in the store: a real LMDB store (history survives a
 * reopen, i.e. a restart) and a real redis-server (two instances see one history). The stage runs
 * as the exchange runs it; the history is written with `accept`, as the exchange writes it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvelope } from '../../src/fhir/message.js';
import { LICENCE_SYSTEMS } from '../../src/fhir/identity.js';
import { answerRequest } from '../../src/payer-sim/answers.js';
import { loadFwaCodeSystem } from '../../src/risk/fwa-code-system.js';
import { loadFwaDetector } from '../../src/risk/fwa/detector.js';
import { RiskStage } from '../../src/risk/risk-stage.js';
import { packagePath } from '../../src/package-root.js';
import type { GatewayStore } from '../../src/store/ports.js';
import { ledgerBackend, type LedgerBackend, type LedgerInstance } from '../support/ledger-backends.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { fresh } from '../support/samples.js';
import { claimOf, freshPatientClaim, parties, patientOf } from './risk-support.js';

const schemasDir = packagePath('schemas');
const detector = loadFwaDetector(schemasDir);
const codes = loadFwaCodeSystem(schemasDir);

function stageOver(store: GatewayStore): RiskStage {
  return new RiskStage({ history: store, exchanges: store, detector, codes, baseUrl: 'http://gw.test', identifierHash: (kind, system, value) => `${kind}:${system}:${value}` });
}

/** Runs the stage on a message and records it (history with the accept, as the exchange does); the families that fired. */
async function submit(store: GatewayStore, message: Record<string, any>): Promise<string[]> {
  const read = readEnvelope(message);
  if (!read.ok) throw new Error('not a message');
  const { provider, payer } = parties(message);
  const event = read.envelope.event as string;
  const raw = JSON.stringify(message);
  const result = await stageOver(store).assess({ envelope: read.envelope, raw, event, sender: provider, recipient: payer, receivedAt: Date.now() });
  const record = { headerId: read.envelope.headerId as string, bundleId: message.id, sender: provider, recipient: payer, event, contentHash: randomUUID(), receivedAt: Date.now(), state: 'queued' as const };
  await store.accept(record, undefined, undefined, { bundleId: message.id, event, body: raw }, result?.record);
  return [...(result?.families ?? [])];
}

/** The payer approves (or rejects) a recorded claim, as the exchange records an answer. */
async function decide(store: GatewayStore, request: Record<string, any>, approve: boolean): Promise<void> {
  const { provider, payer } = parties(request);
  const answer = answerRequest(request, { licence: payer, system: LICENCE_SYSTEMS.payer, baseUrl: 'http://payer.test' }) as Record<string, any>;
  const response = answer.entry.find((e: any) => e.resource.resourceType === 'ClaimResponse').resource;
  response.extension = [{ url: 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-adjudication-outcome', valueCodeableConcept: { coding: [{ code: approve ? 'approved' : 'rejected' }] } }];
  const body = JSON.stringify(answer);
  const header = answer.entry[0].resource;
  await store.answer({ sender: provider, headerId: request.entry[0].resource.id }, { bundleId: answer.id, event: 'claim-response', body }, {
    record: { headerId: header.id, bundleId: answer.id, sender: payer, recipient: provider, event: 'claim-response', contentHash: randomUUID(), receivedAt: Date.now(), state: 'answered' },
    firstAnswer: true,
  });
}

function item(message: Record<string, any>): Record<string, any> {
  return claimOf(message).item[0];
}

function withService(message: Record<string, any>, code: string, quantity = 1): Record<string, any> {
  item(message).productOrService.coding[0].code = code;
  item(message).quantity = { value: quantity };
  return message;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
}

for (const kind of ['embedded', 'redis'] as const) {
  describe(`FWA families (${kind} store)`, () => {
    let redis: TestRedisServer | undefined;
    let backend: LedgerBackend;
    let a: LedgerInstance;
    beforeAll(async () => {
      if (kind === 'redis') redis = await startRedisServer();
      backend = ledgerBackend(kind, () => redis);
      a = await backend.open();
    });
    afterAll(async () => {
      await a.close();
      backend.destroy();
      await redis?.stop();
    });

    it('duplicate-exact: the same line under a new identifier; silent with Claim.related or another amount', async () => {
      const first = freshPatientClaim();
      expect(await submit(a.store, first)).toEqual([]);
      expect(await submit(a.store, fresh(first))).toContain('duplicate-exact');
      const corrected = fresh(first);
      claimOf(corrected).related = [{ claim: { identifier: claimOf(first).identifier[0] }, relationship: { coding: [{ code: 'prior' }] } }];
      expect(await submit(a.store, corrected)).toEqual([]);
      const other = fresh(first);
      item(other).net.value += 1;
      expect(await submit(a.store, other)).not.toContain('duplicate-exact');
    });

    it('duplicate-near: the same service two days later, also from another provider; silent beyond the window', async () => {
      const first = freshPatientClaim();
      await submit(a.store, first);
      const later = fresh(first);
      item(later).servicedDate = addDays(item(first).servicedDate, 2);
      later.entry[0].resource.sender.identifier.value = 'N-F-00002';
      expect(await submit(a.store, later)).toContain('duplicate-near');
      const far = fresh(first);
      item(far).servicedDate = addDays(item(first).servicedDate, 10);
      expect(await submit(a.store, far)).toEqual([]);
    });

    it('resubmission: a claim the payer approved, sent again; silent when it was rejected', async () => {
      const approved = freshPatientClaim();
      await submit(a.store, approved);
      await decide(a.store, approved, true);
      expect(await submit(a.store, fresh(approved))).toContain('resubmission');
      const rejected = freshPatientClaim();
      await submit(a.store, rejected);
      await decide(a.store, rejected, false);
      expect(await submit(a.store, fresh(rejected))).not.toContain('resubmission');
    });

    it('unbundling: comprehensive and component on one day, in one claim or two; silent on other days', async () => {
      const both = freshPatientClaim();
      claimOf(both).item.push({ ...structuredClone(item(both)), sequence: 2, productOrService: { coding: [{ ...item(both).productOrService.coding[0], code: '618' }] } });
      expect(await submit(a.store, both)).toContain('unbundling');
      const component = freshPatientClaim();
      await submit(a.store, component);
      const comprehensive = withService(fresh(component), '618');
      patientOf(comprehensive).identifier[0].value = patientOf(component).identifier[0].value;
      expect(await submit(a.store, comprehensive)).toContain('unbundling');
      const otherDay = withService(fresh(component), '618');
      item(otherDay).servicedDate = addDays(item(component).servicedDate, 1);
      expect(await submit(a.store, otherDay)).not.toContain('unbundling');
    });

    it('quantity-limit: more units on one day than the table allows, over two claims; silent at the limit', async () => {
      const first = withService(freshPatientClaim(), '434', 3);
      expect(await submit(a.store, first)).toEqual([]);
      const second = withService(fresh(first), '434', 2);
      item(second).net.value = 1; // not an exact duplicate
      expect(await submit(a.store, second)).toContain('quantity-limit');
      const clean = withService(freshPatientClaim(), '434', 4);
      expect(await submit(a.store, clean)).not.toContain('quantity-limit');
    });

    it('frequency-limit: a third 012 within a year; silent for the second', async () => {
      const first = withService(freshPatientClaim(), '012');
      await submit(a.store, first);
      const second = withService(fresh(first), '012');
      item(second).servicedDate = addDays(item(first).servicedDate, 100);
      expect(await submit(a.store, second)).not.toContain('frequency-limit');
      const third = withService(fresh(first), '012');
      item(third).servicedDate = addDays(item(first).servicedDate, 200);
      expect(await submit(a.store, third)).toContain('frequency-limit');
    });

    it('age-gender: a male-only diagnosis for a female patient; silent for a male patient', async () => {
      const message = freshPatientClaim();
      claimOf(message).diagnosis[0].diagnosisCodeableConcept.coding[0].code = 'N40.0';
      expect(patientOf(message).gender).toBe('female');
      expect(await submit(a.store, message)).toContain('age-gender');
      const male = freshPatientClaim();
      claimOf(male).diagnosis[0].diagnosisCodeableConcept.coding[0].code = 'N40.0';
      patientOf(male).gender = 'male';
      expect(await submit(a.store, male)).toEqual([]);
    });

    it('date-impossible: a service before birth or after death; silent in life', async () => {
      const unborn = freshPatientClaim();
      patientOf(unborn).birthDate = addDays(item(unborn).servicedDate, 1);
      expect(await submit(a.store, unborn)).toContain('date-impossible');
      const dead = freshPatientClaim();
      patientOf(dead).deceasedDateTime = `${addDays(item(dead).servicedDate, -1)}T00:00:00Z`;
      expect(await submit(a.store, dead)).toContain('date-impossible');
      expect(await submit(a.store, freshPatientClaim())).toEqual([]);
    });

    it('history outlives the instance: a duplicate of a claim recorded before a restart (LMDB) or by another instance (Redis)', async () => {
      const first = freshPatientClaim();
      await submit(a.store, first);
      if (kind === 'embedded') {
        await a.close();
        a = await backend.open();
        expect(await submit(a.store, fresh(first))).toContain('duplicate-exact');
      } else {
        const b = await backend.open();
        try {
          expect(await submit(b.store, fresh(first))).toContain('duplicate-exact');
        } finally {
          await b.close();
        }
      }
    });
  });
}
