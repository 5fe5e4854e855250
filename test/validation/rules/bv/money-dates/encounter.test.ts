import { describe, expect, it } from 'vitest';
import { copy, EXT, findingsOf, withEncounter } from './helpers.js';

const at = (sub: string, entry: number) => `Bundle.entry[${entry}].resource.${sub}`;
const DAY = { start: '2021-08-30T08:00:00+03:00', end: '2021-08-30T20:00:00+03:00' };
const IDS = ['BV-00728', 'BV-00733', 'BV-00758', 'BV-00759', 'BV-00801', 'BV-00852'];
/** Other areas' rules may also judge these hand-made encounters: only this family is asserted. */
const ours = (bundle: any) => findingsOf(bundle).filter((f) => IDS.includes(f.code));

const disposition = { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/discharge-disposition', code: 'home' }] };
const specialty = { url: `${EXT}dischargeSpecialty`, valueCodeableConcept: { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/practice-codes', code: '08.00' }] } };

describe("what the Claim's Encounter must carry", () => {
  it('an ended admission with specialty and disposition passes', () => {
    const bundle = copy('8-claim-institutional-request.json');
    const e = withEncounter(bundle, DAY, 'IMP');
    bundle.entry[e].resource.hospitalization = { extension: [specialty], dischargeDisposition: disposition };
    expect(ours(bundle)).toEqual([]);
  });
  it('BV-00758 and BV-00759: an ended admission without discharge specialty and disposition', () => {
    const bundle = copy('8-claim-institutional-request.json');
    const e = withEncounter(bundle, DAY, 'IMP');
    expect(ours(bundle)).toEqual([
      { code: 'BV-00758', expression: at('hospitalization.extension', e) },
      { code: 'BV-00759', expression: at('hospitalization.dischargeDisposition', e) },
    ]);
  });
  it('BV-00801: a discharge disposition without encounter end', () => {
    const bundle = copy('8-claim-institutional-request.json');
    const e = withEncounter(bundle, { start: DAY.start }, 'SS');
    bundle.entry[e].resource.hospitalization = { dischargeDisposition: disposition };
    expect(ours(bundle)).toEqual([{ code: 'BV-00801', expression: at('period.end', e) }]);
  });
  it('BV-00852: a discharge specialty without disposition and end', () => {
    const bundle = copy('8-claim-institutional-request.json');
    const e = withEncounter(bundle, { start: DAY.start }, 'IMP');
    bundle.entry[e].resource.hospitalization = { extension: [specialty] };
    expect(ours(bundle)).toEqual([{ code: 'BV-00852', expression: at('period.end', e) }]);
  });
  it('BV-00728 and BV-00733: an ended emergency encounter without disposition and triage date', () => {
    const bundle = copy('10-claim-professional-request.json');
    const e = withEncounter(bundle, { start: '2021-10-07T08:00:00+03:00', end: '2021-10-07T09:00:00+03:00' }, 'EMER');
    expect(ours(bundle)).toEqual([
      { code: 'BV-00728', expression: at('extension', e) },
      { code: 'BV-00733', expression: at('extension', e) },
    ]);
    bundle.entry[e].resource.extension.push(
      { url: `${EXT}triageDate`, valueDateTime: '2021-10-07T08:05:00+03:00' },
      { url: `${EXT}emergencyDepartmentDisposition`, valueCodeableConcept: disposition },
    );
    expect(ours(bundle)).toEqual([]);
  });
  it('BV-00733: an emergency prior authorization without triage date', () => {
    const bundle = copy('preauth-professional-outpatient-request.json');
    bundle.entry[6].resource.class.code = 'EMER';
    expect(ours(bundle)).toEqual([{ code: 'BV-00733', expression: at('extension', 6) }]);
  });
});
