/**
 * Operational metrics in the Prometheus text format (`GET /metrics`): what an operator watches
 * to know the hub is healthy. Queue gauges are read from the store at scrape time, so every
 * instance over one Redis reports the same, shared queues; counters are per instance.
 *
 * One registry per gateway (not prom-client's global one): tests run several gateways in a process.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { STAGES, type ExchangeObserver, type MessageOutcome, type StageTimes } from '../routing/exchange.js';
import type { PayerPushStats } from '../routing/push/index.js';
import type { MessageQueue } from '../store/ports.js';

export interface ExtraCollector {
  /** Called at every scrape; sets gauges it registered on `registry`. */
  collect(): void | Promise<void>;
}

export class GatewayMetrics implements ExchangeObserver {
  readonly registry = new Registry();
  readonly #messages: Counter<'event' | 'outcome'>;
  readonly #redeliveries: Counter<'recipient'>;
  readonly #latency: Histogram<'event'>;
  readonly #stages: Histogram<'stage' | 'event'>;
  /** One child per stage (in `STAGES` order) for each event seen: no label object per observation. */
  readonly #stageChildren = new Map<string, Histogram.Internal<'stage' | 'event'>[]>();
  readonly #collectors: ExtraCollector[] = [];
  #renderer: (() => Promise<{ contentType: string; body: string }>) | undefined;
  readonly #push: Record<'breaker' | 'delivered' | 'failed' | 'consecutive' | 'inFlight', Gauge<'payer'>>;

  constructor(queue: Pick<MessageQueue, 'queueReport' | 'deadLetters'>, now: () => number = Date.now) {
    const registers = [this.registry];
    this.#messages = new Counter({ name: 'wasl_messages_total', help: 'Messages submitted, by event and outcome', labelNames: ['event', 'outcome'], registers });
    this.#redeliveries = new Counter({ name: 'wasl_redeliveries_total', help: 'Messages handed out again after their lease expired', labelNames: ['recipient'], registers });
    this.#latency = new Histogram({
      name: 'wasl_submission_seconds',
      help: 'Time from request to answer of $process-message, by event (includes the synchronous window)',
      labelNames: ['event'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // Stages run from about 10 µs (a signature, a cached look-up) to a second (a store under load).
    this.#stages = new Histogram({
      name: 'wasl_stage_seconds',
      help: 'Time a $process-message submission spent in each stage (parse, authenticate, validate, store, sign, respond), by event',
      labelNames: ['stage', 'event'],
      buckets: [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    const depth = new Gauge({ name: 'wasl_queue_depth', help: 'Messages queued for a recipient, leased or not', labelNames: ['recipient'], registers, aggregator: 'first' });
    const available = new Gauge({ name: 'wasl_queue_available', help: 'Queued messages not currently leased', labelNames: ['recipient'], registers, aggregator: 'first' });
    const oldest = new Gauge({ name: 'wasl_queue_oldest_age_seconds', help: 'Age of the oldest queued message of a recipient', labelNames: ['recipient'], registers, aggregator: 'first' });
    const redelivered = new Gauge({ name: 'wasl_queue_redelivered', help: 'Queued messages that were handed out more than once', labelNames: ['recipient'], registers, aggregator: 'first' });
    this.#push = {
      breaker: new Gauge({ name: 'wasl_push_breaker_state', help: 'Push circuit breaker per payer: 0 closed, 1 half-open, 2 open', labelNames: ['payer'], registers, aggregator: 'max' }),
      delivered: new Gauge({ name: 'wasl_push_delivered', help: 'Messages a push payer took (2xx) since this instance started', labelNames: ['payer'], registers }),
      failed: new Gauge({ name: 'wasl_push_failed_attempts', help: 'Push attempts that timed out, failed or got a non-2xx since start', labelNames: ['payer'], registers }),
      consecutive: new Gauge({ name: 'wasl_push_consecutive_failures', help: 'Failed push attempts in a row', labelNames: ['payer'], registers, aggregator: 'max' }),
      inFlight: new Gauge({ name: 'wasl_push_in_flight', help: 'Push attempts in flight', labelNames: ['payer'], registers }),
    };
    const dead = new Gauge({ name: 'wasl_dead_letters', help: 'Messages dead-lettered after WASL_MAX_DELIVERIES deliveries, awaiting replay', labelNames: ['recipient'], registers, aggregator: 'first' });
    const recipients = new Gauge({ name: 'wasl_queue_recipients', help: 'Recipients with at least one queued message', registers, aggregator: 'first' });
    // Read at scrape time, before the registry serialises; reset first so emptied queues disappear.
    this.#collectors.push({
      async collect() {
        const report = await queue.queueReport();
        for (const gauge of [depth, available, oldest, redelivered]) gauge.reset();
        const at = now();
        for (const q of report) {
          depth.set({ recipient: q.recipient }, q.depth);
          available.set({ recipient: q.recipient }, q.available);
          redelivered.set({ recipient: q.recipient }, q.redelivered);
          if (q.oldestEnqueuedAt !== undefined) oldest.set({ recipient: q.recipient }, Math.max(0, (at - q.oldestEnqueuedAt) / 1000));
        }
        recipients.set(report.length);
        const letters = await queue.deadLetters();
        dead.reset();
        for (const letter of letters) dead.inc({ recipient: letter.recipient });
      },
    });
  }

  message(event: string, outcome: MessageOutcome): void {
    this.#messages.inc({ event, outcome });
  }

  redelivered(recipient: string, count = 1): void {
    this.#redeliveries.inc({ recipient }, count);
  }

  submission(event: string, seconds: number): void {
    this.#latency.observe({ event }, seconds);
  }

  stages(event: string, times: StageTimes): void {
    let children = this.#stageChildren.get(event);
    if (children === undefined) {
      children = STAGES.map((stage) => this.#stages.labels(stage, event));
      this.#stageChildren.set(event, children);
    }
    for (let i = 0; i < STAGES.length; i += 1) {
      const ms = times[STAGES[i]!];
      if (ms >= 0) children[i]!.observe(ms / 1000);
    }
  }

  pushStats(stats: readonly PayerPushStats[]): void {
    for (const gauge of Object.values(this.#push)) gauge.reset();
    for (const payer of stats) {
      const label = { payer: payer.licence };
      this.#push.breaker.set(label, payer.state === 'closed' ? 0 : payer.state === 'half-open' ? 1 : 2);
      this.#push.delivered.set(label, payer.delivered);
      this.#push.failed.set(label, payer.failedAttempts);
      this.#push.consecutive.set(label, payer.consecutiveFailures);
      this.#push.inFlight.set(label, payer.inFlight);
    }
  }

  addCollector(collector: ExtraCollector): void {
    this.#collectors.push(collector);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    if (this.#renderer) return this.#renderer();
    for (const collector of this.#collectors) await collector.collect();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** This process's metrics as prom-client JSON (collectors run first), for a cluster's primary to aggregate. */
  async snapshot(): Promise<unknown[]> {
    for (const collector of this.#collectors) await collector.collect();
    return this.registry.getMetricsAsJSON();
  }

  /**
   * In a cluster worker, `/metrics` answers for the whole cluster: the scrape reaches one worker,
   * which asks the primary to gather and aggregate every worker's snapshot.
   */
  renderVia(renderer: () => Promise<{ contentType: string; body: string }>): void {
    this.#renderer = renderer;
  }
}
