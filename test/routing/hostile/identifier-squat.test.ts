/**
 * Issue 9, item 3: one provider must not be able to disable another provider's claim by reusing
 * its business identifier (Claim.identifier). The identifier index is keyed by sender and
 * receiver, and a rejected message never enters it. Asserted on both store adapters.
 */
import { expect, it } from 'vitest';
import { describeOnBothStores } from '../../support/both-stores.js';
import { errorsOf, focalOf, headerOf } from '../../support/gateway.js';
import { fresh, sample, targetOf, taskFor } from '../../support/samples.js';

describeOnBothStores('a Claim.identifier squat by another provider', { WASL_SYNC_WINDOW_MS: '50', WASL_LEASE_MS: '60000' }, (gw) => {
  it('neither a rejected nor an accepted message of N-F-00001 touches the claim N-F-00002 sent under that identifier', async () => {
    const owner = await gw.client('N-F-00002');
    const squatter = await gw.client('N-F-00001');
    const payer = await gw.client('N-I-00001');

    const claim = targetOf(sample('9b-statuscheck-request.json').json);
    claim.entry[1].resource.identifier[0].value = `squat-${claim.id}`;
    const sent = await owner.send(claim);
    expect(errorsOf(sent.json)).toEqual([]);
    expect(focalOf(sent.json).outcome).toBe('queued');
    const stolen = structuredClone(claim.entry[1].resource.identifier);

    // A rejected squat: sample 10 carrying N-F-00002's identifier and a wrong Claim.use.
    const rejected = fresh(sample('10-claim-professional-request.json').json);
    rejected.entry[1].resource.identifier = structuredClone(stolen);
    rejected.entry[1].resource.use = 'preauthorization';
    const refused = await squatter.send(rejected);
    expect(errorsOf(refused.json).map((e) => e.code)).toContain('BV-00165');

    // An accepted squat: the same identifier on a valid claim of N-F-00001 is its own new claim,
    // queued for the payer, and it does not get N-F-00002's answer.
    const accepted = fresh(sample('10-claim-professional-request.json').json);
    accepted.entry[1].resource.identifier = structuredClone(stolen);
    const own = await squatter.send(accepted);
    expect(errorsOf(own.json)).toEqual([]);
    expect(focalOf(own.json).outcome).toBe('queued');
    expect(headerOf(own.json).response.identifier).toBe(accepted.entry[0].resource.id);

    // N-F-00002's status check still finds its claim (not BV-00459) and its cancel is not BV-00222.
    const status = await owner.send(taskFor('9b-statuscheck-request.json', claim));
    expect(errorsOf(status.json)).toEqual([]);
    expect(headerOf(status.json).eventCoding.code).toBe('status-response');
    const cancel = await owner.send(taskFor('17a-cancel-request.json', claim, 'cancel'));
    expect(errorsOf(cancel.json).map((e) => e.code)).not.toContain('BV-00222');

    // N-F-00002's resubmission under the same identifier is recognised, not queued a second time.
    const again = fresh(claim);
    again.entry[1].resource.identifier = structuredClone(stolen);
    const resent = await owner.send(again);
    expect(focalOf(resent.json).outcome).toBe('queued');

    const { messages } = await payer.poll({ count: 50, include: ['claim-request', 'priorauth-request'] });
    const ids = messages.map((m) => m.bundleId);
    expect(ids).toContain(claim.id);
    expect(ids).toContain(accepted.id);
    expect(ids).not.toContain(again.id);
    expect(ids).not.toContain(rejected.id);
  });
});
