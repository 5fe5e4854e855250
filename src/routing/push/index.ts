/** Push delivery to payers in `push` mode (SPEC section 6). */
export { backoffCeiling, backoffDelay, type BackoffOptions } from './backoff.js';
export { CircuitBreaker, type BreakerPermit, type BreakerState, type CircuitBreakerOptions } from './circuit-breaker.js';
export { PUSH_FAILURES, PushConfigError, type PushFailure, type PushFailureCode } from './errors.js';
export { answerThroughExchange, pushTargets } from './exchange-answers.js';
export type { FetchLike } from './post-message.js';
export { PUSH_DEFAULTS, PushDelivery, type PushDeliveryOptions } from './push-delivery.js';
export type { PayerPushStats, PushedAnswer, PushEvent, PushHeaders, PushLogger, PushTarget, SubmitAnswer } from './types.js';
