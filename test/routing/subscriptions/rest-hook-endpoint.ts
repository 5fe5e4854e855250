/**
 * A subscriber's rest-hook endpoint for tests: a real node:http server on a loopback port that
 * records every notification and answers as scripted (a status, or `hang` to hold the request
 * open until `release()`).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedNotification {
  readonly headers: IncomingHttpHeaders;
  readonly body: any;
}

export type ScriptedAnswer = number | 'hang';

export class RestHookEndpoint {
  readonly received: ReceivedNotification[] = [];
  /** Those given a final answer (2xx or not); a `hang` joins only when released. */
  readonly answered: ReceivedNotification[] = [];
  readonly #server: Server;
  readonly #script: ScriptedAnswer[] = [];
  readonly #hanging: { response: ServerResponse; notification: ReceivedNotification }[] = [];
  #waiters: { match: (n: ReceivedNotification) => boolean; resolve: (n: ReceivedNotification) => void }[] = [];

  private constructor() {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const notification = { headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
        this.received.push(notification);
        const answer = this.#script.shift() ?? 200;
        if (answer === 'hang') {
          this.#hanging.push({ response, notification });
        } else {
          this.answered.push(notification);
          response.writeHead(answer).end();
        }
        const waiting = this.#waiters;
        this.#waiters = [];
        for (const waiter of waiting) {
          if (waiter.match(notification)) waiter.resolve(notification);
          else this.#waiters.push(waiter);
        }
      });
    });
  }

  static async start(): Promise<RestHookEndpoint> {
    const endpoint = new RestHookEndpoint();
    await new Promise<void>((resolve) => endpoint.#server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/notify`;
  }

  /** How the next requests are answered, in order; after the script runs out, 200. */
  script(...answers: ScriptedAnswer[]): void {
    this.#script.push(...answers);
  }

  /** Requests held open by `hang` and not yet released. */
  get hanging(): number {
    return this.#hanging.filter(({ response }) => !response.writableEnded && !response.destroyed).length;
  }

  /** The first notification, received or still to come, that matches. */
  waitFor(match: (n: ReceivedNotification) => boolean): Promise<ReceivedNotification> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  release(): void {
    for (const { response, notification } of this.#hanging.splice(0)) {
      if (response.destroyed) continue;
      this.answered.push(notification);
      response.writeHead(200).end();
    }
  }

  async stop(): Promise<void> {
    this.release();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Readers for the backport notification Bundle (R4: a Parameters resource first). */
export function statusOf(notification: ReceivedNotification): any {
  return notification.body.entry[0].resource;
}

export function parameter(status: any, name: string): any {
  return status.parameter.find((p: any) => p.name === name);
}

export function notificationType(notification: ReceivedNotification): string {
  return parameter(statusOf(notification), 'type').valueCode;
}

/** Each notification-event as { number, focus, event } (focus and event only with id-only). */
export function eventsOf(notification: ReceivedNotification): { number: number; focus?: string; event?: string }[] {
  return statusOf(notification)
    .parameter.filter((p: any) => p.name === 'notification-event')
    .map((p: any) => {
      const part = (name: string) => p.part.find((x: any) => x.name === name);
      const focus = part('focus')?.valueReference.reference;
      const event = part('message-event')?.valueCoding.code;
      return { number: Number(part('event-number').valueString), ...(focus ? { focus } : {}), ...(event ? { event } : {}) };
    });
}
