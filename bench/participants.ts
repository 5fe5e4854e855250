/**
 * The demo participants the load speaks for: one WaslClient each (keys from the data directory
 * `initDevelopment` filled), a token fetched once per sender through SMART Backend Services, and
 * a pre-built `Authorization` header per sender. Tokens live 5 minutes; a timer asks each client
 * every few seconds, which costs nothing until the cached token is close to expiry.
 */
import { localClient } from '../src/cli/local-client.js';
import type { WaslClient } from '../src/client/wasl-client.js';

const REFRESH_EVERY_MS = 5_000;

export class Participants {
  readonly #clients: Map<string, WaslClient>;
  readonly #headers = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  refreshFailures = 0;

  private constructor(clients: Map<string, WaslClient>) {
    this.#clients = clients;
  }

  static async open(dataDir: string, baseUrl: string, licences: readonly string[]): Promise<Participants> {
    const clients = new Map<string, WaslClient>();
    for (const licence of new Set(licences)) clients.set(licence, await localClient(dataDir, licence, baseUrl));
    const participants = new Participants(clients);
    await participants.refresh();
    return participants;
  }

  client(licence: string): WaslClient {
    const client = this.#clients.get(licence);
    if (!client) throw new Error(`no client for ${licence}`);
    return client;
  }

  /** `Bearer <token>` of a sender; a plain map read on the hot path. */
  authorization(licence: string): string {
    const header = this.#headers.get(licence);
    if (header === undefined) throw new Error(`no token for ${licence}`);
    return header;
  }

  async refresh(): Promise<void> {
    await Promise.all([...this.#clients].map(async ([licence, client]) => this.#headers.set(licence, `Bearer ${await client.token()}`)));
  }

  startRefreshing(): void {
    this.#timer ??= setInterval(() => {
      this.refresh().catch(() => {
        this.refreshFailures += 1;
      });
    }, REFRESH_EVERY_MS).unref();
  }

  stopRefreshing(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
