/**
 * The signals contract: in-process (embedded) and pub/sub (Redis) signals must behave alike for
 * one instance. Delivery may be asynchronous, so tests wait for signals instead of sleeping.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewaySignals, QueueSignal } from '../../../src/store/ports.js';

export interface SignalsFactory {
  create(): Promise<GatewaySignals>;
  destroy(signals: GatewaySignals): Promise<void>;
}

/** Resolves with the first signal for `recipient` that reaches `signals`. */
export function nextSignal(signals: GatewaySignals, recipient: string): Promise<QueueSignal> {
  return new Promise((resolve) => {
    const stop = signals.onQueued((signal) => {
      if (signal.recipient !== recipient) return;
      stop();
      resolve(signal);
    });
  });
}

export function signalsContract(name: string, factory: SignalsFactory): void {
  describe(`${name}: signals contract`, () => {
    let signals: GatewaySignals;
    beforeAll(async () => {
      signals = await factory.create();
    });
    afterAll(async () => {
      await factory.destroy(signals);
    });

    it('tells every listener that a message was queued', async () => {
      const signal: QueueSignal = { recipient: `payer-${randomUUID()}`, bundleId: randomUUID(), event: 'claim-request' };
      const first = nextSignal(signals, signal.recipient);
      const second = nextSignal(signals, signal.recipient);
      signals.queued(signal);
      expect(await first).toEqual(signal);
      expect(await second).toEqual(signal);
    });

    it('stops telling a listener that unsubscribed', async () => {
      const recipient = `payer-${randomUUID()}`;
      const heard: string[] = [];
      const stop = signals.onQueued((signal) => {
        if (signal.recipient === recipient) heard.push(signal.bundleId);
      });
      const firstArrived = nextSignal(signals, recipient);
      signals.queued({ recipient, bundleId: 'first', event: 'claim-request' });
      await firstArrived;
      stop();
      // Signals arrive in order: once a later listener has the second, the first listener would have had it too.
      const secondArrived = nextSignal(signals, recipient);
      signals.queued({ recipient, bundleId: 'second', event: 'claim-request' });
      await secondArrived;
      expect(heard).toEqual(['first']);
    });
  });
}
