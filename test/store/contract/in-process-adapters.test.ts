/** The signals and waiters contracts against the in-process adapters the embedded store uses. */
import { LocalAnswerWaiters } from '../../../src/routing/waiters.js';
import { LocalSignals } from '../../../src/store/embedded/local-signals.js';
import { signalsContract } from './signals.contract.js';
import { waitersContract } from './waiters.contract.js';

signalsContract('in-process', {
  create: async () => new LocalSignals(),
  destroy: (signals) => signals.close(),
});

waitersContract('in-process', {
  create: async () => new LocalAnswerWaiters(),
  destroy: async (waiters) => waiters.releaseAll(),
});
