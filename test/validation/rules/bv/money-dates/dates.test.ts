import { describe, expect, it } from 'vitest';
import { BV_00058 } from '../../../../../src/validation/rules/bv/money-dates/BV-00058.js';
import { hasSeconds, isDateTimeText, isInFuture, parseDate } from '../../../../../src/validation/rules/bv/money-dates/dates.js';
import { check } from './check.js';
import { copy, EXT, ext, extIndex, findingsAt, findingsOf, NOW, withEncounter } from './helpers.js';

const PRO = '10-claim-professional-request.json';
const OUTPATIENT = 'preauth-professional-outpatient-request.json';
const ELIGIBILITY = '14a-eligibilty-request-ben-val.json';
const at = (sub: string, entry = 1) => `Bundle.entry[${entry}].resource.${sub}`;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('no dates after the time the message is received (±15-minute skew, gateway clock)', () => {
  it('BV-00064: Claim.created 10 minutes ahead is skew, 20 minutes ahead is the future', () => {
    const bundle = copy(PRO);
    bundle.entry[1].resource.created = iso(NOW + 10 * 60_000);
    expect(findingsAt(bundle)).toEqual([]);
    bundle.entry[1].resource.created = iso(NOW + 20 * 60_000);
    expect(findingsAt(bundle)).toEqual([{ code: 'BV-00064', expression: at('created') }]);
  });
  it('BV-00064: a created date is a Riyadh day (today passes, tomorrow does not)', () => {
    const bundle = copy(PRO);
    bundle.entry[1].resource.created = '2026-11-23';
    expect(findingsAt(bundle)).toEqual([]);
    bundle.entry[1].resource.created = '2026-11-24';
    expect(findingsAt(bundle)).toEqual([{ code: 'BV-00064', expression: at('created') }]);
  });
  it('BV-00062: CoverageEligibilityRequest.created in the future', () => {
    const bundle = copy(ELIGIBILITY);
    bundle.entry[1].resource.created = '2026-11-25';
    expect(findingsAt(bundle)).toEqual([{ code: 'BV-00062', expression: at('created') }]);
  });
  it('BV-00347: eligibility offline date in the future', () => {
    const bundle = copy('8-claim-institutional-request.json');
    const claim = bundle.entry[1].resource;
    ext(claim, 'eligibility-offline-date').valueDateTime = '2026-12-01';
    expect(findingsAt(bundle)).toEqual([{ code: 'BV-00347', expression: at(`extension[${extIndex(claim, 'eligibility-offline-date')}].valueDateTime`) }]);
  });
  it('BV-00348: authorization offline date in the future', () => {
    const bundle = copy(PRO);
    const claim = bundle.entry[1].resource;
    ext(claim, 'authorization-offline-date').valueDateTime = '2026-11-23T15:30:00+03:00';
    expect(findingsAt(bundle)).toEqual([{ code: 'BV-00348', expression: at(`extension[${extIndex(claim, 'authorization-offline-date')}].valueDateTime`) }]);
  });
  it('BV-00848: a birth date in the future or before 1900', () => {
    const bundle = copy(PRO);
    bundle.entry[3].resource.birthDate = '2026-11-24';
    expect(findingsAt(bundle)).toEqual([{ code: 'BV-00848', expression: at('birthDate', 3) }]);
    bundle.entry[3].resource.birthDate = '1899-12-31';
    expect(findingsAt(bundle)).toEqual([{ code: 'BV-00848', expression: at('birthDate', 3) }]);
    bundle.entry[3].resource.birthDate = '1900-01-01';
    expect(findingsAt(bundle)).toEqual([]);
  });
  it('BV-00850: a claimed encounter that starts in the future', () => {
    const bundle = copy(PRO);
    const encounter = withEncounter(bundle, { start: '2021-10-07T09:00:00+03:00', end: '2021-10-07T10:00:00+03:00' });
    expect(findingsAt(bundle)).toEqual([]);
    bundle.entry[encounter].resource.period = { start: '2026-11-24T09:00:00+03:00' };
    expect(findingsAt(bundle)).toEqual([
      { code: 'BV-00041', expression: at('item[0].servicedDate') },
      { code: 'BV-00850', expression: at('period.start', encounter) },
    ]);
  });
  it('BV-00058 (not enforced): an eligibility request for a service before the day it is received', () => {
    const bundle = copy(ELIGIBILITY);
    // The official sample asks on 2021-07-15 about 2021-07-15: fine on that day, not when replayed later.
    expect(check(BV_00058, bundle, Date.parse('2021-07-15T08:00:00Z'))).toEqual([]);
    expect(check(BV_00058, bundle, NOW)).toEqual([{ code: 'BV-00058', expression: at('servicedPeriod.start') }]);
  });
});

describe('order of dates inside the message', () => {
  it('BV-00052: an encounter period that ends before it starts', () => {
    const bundle = copy(OUTPATIENT);
    bundle.entry[6].resource.period.end = '2023-12-04T09:00:00+03:00';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00052', expression: at('period.end', 6) }]);
  });
  it('BV-00052: an eligibility servicedPeriod that ends before it starts', () => {
    const bundle = copy(ELIGIBILITY);
    bundle.entry[1].resource.servicedPeriod.end = '2021-07-14';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00052', expression: at('servicedPeriod.end') }]);
  });
  it('BV-00118: a prior-authorized service outside the encounter period', () => {
    const bundle = copy(OUTPATIENT);
    bundle.entry[1].resource.item[0].servicedDate = '2023-12-05';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00118', expression: at('item[0].servicedDate') }]);
  });
  it('BV-00041: a claimed service outside the encounter period', () => {
    const bundle = copy(PRO);
    withEncounter(bundle, { start: '2021-10-08T09:00:00+03:00', end: '2021-10-08T10:00:00+03:00' });
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00041', expression: at('item[0].servicedDate') }]);
  });
  it('BV-00061: a claimed service after the claim was created', () => {
    const bundle = copy(PRO);
    bundle.entry[1].resource.item[0].servicedDate = '2021-10-08';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00061', expression: at('item[0].servicedDate') }]);
  });
  it('BV-00061: a claimed service period that ends after the claim was created', () => {
    const bundle = copy(PRO);
    const item = bundle.entry[1].resource.item[0];
    delete item.servicedDate;
    item.servicedPeriod = { start: '2021-10-06', end: '2021-10-09' };
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00061', expression: at('item[0].servicedPeriod.end') }]);
  });
  it('BV-00460 and BV-00461: a vision prescription dated after the claim', () => {
    const bundle = copy('6-preauth-vision-prescription-request.json');
    const prescription = bundle.entry[6].resource;
    prescription.created = '2021-08-30T09:00:00+03:00';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00460', expression: at('created', 6) }]);
    prescription.created = '2021-08-28T14:56:49.034+03:00';
    prescription.dateWritten = '2021-08-30';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00461', expression: at('dateWritten', 6) }]);
  });
  it('BV-00701: a prescription authored after the authorization request', () => {
    const bundle = copy('4-preauth-pharmacy-request.json');
    const claim = bundle.entry[1].resource;
    bundle.entry.push({
      fullUrl: 'http://saudicentralpharmacy.sa.com/MedicationRequest/1',
      resource: { resourceType: 'MedicationRequest', id: '1', status: 'active', intent: 'order', subject: structuredClone(claim.patient), authoredOn: '2021-08-29', medicationCodeableConcept: { text: 'x' } },
    });
    claim.prescription = { reference: 'http://saudicentralpharmacy.sa.com/MedicationRequest/1' };
    const before = findingsOf(bundle);
    bundle.entry[6].resource.authoredOn = '2021-08-31';
    expect(findingsOf(bundle)).toEqual([...before, { code: 'BV-00701', expression: at('authoredOn', 6) }]);
  });
  it('BV-00760: emergency service that starts before the encounter', () => {
    const bundle = copy(OUTPATIENT);
    bundle.entry[6].resource.extension.push({ url: `${EXT}emergencyServiceStart`, valueDateTime: '2023-12-04T10:20:00+03:00' });
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00760', expression: at('extension[1].valueDateTime', 6) }]);
  });
  it('BV-00851: a patient born after the encounter starts', () => {
    const bundle = copy(OUTPATIENT);
    const patient = bundle.entry.findIndex((e: any) => e.fullUrl === bundle.entry[6].resource.subject.reference);
    bundle.entry[patient].resource.birthDate = '2023-12-05';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00851', expression: at('birthDate', patient) }]);
  });
});

describe('date-times to the second', () => {
  it('BV-00811: an encounter period without seconds', () => {
    const bundle = copy(OUTPATIENT);
    // A time without seconds is not a FHIR dateTime at all (the base schema's finding); a bare date is.
    bundle.entry[6].resource.period.start = '2023-12-04';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00811', expression: at('period.start', 6) }]);
  });
  it('BV-00810 and BV-00828: emergency start and triage date without seconds', () => {
    const bundle = copy(OUTPATIENT);
    bundle.entry[6].resource.extension.push(
      { url: `${EXT}emergencyServiceStart`, valueDateTime: '2023-12-04T10:30:00+03:00' },
      { url: `${EXT}triageDate`, valueDateTime: '2023-12-04T10:31:00+03:00' },
    );
    expect(findingsOf(bundle)).toEqual([]);
    bundle.entry[6].resource.extension[1].valueDateTime = '2023-12-04';
    bundle.entry[6].resource.extension[2].valueDateTime = '2023-12';
    expect(findingsOf(bundle)).toEqual([
      { code: 'BV-00810', expression: at('extension[1].valueDateTime', 6) },
      { code: 'BV-00828', expression: at('extension[2].valueDateTime', 6) },
    ]);
  });
  it('BV-00265: a dateTime longer than 29 characters', () => {
    const bundle = copy(OUTPATIENT);
    bundle.entry[1].resource.created = '2023-12-04T08:00:00.1234567+03:00';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00265', expression: at('created') }]);
  });
});

describe('service date or period', () => {
  it('BV-00066: a claimed item without service date', () => {
    const bundle = copy(PRO);
    delete bundle.entry[1].resource.item[0].servicedDate;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00066', expression: at('item[0]') }]);
  });
  it('BV-00066 and BV-00439: a claimed item with both service date and period', () => {
    const bundle = copy(PRO);
    bundle.entry[1].resource.item[0].servicedPeriod = { start: '2021-10-07', end: '2021-10-07' };
    expect(findingsOf(bundle)).toEqual([
      { code: 'BV-00066', expression: at('item[0]') },
      { code: 'BV-00439', expression: at('item[0].servicedDate') },
    ]);
  });
  it('BV-00122 and BV-00439: a prior-authorized item with both', () => {
    const bundle = copy('5a-preauth-professional-request.json');
    bundle.entry[1].resource.item[0].servicedPeriod = { start: '2021-10-07', end: '2021-10-07' };
    expect(findingsOf(bundle)).toEqual([
      { code: 'BV-00122', expression: at('item[0]') },
      { code: 'BV-00439', expression: at('item[0].servicedDate') },
    ]);
  });
  it('BV-00437: an eligibility request without service date or period', () => {
    const bundle = copy(ELIGIBILITY);
    delete bundle.entry[1].resource.servicedPeriod;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00437', expression: 'Bundle.entry[1].resource' }]);
  });
});

describe('newborns: services within 90 days of birth', () => {
  const newborn = (resource: any) => (resource.extension ??= []).push({ url: `${EXT}newborn`, valueBoolean: true });
  // Other newborn rules (supporting information, diagnoses) fire on these copies too: only the rule under test is asserted.
  const only = (code: string, findings: { code: string; expression: string | undefined }[]) => findings.filter((f) => f.code === code);
  it('BV-00553: a newborn claim item 91 days after birth', () => {
    const bundle = copy(PRO);
    newborn(bundle.entry[1].resource);
    bundle.entry[3].resource.birthDate = '2021-07-08'; // 2021-10-07 is day 91
    expect(only('BV-00553', findingsOf(bundle))).toEqual([{ code: 'BV-00553', expression: at('item[0].servicedDate') }]);
    bundle.entry[3].resource.birthDate = '2021-07-09';
    expect(only('BV-00553', findingsOf(bundle))).toEqual([]);
  });
  it('BV-00556: a newborn claim item period ending 91 days after birth', () => {
    const bundle = copy(PRO);
    newborn(bundle.entry[1].resource);
    const item = bundle.entry[1].resource.item[0];
    delete item.servicedDate;
    item.servicedPeriod = { start: '2021-10-01', end: '2021-10-07' };
    bundle.entry[3].resource.birthDate = '2021-07-08';
    expect(only('BV-00556', findingsOf(bundle))).toEqual([{ code: 'BV-00556', expression: at('item[0].servicedPeriod.end') }]);
  });
  it('BV-00554: a newborn eligibility service date 91 days after birth', () => {
    const bundle = copy('eligibility-request-d4629f67-8212-4082-b2f6-f77d6674d74f.json');
    newborn(bundle.entry[1].resource);
    bundle.entry[2].resource.birthDate = '2026-03-03'; // 2026-06-02 is day 91
    expect(only('BV-00554', findingsAt(bundle))).toEqual([{ code: 'BV-00554', expression: at('servicedDate') }]);
  });
  it('BV-00555: a newborn eligibility service period ending 91 days after birth', () => {
    const bundle = copy(ELIGIBILITY);
    newborn(bundle.entry[1].resource);
    bundle.entry[4].resource.birthDate = '2021-04-16'; // 2021-07-16 is day 91
    expect(only('BV-00555', findingsAt(bundle))).toEqual([{ code: 'BV-00555', expression: at('servicedPeriod.end') }]);
  });
  it('BV-00849: an inpatient claim for a baby under one year without admission weight', () => {
    const bundle = copy('8-claim-institutional-request.json');
    withEncounter(bundle, { start: '2021-08-30T08:00:00+03:00', end: '2021-08-30T20:00:00+03:00' }, 'IMP');
    expect(findingsOf(bundle).filter((f) => f.code === 'BV-00849')).toEqual([]);
    bundle.entry[3].resource.birthDate = '2021-01-01';
    const patientOf = findingsOf(bundle).filter((f) => f.code === 'BV-00849');
    expect(patientOf).toEqual([{ code: 'BV-00849', expression: at('supportingInfo') }]);
  });
});

describe('dates.ts: reading values and the Riyadh day', () => {
  it('reads a time without seconds or offset as :00 in Riyadh time', () => {
    expect(parseDate('2021-10-07T09:00')).toEqual({ text: '2021-10-07T09:00', day: '2021-10-07', instant: Date.parse('2021-10-07T09:00:00+03:00') });
    expect(parseDate('2021-10-07T09:00:30')?.instant).toBe(Date.parse('2021-10-07T09:00:30+03:00'));
    expect(parseDate('2021-10-07T09:00Z')?.instant).toBe(Date.parse('2021-10-07T09:00:00Z'));
    expect(parseDate('2021-10-07T09:00:30.5-02:00')?.instant).toBe(Date.parse('2021-10-07T09:00:30.5-02:00'));
    expect(parseDate('2021-10')).toEqual({ text: '2021-10', day: '2021-10', instant: undefined });
    expect(parseDate('2021-10-07T25:00:00Z')).toEqual({ text: '2021-10-07T25:00:00Z', day: '2021-10-07', instant: undefined });
    expect(parseDate('07/10/2021')).toBeUndefined();
  });
  it('moves to the next day at Riyadh midnight, and back, whatever it answered before', () => {
    const tomorrow = parseDate('2026-11-24')!;
    // 23:44 in Riyadh: with the 15-minute skew the limit is 23:59, still the 23rd.
    expect(isInFuture(tomorrow, Date.parse('2026-11-23T20:44:00Z'))).toBe(true);
    // 23:46: the limit is 00:01 on the 24th.
    expect(isInFuture(tomorrow, Date.parse('2026-11-23T20:46:00Z'))).toBe(false);
    expect(isInFuture(tomorrow, Date.parse('2026-11-23T20:44:00Z'))).toBe(true);
    expect(isInFuture(parseDate('2026-12')!, Date.parse('2026-11-23T20:46:00Z'))).toBe(true);
    expect(isInFuture(parseDate('2026')!, Date.parse('2026-11-23T20:46:00Z'))).toBe(false);
  });
});

describe('dates.ts reads exactly the FHIR date/dateTime pattern', () => {
  // The pattern the reader implements by hand, and what the rules used to compute with it.
  const FHIR = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
  const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
  function expected(text: string) {
    const m = FHIR.exec(text);
    if (!m) return undefined;
    const day = [m[1], m[2], m[3]].filter((p) => p !== undefined).join('-');
    if (m[4] === undefined) return { text, day, instant: undefined };
    const offset = m[8] ?? '+03:00';
    const instant = Date.parse(`${day}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}${offset}`);
    return { text, day, instant: Number.isNaN(instant) ? undefined : instant };
  }
  // Valid values, then each broken or cut at every place: every branch of the reader.
  const seeds = ['2021', '2021-10', '2021-10-07', '2021-10-07T09:05', '2021-10-07T09:05Z', '2021-10-07T09:05+03:00', '2021-10-07T09:05:30', '2021-10-07T09:05:30.5Z',
    '2021-10-07T09:05:30.123456-11:30', '2021-02-31T24:00:00+03:00', '2021-13-45T99:99:99+99:99'];
  const texts = new Set<string>();
  for (const seed of seeds) {
    for (let i = 0; i <= seed.length; i++) {
      texts.add(seed.slice(0, i));
      for (const c of ['0', '-', 'T', ':', '.', 'Z', '+', 'x', ' ']) {
        texts.add(seed.slice(0, i) + c + seed.slice(i + 1));
        texts.add(seed.slice(0, i) + c + seed.slice(i));
      }
    }
  }
  it(`agrees with the pattern on ${texts.size} texts`, () => {
    for (const text of texts) {
      expect(parseDate(text), text).toEqual(expected(text));
      expect(hasSeconds(text), text).toBe(FHIR.exec(text)?.[6] !== undefined);
      expect(isDateTimeText(text), text).toBe(DATE_TIME.test(text));
    }
  });
});
