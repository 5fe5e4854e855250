/**
 * One measured phase: autocannon against one target for a fixed time. Each request takes the
 * next pre-generated body from the feed and its sender's Authorization header; each response is
 * timed (autocannon's own per-response time, in fractional ms) and, for the gateway, classified.
 *
 * A scaled-out gateway is one target with several URLs. A single autocannon gets them all: it
 * deals its connections out round-robin (connection i to URL i mod n), so every instance gets the
 * same number of keep-alive connections from one load generator, one feed (no body sent twice by
 * accident) and one clock. Each response is counted against the instance that sent it.
 */
import autocannon from 'autocannon';
import type { Outcome } from './classify.js';
import type { Dispatch, Feed } from './feeds.js';
import { OutcomeTable, Samples } from './stats.js';

export interface PhaseInput {
  /** One URL, or one per instance of a scaled-out gateway. */
  readonly urls: readonly string[];
  readonly durationS: number;
  readonly connections: number;
  readonly timeoutS: number;
  readonly feed: Feed;
  readonly authorization: (sender: string) => string;
  /** Reads the gateway's answer; omitted for the echo server (its answer is the request). */
  readonly classify?: (status: number, body: string) => Outcome;
  readonly isAccepted?: (outcome: Outcome) => boolean;
  /** Every classified response, with its latency (ms). */
  readonly onOutcome?: (dispatch: Dispatch, outcome: Outcome, latencyMs: number) => void;
  /** Counts responses as they come (the progress bar reads it). */
  readonly live?: { responses: number };
}

export interface PhaseOutput {
  /** Seconds autocannon actually ran. */
  readonly durationS: number;
  readonly responses: number;
  readonly non2xx: number;
  /** Connection errors and timeouts (autocannon counts timeouts as errors too). */
  readonly errors: number;
  readonly timeouts: number;
  /** Latency of every 2xx response, ms. */
  readonly latencies: Samples;
  readonly outcomes: OutcomeTable;
  readonly statusCodes: Record<string, number>;
  /** Responses per instance, in the order of `urls`. */
  readonly byInstance: readonly InstanceOutput[];
}

export interface InstanceOutput {
  readonly url: string;
  responses: number;
  non2xx: number;
  /** Latency of this instance's 2xx responses, ms. */
  readonly latencies: Samples;
}

interface Context {
  dispatch?: Dispatch;
}

export function runPhase(input: PhaseInput): Promise<PhaseOutput> {
  const latencies = new Samples();
  const outcomes = new OutcomeTable();
  const byInstance: InstanceOutput[] = input.urls.map((url) => ({ url, responses: 0, non2xx: 0, latencies: new Samples() }));
  const byOrigin = new Map(byInstance.map((instance) => [new URL(instance.url).origin, instance]));
  // onResponse and the instance's 'response' event fire back to back for the same response:
  // the first classifies it, the second brings its time.
  let last: { dispatch: Dispatch; outcome: Outcome } | undefined;

  const request: autocannon.Request = {
    method: 'POST',
    path: '/$process-message',
    setupRequest: (req, context) => {
      const dispatch = input.feed.next();
      (context as Context).dispatch = dispatch;
      req.body = dispatch.body;
      req.headers = { 'content-type': 'application/fhir+json', authorization: input.authorization(dispatch.sender) };
      return req;
    },
    onResponse: (status, body, context) => {
      const dispatch = (context as Context).dispatch;
      if (!dispatch) return;
      const outcome: Outcome = input.classify ? input.classify(status, body) : status === 200 ? 'acknowledged' : `http-${status}`;
      input.feed.completed(dispatch, input.isAccepted ? input.isAccepted(outcome) : status === 200);
      last = { dispatch, outcome };
    },
  };

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      // autocannon takes an array of URLs (lib/url.js) although its typings say string.
      { url: input.urls.length === 1 ? input.urls[0]! : (input.urls as unknown as string), method: 'POST', connections: input.connections, duration: input.durationS, timeout: input.timeoutS, requests: [request] },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          durationS: result.duration,
          responses: result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'],
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          latencies,
          outcomes,
          statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0])),
          byInstance,
        });
      },
    );
    instance.on('response', (client, statusCode, _bytes, responseTime) => {
      const ok = statusCode >= 200 && statusCode < 300;
      if (ok) latencies.add(responseTime);
      const target = byOrigin.get(originOf(client));
      if (target) {
        target.responses += 1;
        if (ok) target.latencies.add(responseTime);
        else target.non2xx += 1;
      }
      if (input.live) input.live.responses += 1;
      if (last) {
        outcomes.add(last.dispatch.kind, last.outcome, responseTime);
        input.onOutcome?.(last.dispatch, last.outcome, responseTime);
      }
      last = undefined;
    });
  });
}

/** The instance a connection talks to: run.js sets `origin` on the options each Client is built from. */
function originOf(client: autocannon.Client): string {
  return (client as autocannon.Client & { opts?: { origin?: string } }).opts?.origin ?? '';
}
