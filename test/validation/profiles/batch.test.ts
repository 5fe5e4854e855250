/**
 * The claim messages a batch-request carries, broken on purpose: each is the batch's focal
 * resource and a message of its own, so its Bundle is checked against the Bundle profile once, as a
 * focal entry, even when it cannot be read as a message, and an unreadable one is reported with the
 * code the gateway answers for such a message, at its place in the batch.
 */
import { describe, expect, it } from 'vitest';
import { sample } from '../../support/samples.js';
import { findingsOf } from '../../support/validator.js';
import { layerFindings, profileLayer } from './support.js';

const layer = profileLayer();
const SD = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/';

/** 16-batch-request: entry[1] and entry[2] are claim messages, both in MessageHeader.focus. */
function batch(): any {
  return structuredClone(sample('16-batch-request.json').json);
}

describe('profile layer: a claim message in a batch', () => {
  it('a claim Bundle without entry is IC-01428 at its entry, though it is no readable message', () => {
    const b = batch();
    delete b.entry[1].resource.entry;
    expect(layerFindings(layer, b)).toEqual([{ code: 'IC-01428', expression: 'Bundle.entry[1].resource.entry' }]);
  });

  it('a claim Bundle without type is IC-00011 at its type', () => {
    const b = batch();
    delete b.entry[1].resource.type;
    expect(layerFindings(layer, b)).toEqual([{ code: 'IC-00011', expression: 'Bundle.entry[1].resource.type' }]);
  });

  it('a readable claim Bundle missing an element is reported once, by the batch pass', () => {
    const b = batch();
    delete b.entry[2].resource.timestamp;
    expect(layerFindings(layer, b)).toEqual([{ code: 'IC-00010', expression: 'Bundle.entry[2].resource.timestamp' }]);
  });

  it('an unknown profile on a claim Bundle the batch focuses on is RE-00165, as on any focal resource', () => {
    const b = batch();
    b.entry[1].resource.meta.profile = [`${SD}no-such-bundle|1.0.0`];
    expect(layerFindings(layer, b)).toEqual([{ code: 'RE-00165', expression: 'Bundle.entry[1].resource' }]);
  });

  it('an unknown profile on a Bundle the batch does not focus on is RE-00170', () => {
    const b = batch();
    b.entry[0].resource.focus = b.entry[0].resource.focus.slice(0, 1);
    b.entry[2].resource.meta.profile = [`${SD}no-such-bundle|1.0.0`];
    expect(layerFindings(layer, b)).toEqual([{ code: 'RE-00170', expression: 'Bundle.entry[2].resource' }]);
  });

  it('a claim Bundle declaring a claim profile is RE-00170', () => {
    const b = batch();
    b.entry[1].resource.meta.profile = [`${SD}institutional-claim|1.0.0`];
    expect(layerFindings(layer, b)).toEqual([{ code: 'RE-00170', expression: 'Bundle.entry[1].resource' }]);
  });

  it('the resources inside a claim message are still checked by its own pass', () => {
    const b = batch();
    delete b.entry[2].resource.entry[1].resource.priority;
    expect(layerFindings(layer, b)).toEqual([{ code: 'IC-00053', expression: 'Bundle.entry[2].resource.entry[1].resource.priority' }]);
  });
});

describe('the pipeline: an unreadable claim message in a batch', () => {
  it('without type: IC-00011 and BV-00130 ("Bundle.type SHALL be message") at its type', () => {
    const b = batch();
    delete b.entry[1].resource.type;
    const found = findingsOf(b);
    expect(found).toContainEqual({ code: 'IC-00011', expression: 'Bundle.entry[1].resource.type' });
    expect(found).toContainEqual({ code: 'BV-00130', expression: 'Bundle.entry[1].resource.type' });
  });

  it('of another Bundle type: BV-00130 at its type', () => {
    const b = batch();
    b.entry[1].resource.type = 'collection';
    expect(findingsOf(b)).toContainEqual({ code: 'BV-00130', expression: 'Bundle.entry[1].resource.type' });
  });

  it('without entry: IC-01428 at its entry and BV-00126 (no MessageHeader first) at its first entry', () => {
    const b = batch();
    delete b.entry[1].resource.entry;
    const found = findingsOf(b);
    expect(found).toContainEqual({ code: 'IC-01428', expression: 'Bundle.entry[1].resource.entry' });
    expect(found).toContainEqual({ code: 'BV-00126', expression: 'Bundle.entry[1].resource.entry[0].resource' });
  });

  it('does not stop the other claim messages from being checked', () => {
    const b = batch();
    delete b.entry[1].resource.type;
    delete b.entry[2].resource.entry[1].resource.priority;
    expect(findingsOf(b)).toContainEqual({ code: 'IC-00053', expression: 'Bundle.entry[2].resource.entry[1].resource.priority' });
  });

  it('reports an unknown profile on a focal claim Bundle as RE-00165', () => {
    const b = batch();
    b.entry[1].resource.meta.profile = [`${SD}no-such-bundle|1.0.0`];
    const found = findingsOf(b);
    expect(found).toContainEqual({ code: 'RE-00165', expression: 'Bundle.entry[1].resource' });
    expect(found).not.toContainEqual({ code: 'RE-00170', expression: 'Bundle.entry[1].resource' });
  });

  it('the batch as published gives no finding', () => {
    expect(findingsOf(batch())).toEqual([]);
  });
});
