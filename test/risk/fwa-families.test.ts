/**
 * Each duplicate / FWA family (issue 14, item 5) fires on a crafted case and stays silent on the
 * matching clean case, against history kept in the store: a real LMDB store (history survives a
 * reopen, i.e. a restart) and a real redis-server (two instances see one history). The stage runs
 * as the exchange runs it; the history is written with `accept`, as the exchange writes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerBackend, type LedgerBackend, type LedgerInstance } from '../support/ledger-backends.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { fresh } from '../support/samples.js';
import { addDays, decide, item, submit, withService } from './fwa-support.js';
import { claimOf, freshPatientClaim, patientOf } from './risk-support.js';

/** A dental claim for the patient of `preauth`, from the same provider to the same payer, naming `preAuthRef`. */
function claimUnder(preauth: Record<string, any>, preAuthRef: string, code: string, quantity: number, day: number): Record<string, any> {
  const claim = withService(freshPatientClaim(), code, quantity);
  patientOf(claim).identifier[0] = structuredClone(patientOf(preauth).identifier[0]);
  claimOf(claim).insurance[0].preAuthRef = [preAuthRef];
  item(claim).servicedDate = addDays(item(preauth).servicedDate, day);
  return claim;
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

    it('beyond-preauth: more units than approved, a service not approved, a date outside the period, a rejected authorization; silent within it', async () => {
      // 2a asks for 012, 515 and 618, one each, on its service date; the payer's period starts that day, 30 days.
      const preauth = freshPatientClaim('2a-first-preauth-dental-request-with-multiple-items.json');
      expect(await submit(a.store, preauth)).toEqual([]);
      const ref = (await decide(a.store, preauth, true, new Date(item(preauth).servicedDate))).preAuthRef as string;
      expect(await submit(a.store, claimUnder(preauth, ref, '515', 1, 2))).not.toContain('beyond-preauth');
      expect(await submit(a.store, claimUnder(preauth, ref, '515', 2, 3))).toContain('beyond-preauth');
      expect(await submit(a.store, claimUnder(preauth, ref, '434', 1, 4))).toContain('beyond-preauth');
      expect(await submit(a.store, claimUnder(preauth, ref, '618', 1, 31))).toContain('beyond-preauth');
      expect(await submit(a.store, claimUnder(preauth, 'PA-unknown', '434', 3, 5))).not.toContain('beyond-preauth');
      const rejected = freshPatientClaim('2a-first-preauth-dental-request-with-multiple-items.json');
      await submit(a.store, rejected);
      const refused = (await decide(a.store, rejected, false, new Date(item(rejected).servicedDate))).preAuthRef as string;
      expect(await submit(a.store, claimUnder(rejected, refused, '012', 1, 1))).toContain('beyond-preauth');
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
