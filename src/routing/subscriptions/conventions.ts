/**
 * The names Wasl's subscriptions use: the R5 Subscriptions Backport for R4 (STU 1.1,
 * http://hl7.org/fhir/uv/subscriptions-backport/) and the one topic Wasl publishes, "a message
 * was queued for you" (SPEC section 6, Notifications).
 */

const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';

/** Profile of a topic-based R4 Subscription (backport section "R4 Topic-Based Subscription"). */
export const BACKPORT_SUBSCRIPTION_PROFILE = `${BACKPORT}/backport-subscription`;
/** Profile of the Parameters resource that stands in for R5 SubscriptionStatus in R4. */
export const BACKPORT_STATUS_PROFILE = `${BACKPORT}/backport-subscription-status-r4`;
/** Profile of the `history` Bundle posted to a rest-hook endpoint. */
export const BACKPORT_NOTIFICATION_PROFILE = `${BACKPORT}/backport-subscription-notification-r4`;
/** On `Subscription.channel.payload`: how much a notification carries (`empty`, `id-only`, `full-resource`). */
export const PAYLOAD_CONTENT_URL = `${BACKPORT}/backport-payload-content`;
/** On `Subscription.criteria`: a search-style filter narrowing the topic (`recipient=<licence>`). */
export const FILTER_CRITERIA_URL = `${BACKPORT}/backport-filter-criteria`;

/** The only media type Wasl posts notifications in. */
export const NOTIFICATION_MEDIA_TYPE = 'application/fhir+json';

/** The addresses one gateway gives its topic, its subscriptions and the messages they point at. */
export class SubscriptionAddresses {
  readonly #publicUrl: string;
  readonly #fhirBase: string;

  constructor(publicUrl: string, fhirBase: string) {
    this.#publicUrl = publicUrl.replace(/\/+$/, '');
    this.#fhirBase = fhirBase;
  }

  /** The topic canonical a Subscription names in `criteria`: a message landed in the subscriber's queue. */
  get topic(): string {
    return `${this.#publicUrl}/SubscriptionTopic/queued-messages`;
  }

  /** Wasl's code system of what failed when a hook was called (failure.ts `FailureKind`). */
  get failureCodeSystem(): string {
    return `${this.#publicUrl}/CodeSystem/subscription-delivery-failure`;
  }

  /** Wasl's complex extension on `$status`'s `error`: attempt, when it failed, HTTP status, next retry. */
  get failureExtension(): string {
    return `${this.#publicUrl}/StructureDefinition/subscription-delivery-failure`;
  }

  subscription(id: string): string {
    return `${this.#publicUrl}${this.#fhirBase}/Subscription/${id}`;
  }

  status(id: string): string {
    return `${this.subscription(id)}/$status`;
  }

  /** What a notification's `focus` names: the queued Bundle, fetched by poll-request under this id. */
  queuedBundle(bundleId: string): string {
    return `${this.#publicUrl}/Bundle/${bundleId}`;
  }
}
