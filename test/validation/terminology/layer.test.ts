/**
 * The terminology layer in the real pipeline (buildValidation, as the gateway builds it): a code its code system
 * does not define is an error under the element's official code, a code Wasl cannot verify is a warning, and a
 * code the profile layer already reports for its bound element is reported once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { readEnvelope } from '../../../src/fhir/message.js';
import type { Finding } from '../../../src/findings/finding.js';
import { buildValidation, type Validation } from '../../../src/validation/build.js';
import { TerminologyFileError, loadTerminology } from '../../../src/validation/terminology/load.js';
import { sample } from '../../support/samples.js';

const { schemasDir, profilesDir } = loadConfig({});
const validation = buildValidation({ schemasDir, profilesDir });
const dir = mkdtempSync(join(tmpdir(), 'wasl-sbs-layer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function findings(bundle: unknown, pipeline: Validation = validation): Finding[] {
  const read = readEnvelope(bundle);
  if (!read.ok) throw new Error(`not a message: ${read.problem.code}`);
  return pipeline.validator.validate(read.envelope, pipeline.events.get(read.envelope.event)!);
}

/** Findings at or below `at` (an element and its codings), as `severity code expression`. */
function at(list: Finding[], expression: string): string[] {
  return list.filter((f) => f.expression === expression || f.expression?.startsWith(`${expression}.`)).map((f) => `${f.severity} ${f.code} ${f.expression}`);
}

const CLAIM = 'Bundle.entry[1].resource';

describe('codes of the NPHIES code systems', () => {
  it('an unknown code on an element without a binding gets the generic IB-00237 at its coding', () => {
    const bundle = sample('8-claim-institutional-request.json').json;
    bundle.entry[3].resource._gender.extension[0].valueCodeableConcept.coding[0].code = 'zz';
    const expression = 'Bundle.entry[3].resource._gender.extension[0].valueCodeableConcept.coding[0]';
    expect(at(findings(bundle), 'Bundle.entry[3].resource._gender')).toEqual([`error IB-00237 ${expression}`]);
  });

  it('an unknown code on an element the profile does not bind gets the element\'s own IB code', () => {
    const bundle = sample('8-claim-institutional-request.json').json;
    bundle.entry[1].resource.supportingInfo[4].code.coding[0].code = 'A01.9';
    expect(at(findings(bundle), `${CLAIM}.supportingInfo[4].code`)).toEqual([`error IB-00045 ${CLAIM}.supportingInfo[4].code.coding[0]`]);
  });

  it('a bound element gets one error, the profile layer\'s, not a second one for its coding', () => {
    const bundle = sample('8-claim-institutional-request.json').json;
    bundle.entry[1].resource.priority.coding[0].code = 'urgent';
    expect(at(findings(bundle), `${CLAIM}.priority`)).toEqual([`error IB-00038 ${CLAIM}.priority`]);
  });

  it('a bound element whose table has no rule of its own gets the profile layer\'s generic IB-00000, once', () => {
    const bundle = sample('8-claim-institutional-request.json').json;
    bundle.entry[3].resource.identifier[0].type.coding[0].code = 'zz';
    const type = 'Bundle.entry[3].resource.identifier[0].type';
    expect(at(findings(bundle), type)).toEqual([`error IB-00000 ${type}`]);
  });

  it('every official sample\'s known codes give no terminology finding (the samples pass, bar the recorded cases)', () => {
    expect(at(findings(sample('14a-eligibilty-request-ben-val.json').json), 'Bundle')).toEqual([]);
  });
});

describe('Saudi Billing System without the operator\'s list', () => {
  it('a code of the right shape is a warning "not verifiable", never an error', () => {
    const list = findings(sample('8-claim-institutional-request.json').json);
    expect(at(list, `${CLAIM}.item[0].productOrService`)).toEqual([`warning WASL_WARN_UNVERIFIABLE_CODE ${CLAIM}.item[0].productOrService.coding[0]`]);
    expect(list.find((f) => f.code === 'WASL_WARN_UNVERIFIABLE_CODE')?.diagnostics).toContain('not verifiable');
  });

  it('a code of the wrong shape is an error under the element\'s code', () => {
    const bundle = sample('8-claim-institutional-request.json').json;
    bundle.entry[1].resource.item[0].productOrService.coding[0].code = '83600';
    expect(at(findings(bundle), `${CLAIM}.item[0].productOrService`)).toEqual([`error IB-00030 ${CLAIM}.item[0].productOrService.coding[0]`]);
  });

  it('a provider\'s own coding beside the SBS code is a translation, not an error (shadow billing, sample 19)', () => {
    const list = findings(sample('19-shadow-billing.json').json);
    expect(list.filter((f) => f.severity === 'error')).toEqual([]);
    expect(at(list, `${CLAIM}.item[0].productOrService`)).toEqual([`warning WASL_WARN_UNVERIFIABLE_CODE ${CLAIM}.item[0].productOrService.coding[0]`]);
  });
});

describe('Saudi Billing System with the operator\'s list (sbsFile)', () => {
  const file = join(dir, 'sbs.txt');
  writeFileSync(file, '83600-00-00\n');
  const withList = buildValidation({ schemasDir, profilesDir, sbsFile: file });

  it('a listed code is known: no finding', () => {
    expect(at(findings(sample('8-claim-institutional-request.json').json, withList), `${CLAIM}.item[0].productOrService`)).toEqual([]);
  });

  it('an unlisted code is an error, reported once', () => {
    const bundle = sample('8-claim-institutional-request.json').json;
    bundle.entry[1].resource.item[0].productOrService.coding[0].code = '83600-00-99';
    expect(at(findings(bundle, withList), `${CLAIM}.item[0].productOrService`)).toEqual([`error IB-00030 ${CLAIM}.item[0].productOrService`]);
  });

  it('an unreadable list stops the start with a coded error', () => {
    expect(() => loadTerminology({ schemasDir, sbsFile: join(dir, 'missing.txt') })).toThrow(TerminologyFileError);
    try {
      loadTerminology({ schemasDir, sbsFile: join(dir, 'missing.txt') });
    } catch (e) {
      expect((e as TerminologyFileError).code).toBe('WASL_ERR_TERMINOLOGY_FILE');
    }
  });

  it('WASL_SBS_FILE names the list; a file that does not exist is a configuration error', () => {
    expect(loadConfig({ WASL_SBS_FILE: file }).sbsFile).toBe(file);
    expect(loadConfig({}).sbsFile).toBeUndefined();
    expect(() => loadConfig({ WASL_SBS_FILE: join(dir, 'missing.txt') })).toThrow(ConfigError);
    expect(() => loadConfig({ WASL_SBS_FILE: join(dir, 'missing.txt') })).toThrow(/WASL_SBS_FILE/);
  });
});

describe('lists Wasl holds in part', () => {
  it('a medication code outside the published fragment is a warning', () => {
    const bundle = sample('9-claim-pharmacy-request.json').json;
    bundle.entry[1].resource.item[0].productOrService.coding[0].code = '00000000000000';
    expect(at(findings(bundle), `${CLAIM}.item[0].productOrService`)).toEqual([`warning WASL_WARN_UNVERIFIABLE_CODE ${CLAIM}.item[0].productOrService.coding[0]`]);
  });

  it('an ICD-10-AM diagnosis outside the cause-of-death list is a warning (Z01.0), a code the list disproves an error', () => {
    const vision = findings(sample('11-claim-vision-request.json').json);
    expect(at(vision, `${CLAIM}.diagnosis[0]`)).toEqual([`warning WASL_WARN_UNVERIFIABLE_CODE ${CLAIM}.diagnosis[0].diagnosisCodeableConcept.coding[0]`]);
    const bundle = sample('8-claim-institutional-request.json').json;
    bundle.entry[1].resource.diagnosis[0].diagnosisCodeableConcept.coding[0].code = 'A01.9';
    expect(at(findings(bundle), `${CLAIM}.diagnosis[0].diagnosisCodeableConcept`)).toEqual([`error IB-00011 ${CLAIM}.diagnosis[0].diagnosisCodeableConcept`]);
  });

  it('the recorded sample codes: copay is the R4 code, an earlier denial code is a warning', () => {
    const answer = findings(sample('2b-first-response-for-first-preauth-dental-request.json').json);
    expect(at(answer, `${CLAIM}.item[0].adjudication[2].category`)).toEqual([]);
    expect(at(answer, `${CLAIM}.item[1].adjudication[3].reason`)).toEqual([
      `warning WASL_WARN_UNVERIFIABLE_CODE ${CLAIM}.item[1].adjudication[3].reason.coding[0]`,
    ]);
  });
});
