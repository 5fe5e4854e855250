/**
 * The primary's rules for synchronous windows and rate windows (cluster/coordinator.ts), without
 * processes: whoever takes a window first owns it, exactly once.
 */
import { describe, expect, it } from 'vitest';
import { ClusterCoordinator } from '../../src/cluster/coordinator.js';
import { CLUSTER_TAG } from '../../src/store/embedded/cluster-protocol.js';

const tagged = <T extends object>(message: T) => ({ ...message, tag: CLUSTER_TAG });

function replyValue(out: ReturnType<ClusterCoordinator['handle']>): unknown {
  expect(out).toHaveLength(1);
  const message = out[0]!.message;
  if (message.op !== 'reply') throw new Error(`expected a reply, got ${message.op}`);
  return message.value;
}

describe('the cluster coordinator', () => {
  it('hands a window to the first claim only, and then the holder cannot release it', () => {
    const now = 1_000;
    const coordinator = new ClusterCoordinator({ now: () => now });
    coordinator.handle(1, tagged({ op: 'register', key: 'k', token: 't1', ttlMs: 5_000, replace: false }));
    expect(replyValue(coordinator.handle(2, tagged({ op: 'claim', id: 1, key: 'k' })))).toEqual({ holder: 1 });
    expect(replyValue(coordinator.handle(2, tagged({ op: 'claim', id: 2, key: 'k' })))).toEqual({ holder: null });
    // The holder's window closed after the claim: the answer is on its way, do not answer `queued`.
    expect(replyValue(coordinator.handle(1, tagged({ op: 'release', id: 3, key: 'k', token: 't1' })))).toEqual({ released: false });
  });

  it('lets the holder close its own window first, after which no claim finds it', () => {
    const coordinator = new ClusterCoordinator({ now: () => 0 });
    coordinator.handle(1, tagged({ op: 'register', key: 'k', token: 't1', ttlMs: 5_000, replace: false }));
    expect(replyValue(coordinator.handle(1, tagged({ op: 'release', id: 1, key: 'k', token: 't1' })))).toEqual({ released: true });
    expect(replyValue(coordinator.handle(2, tagged({ op: 'claim', id: 2, key: 'k' })))).toEqual({ holder: null });
  });

  it('keeps a window held by another worker (a copy of the request racing there) and forgets a dead worker\'s', () => {
    const coordinator = new ClusterCoordinator({ now: () => 0 });
    coordinator.handle(1, tagged({ op: 'register', key: 'k', token: 't1', ttlMs: 5_000, replace: false }));
    coordinator.handle(2, tagged({ op: 'register', key: 'k', token: 't2', ttlMs: 5_000, replace: true }));
    // Worker 2 never held it: its release is not a lost race for an answer.
    expect(replyValue(coordinator.handle(2, tagged({ op: 'release', id: 1, key: 'k', token: 't2' })))).toEqual({ released: true });
    coordinator.forgetWorker(1);
    expect(replyValue(coordinator.handle(2, tagged({ op: 'claim', id: 2, key: 'k' })))).toEqual({ holder: null });
  });

  it('lets a window expire with its time to live', () => {
    let now = 0;
    const coordinator = new ClusterCoordinator({ now: () => now });
    coordinator.handle(1, tagged({ op: 'register', key: 'k', token: 't1', ttlMs: 100, replace: false }));
    now = 101;
    expect(replyValue(coordinator.handle(2, tagged({ op: 'claim', id: 1, key: 'k' })))).toEqual({ holder: null });
  });

  it('relays signals to the other workers and answers to the holder', () => {
    const coordinator = new ClusterCoordinator();
    expect(coordinator.handle(1, tagged({ op: 'signal', name: 'queued', payload: { recipient: 'P' } }))).toEqual([
      { to: 'others', message: { tag: CLUSTER_TAG, op: 'signal', name: 'queued', payload: { recipient: 'P' } } },
    ]);
    const out = coordinator.handle(2, tagged({ op: 'deliver', to: 1, key: 'k', answer: null }));
    expect(out).toEqual([{ to: 1, message: { tag: CLUSTER_TAG, op: 'deliver', key: 'k', answer: null } }]);
    expect(coordinator.handle(1, { op: 'signal' })).toEqual([]);
  });

  it('keeps each worker\'s share of a rate window and tells every worker all shares', () => {
    let now = 0;
    const coordinator = new ClusterCoordinator({ now: () => now });
    coordinator.handle(1, tagged({ op: 'rate', counts: [['p:N-F-00001', 60_000, 3]] }));
    const out = coordinator.handle(2, tagged({ op: 'batch', messages: [tagged({ op: 'rate', counts: [['p:N-F-00001', 60_000, 2]] })] }));
    expect(out).toEqual([{ to: 'all', message: { tag: CLUSTER_TAG, op: 'rate', windows: [{ key: 'p:N-F-00001', resetAt: 60_000, counts: [[1, 3], [2, 2]] }] } }]);
    // A worker's death does not give the participant a fresh budget.
    coordinator.forgetWorker(1);
    now = 1_000;
    const later = coordinator.handle(2, tagged({ op: 'rate', counts: [['p:N-F-00001', 60_000, 1]] }));
    expect(later[0]!.message).toMatchObject({ windows: [{ counts: [[1, 3], [2, 3]] }] });
    // A new window after the end of the last.
    now = 60_000;
    const next = coordinator.handle(2, tagged({ op: 'rate', counts: [['p:N-F-00001', 60_000, 1]] }));
    expect(next[0]!.message).toMatchObject({ windows: [{ resetAt: 120_000, counts: [[2, 1]] }] });
  });
});
