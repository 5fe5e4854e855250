/**
 * Key names of the Redis store. Every variable part has its `%` and `:` escaped, so a `:` inside
 * a licence or an id can never make two different keys collide.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** Hash of one exchange: `record` (immutable JSON), `state`, `answer`, `answeredAt`. */
  exchange(sender: string, headerId: string): string {
    return `${this.prefix}x:${enc(sender)}:${enc(headerId)}`;
  }

  /** sender + Bundle.id → MessageHeader.id (Bundle ids are unique per sender, BV-00127). */
  bundle(sender: string, bundleId: string): string {
    return `${this.prefix}b:${enc(sender)}:${enc(bundleId)}`;
  }

  /** Business key (a digest of identifier, sender and receiver) → exchange key of the latest accepted exchange. */
  focal(businessKey: string): string {
    return `${this.prefix}f:${enc(businessKey)}`;
  }

  /** Prefix of one recipient's queue keys (see queue-scripts.ts for what lives under it). */
  queue(recipient: string): string {
    return `${this.prefix}q:${enc(recipient)}:`;
  }

  stream(recipient: string, event: string): string {
    return `${this.queue(recipient)}s:${enc(event)}`;
  }

  /** A one-time key (e.g. a client assertion's jti), kept until it expires. */
  once(key: string): string {
    return `${this.prefix}o:${enc(key)}`;
  }

  /** Hub-wide counter giving queue entries their ids, hence their order. */
  get sequence(): string {
    return `${this.prefix}queue-seq`;
  }

  /** Recipients that have dead letters (each recipient's own are in `<queue>dead`). */
  get deadLetterRecipients(): string {
    return `${this.prefix}dead-letter-recipients`;
  }

  /** An archived message (JSON of ArchivedMessage), by its sender and Bundle.id. */
  archived(sender: string, bundleId: string): string {
    return `${this.prefix}a:${enc(sender)}:${enc(bundleId)}`;
  }

  /** Recipient + Bundle.id → the key of what it received in the archive. */
  archivedFor(recipient: string, bundleId: string): string {
    return `${this.prefix}ar:${enc(recipient)}:${enc(bundleId)}`;
  }

  /** Sorted set of one patient's claim lines (JSON) by day of service (see store/risk-history.ts). */
  riskPatient(patientKey: string): string {
    return `${this.prefix}rp:${enc(patientKey)}`;
  }

  /** Hash of one service's billed-price statistics: `<scope>:n`, `<scope>:sum`, `<scope>:sq` (scope `*` or a licence). */
  riskPeers(service: string): string {
    return `${this.prefix}rs:${enc(service)}`;
  }

  /** Sorted set of `<archive key>\n<received key>` by receivedAt, for pruning. */
  get archiveTimes(): string {
    return `${this.prefix}archive-times`;
  }

  /** The exchange ledger: a Stream with ids `<seq>-0` (see ledger-lua.ts). */
  get ledger(): string {
    return `${this.prefix}ledger`;
  }

  /** Hash {seq, hash} of the ledger's last entry. */
  get ledgerHead(): string {
    return `${this.prefix}ledger-head`;
  }

  /** Recipients that have queued messages (for the queue report). */
  get queues(): string {
    return `${this.prefix}queues`;
  }

  get subscriptions(): string {
    return `${this.prefix}subscriptions`;
  }

  /** Subscription id → key of its owner's set of subscription ids. */
  get subscriptionOwners(): string {
    return `${this.prefix}subscription-owners`;
  }

  subscriptionsOf(owner: string): string {
    return `${this.prefix}subscriptions-of:${enc(owner)}`;
  }

  /** Claim token of a provider waiting inside the synchronous window. */
  waiter(key: string): string {
    return `${this.prefix}waiter:${enc(key)}`;
  }

  get answersChannel(): string {
    return `${this.prefix}answers`;
  }

  get queuedChannel(): string {
    return `${this.prefix}queued`;
  }

  /** Hints that the participant registry changed (no payload: every instance reloads). */
  get participantsChannel(): string {
    return participantsChannelOf(this.queuedChannel);
  }

  /** licence → validated participant JSON (see participant-records.ts). */
  get participants(): string {
    return `${this.prefix}participants`;
  }

  /** How many participant changes were ever written. */
  get participantsVersion(): string {
    return `${this.prefix}participants-version`;
  }
}

/** The participants channel beside a queued-messages channel (RedisSignals derives it the same way). */
export function participantsChannelOf(queuedChannel: string): string {
  return `${queuedChannel}:participants`;
}

/** Escapes only what separates key parts (unlike encodeURIComponent, it cannot throw on odd text). */
function enc(part: string): string {
  return part.replace(/[%:]/g, (c) => (c === '%' ? '%25' : '%3A'));
}
