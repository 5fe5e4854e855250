/**
 * The payer policy (issue 14, item 3): every condition holds and fails on a crafted claim, the first
 * rule whose conditions all hold decides, noise flips its share of decisions reproducibly (per
 * message, whatever the order), and a policy file that is wrong is refused with the field named.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimFacts, decide, holds, loadPolicy, parsePolicy, PolicyError, type Conditions, type Policy } from '../../src/payer-sim/policy.js';
import { sample } from '../support/samples.js';

/** Sample 10: professional claim from N-F-00001, service 83620-00-10, diagnosis S62.10, net 121.9, quantity 1, male born 1984-12-25, created 2021-10-07 (36 years). */
function claimMessage(edit?: (claim: any, patient: any) => void): any {
  const message = structuredClone(sample('10-claim-professional-request.json').json);
  const claim = message.entry.find((e: any) => e.resource.resourceType === 'Claim').resource;
  const patient = message.entry.find((e: any) => e.resource.resourceType === 'Patient').resource;
  edit?.(claim, patient);
  return message;
}

function holdsOn(when: Conditions, edit?: (claim: any, patient: any) => void): boolean {
  return holds(parsePolicy({ rules: [{ when, decision: 'approve' }] }).rules[0]!.when, claimFacts(claimMessage(edit))!);
}

describe('policy conditions', () => {
  const withSupportingInfo = (claim: any) => {
    claim.supportingInfo = [{ sequence: 1, category: { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/claim-information-category', code: 'chief-complaint' }] } }];
  };
  const cases: [string, Conditions, Conditions, ((claim: any, patient: any) => void)?][] = [
    ['claimType', { claimType: ['professional', 'vision'] }, { claimType: ['oral'] }],
    ['service', { service: ['83620-00-10'] }, { service: ['99999-00-00'] }],
    ['service (prefix)', { service: ['83620*'] }, { service: ['8361*'] }],
    ['serviceNotIn', { serviceNotIn: ['99999-00-00'] }, { serviceNotIn: ['83620-00-10'] }],
    ['diagnosis', { diagnosis: ['S62.10'] }, { diagnosis: ['J06.9'] }],
    ['diagnosis (prefix, dot ignored)', { diagnosis: ['S62*'] }, { diagnosis: ['S63*'] }],
    ['diagnosis (written without the dot)', { diagnosis: ['S6210'] }, { diagnosis: ['S621'] }],
    ['diagnosisNotIn', { diagnosisNotIn: ['J06*'] }, { diagnosisNotIn: ['S6*'] }],
    ['netAbove', { netAbove: 121 }, { netAbove: 121.9 }],
    ['netBelow', { netBelow: 122 }, { netBelow: 121.9 }],
    ['quantityAbove', { quantityAbove: 0 }, { quantityAbove: 1 }],
    ['ageUnder (36 at Claim.created)', { ageUnder: 37 }, { ageUnder: 36 }],
    ['ageAbove', { ageAbove: 35 }, { ageAbove: 36 }],
    ['gender', { gender: ['male'] }, { gender: ['female'] }],
    ['gender (one code)', { gender: 'male' } as unknown as Conditions, { gender: 'female' } as unknown as Conditions],
    ['provider', { provider: ['N-F-00001'] }, { provider: ['N-F-00002'] }],
    ['supportingInfoMissing', { supportingInfoMissing: ['vital-sign-weight'] }, { supportingInfoMissing: ['chief-complaint'] }, withSupportingInfo],
    ['several conditions (all must hold)', { claimType: ['professional'], gender: ['male'], ageAbove: 30 }, { claimType: ['professional'], gender: ['male'], ageAbove: 40 }],
    ['no condition', {}, { claimType: [] } as Conditions],
  ];
  for (const [name, yes, no, edit] of cases.slice(0, -1)) {
    it(`${name}: holds and does not hold`, () => {
      expect(holdsOn(yes, edit)).toBe(true);
      expect(holdsOn(no, edit)).toBe(false);
    });
  }

  it('an empty `when` always holds', () => {
    expect(holdsOn({})).toBe(true);
  });

  it('age counts whole years at Claim.created, and fails without a birth date', () => {
    // Born 1984-12-25: 36 the day before the birthday, 37 on it.
    expect(holdsOn({ ageAbove: 36 }, (claim) => (claim.created = '2021-12-24'))).toBe(false);
    expect(holdsOn({ ageAbove: 36 }, (claim) => (claim.created = '2021-12-25'))).toBe(true);
    expect(holdsOn({ ageUnder: 200 }, (_claim, patient) => delete patient.birthDate)).toBe(false);
  });

  it('quantityAbove looks at any item, and serviceNotIn means no item is listed', () => {
    const twoItems = (claim: any) => {
      claim.item.push({ ...structuredClone(claim.item[0]), sequence: 2, quantity: { value: 5 }, productOrService: { coding: [{ system: 'x', code: 'OTHER' }] } });
    };
    expect(holdsOn({ quantityAbove: 4 }, twoItems)).toBe(true);
    expect(holdsOn({ serviceNotIn: ['OTHER'] }, twoItems)).toBe(false);
    expect(holdsOn({ service: ['OTHER'] }, twoItems)).toBe(true);
  });
});

describe('policy decisions', () => {
  it('the first rule whose conditions all hold decides, with its reason code and index', () => {
    const policy = parsePolicy({
      rules: [
        { when: { claimType: ['oral'] }, decision: 'reject', reason: 'CV-1-4' },
        { when: { diagnosis: ['S62*'], service: ['83620-00-10'] }, decision: 'reject', reason: 'AD-1-4' },
        { when: { claimType: ['professional'] }, decision: 'approve' },
        { when: {}, decision: 'reject', reason: 'CV-1-3' },
      ],
    });
    expect(decide(claimMessage(), policy)).toEqual({ decision: 'reject', reason: 'AD-1-4', reasonDisplay: 'Diagnosis is inconsistent with service/procedure', ruleIndex: 1 });
    expect(decide(claimMessage((c) => (c.diagnosis[0].diagnosisCodeableConcept.coding[0].code = 'J06.9')), policy)).toEqual({ decision: 'approve', ruleIndex: 2 });
    const visionElsewhere = (c: any) => {
      c.type.coding[0].code = 'vision';
      c.item[0].productOrService.coding[0].code = '42503-00-02';
    };
    expect(decide(claimMessage(visionElsewhere), policy)).toMatchObject({ decision: 'reject', reason: 'CV-1-3', ruleIndex: 3 });
  });

  it('the default decides when no rule holds', () => {
    expect(decide(claimMessage(), parsePolicy({ rules: [{ when: { claimType: ['oral'] }, decision: 'reject', reason: 'CV-1-4' }] }))).toEqual({ decision: 'approve' });
    expect(decide(claimMessage(), parsePolicy({ default: 'reject', defaultReason: 'BE-1-3' }))).toMatchObject({ decision: 'reject', reason: 'BE-1-3' });
  });

  it('a message without a focal Claim is approved', () => {
    expect(decide(sample('14a-eligibilty-request-ben-val.json').json, parsePolicy({ default: 'reject', defaultReason: 'BE-1-3' }))).toEqual({ decision: 'approve' });
  });

  describe('noise', () => {
    const messages = Array.from({ length: 4000 }, () => claimMessage()).map((m, i) => ({ ...m, id: `bundle-${i}` }));
    const flips = (policy: Policy, list = messages) => list.map((m) => decide(m, policy)).filter((d) => d.flipped === true);

    it('flips about its share of decisions, both ways, with the noise reason for approvals turned into rejections', () => {
      const approving = parsePolicy({ noise: 0.1, seed: 7 });
      const flipped = flips(approving);
      expect(flipped.length / messages.length).toBeGreaterThan(0.085);
      expect(flipped.length / messages.length).toBeLessThan(0.115);
      expect(flipped.every((d) => d.decision === 'reject' && d.reason === 'MN-1-1')).toBe(true);
      const rejecting = parsePolicy({ noise: 0.1, seed: 7, noiseReason: 'BE-1-6', rules: [{ when: {}, decision: 'reject', reason: 'AD-1-4' }] });
      const back = flips(rejecting);
      expect(back.every((d) => d.decision === 'approve' && d.reason === undefined && d.ruleIndex === 0)).toBe(true);
      expect(back.length).toBe(flipped.length);
      expect(flips(parsePolicy({ noise: 0.1, seed: 7, noiseReason: 'BE-1-6' }))[0]).toMatchObject({ reason: 'BE-1-6' });
    });

    it('is reproducible per message: same seed, same flips in any order; another seed, other flips', () => {
      const policy = parsePolicy({ noise: 0.2, seed: 7 });
      const ids = (list: { id: string }[]) => new Set(list.filter((m) => decide(m as any, policy).flipped).map((m) => m.id));
      const forward = ids(messages);
      expect(ids([...messages].reverse())).toEqual(forward);
      const other = new Set(messages.filter((m) => decide(m, parsePolicy({ noise: 0.2, seed: 8 })).flipped).map((m) => m.id));
      expect(other).not.toEqual(forward);
    });

    it('takes an explicit random source when given one', () => {
      const policy = parsePolicy({ noise: 0.5 });
      expect(decide(claimMessage(), policy, () => 0.49).flipped).toBe(true);
      expect(decide(claimMessage(), policy, () => 0.5).flipped).toBeUndefined();
    });
  });
});

describe('invalid policies are refused with the field named', () => {
  const refused: [string, unknown, string][] = [
    ['not an object', [], ''],
    ['unknown top-level field', { defualt: 'approve' }, 'defualt'],
    ['default', { default: 'maybe' }, 'default'],
    ['default reject without a reason', { default: 'reject' }, 'defaultReason'],
    ['noise out of range', { noise: 1.5 }, 'noise'],
    ['noise not a number', { noise: '5%' }, 'noise'],
    ['seed not whole', { seed: 1.5 }, 'seed'],
    ['rules not a list', { rules: {} }, 'rules'],
    ['unknown condition', { rules: [{ when: { claimTypes: ['oral'] }, decision: 'approve' }] }, 'rules[0].when.claimTypes'],
    ['a list condition given a number', { rules: [{ when: { service: 5 }, decision: 'approve' }] }, 'rules[0].when.service'],
    ['an empty list', { rules: [{ when: { diagnosis: [] }, decision: 'approve' }] }, 'rules[0].when.diagnosis'],
    ['a number condition given text', { rules: [{ when: { ageUnder: '18' }, decision: 'approve' }] }, 'rules[0].when.ageUnder'],
    ['decision', { rules: [{ when: {}, decision: 'deny' }] }, 'rules[0].decision'],
    ['rejection without a reason', { rules: [{ when: {}, decision: 'reject' }] }, 'rules[0].reason'],
    ['a reason code NPHIES does not have', { rules: [{ when: {}, decision: 'approve' }, { when: {}, decision: 'reject', reason: 'AD-9-9' }] }, 'rules[1].reason'],
    ['noise reason', { noiseReason: 'N-DC-079' }, 'noiseReason'],
    ['unknown rule field', { rules: [{ when: {}, decision: 'approve', because: 'x' }] }, 'rules[0].because'],
  ];
  for (const [name, json, field] of refused) {
    it(name, () => {
      let caught: unknown;
      try {
        parsePolicy(json);
      } catch (problem) {
        caught = problem;
      }
      expect(caught).toBeInstanceOf(PolicyError);
      expect(caught).toMatchObject({ code: 'WASL_ERR_INVALID_POLICY', field });
      if (field !== '') expect((caught as Error).message).toContain(field);
    });
  }

  it("the README's example policy is valid", () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### A payer with a policy'));
    const example = /```json\n([\s\S]*?)```/.exec(section)![1]!;
    expect(parsePolicy(JSON.parse(example)).rules.map((r) => r.reason)).toEqual(['AD-1-4', undefined, 'SE-1-3']);
  });

  it('loadPolicy reads a file, and names a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasl-policy-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ default: 'approve', noise: 0.05, seed: 7, rules: [{ when: { diagnosis: ['J*'] }, decision: 'reject', reason: 'AD-1-4' }] }));
    writeFileSync(join(dir, 'bad.json'), '{ "default": ');
    expect(loadPolicy(join(dir, 'ok.json'))).toMatchObject({ default: 'approve', noise: 0.05, seed: 7, noiseReason: 'MN-1-1' });
    expect(() => loadPolicy(join(dir, 'bad.json'))).toThrow(/bad\.json is not JSON/);
    expect(() => loadPolicy(join(dir, 'missing.json'))).toThrow(/cannot read .*missing\.json: ENOENT/);
  });
});
