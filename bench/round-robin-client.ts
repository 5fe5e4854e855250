/**
 * A payer's client for the scaled-out gateway: each request it makes (poll, answer,
 * acknowledgement) goes to the next instance in turn, as behind a round-robin load balancer. So a
 * payer polls on one instance and answers on another, and the provider waiting for that answer
 * may sit on a third: the hub's cross-instance paths are under load, not only its local ones.
 *
 * Tokens come from the participant's client at the public URL. The token endpoint wants the
 * client assertion addressed to `<publicUrl>/auth/token`, so a client aimed at another instance
 * could not fetch a token itself, but the token it is given is good on every instance.
 */
import { readFile } from 'node:fs/promises';
import type { JWK } from 'jose';
import { WaslClient, type PostResult, type WaslClientOptions } from '../src/client/wasl-client.js';
import { FileParticipantRegistry } from '../src/security/participants/file-registry.js';
import { participantKeyPath } from '../src/security/paths.js';

/** Talks to one instance with a token fetched elsewhere. */
class InstanceClient extends WaslClient {
  readonly #tokens: WaslClient;

  constructor(options: WaslClientOptions, tokens: WaslClient) {
    super(options);
    this.#tokens = tokens;
  }

  override token(): Promise<string> {
    return this.#tokens.token();
  }
}

export class RoundRobinClient extends WaslClient {
  readonly #instances: readonly InstanceClient[];
  readonly #tokens: WaslClient;
  #next = 0;
  /** Requests sent to each instance, in the order of the instance URLs. */
  readonly sent: number[];

  private constructor(options: WaslClientOptions, instanceUrls: readonly string[], tokens: WaslClient) {
    super(options);
    this.#tokens = tokens;
    this.#instances = instanceUrls.map((baseUrl) => new InstanceClient({ ...options, baseUrl }, tokens));
    this.sent = instanceUrls.map(() => 0);
  }

  /**
   * `tokens` is the participant's own client at the public URL (its cached token is shared);
   * the key and role come from the data directory, as for `localClient`.
   */
  static async open(dataDir: string, tokens: WaslClient, instanceUrls: readonly string[]): Promise<RoundRobinClient> {
    const licence = tokens.licence;
    const participant = (await FileParticipantRegistry.open(dataDir)).get(licence);
    if (!participant || (participant.role !== 'provider' && participant.role !== 'payer')) throw new Error(`${licence} is not a provider or payer in ${dataDir}`);
    const privateJwk = JSON.parse(await readFile(participantKeyPath(dataDir, licence), 'utf8')) as JWK;
    return new RoundRobinClient({ baseUrl: instanceUrls[0]!, licence, role: participant.role, privateJwk }, instanceUrls, tokens);
  }

  override token(): Promise<string> {
    return this.#tokens.token();
  }

  /** `poll()` sends through here too, so polls rotate with the answers. */
  override send(message: string | Record<string, unknown>): Promise<PostResult> {
    const index = this.#next++ % this.#instances.length;
    this.sent[index]! += 1;
    return this.#instances[index]!.send(message);
  }
}
