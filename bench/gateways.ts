/**
 * The gateway under load: one process on the embedded store (the default), or, scaled out,
 * several processes over one Redis, behaving as one hub. They share the data directory (CA,
 * gateway key, participants), initialised once before the first starts, and one public URL (the
 * first instance's address), so a token fetched from the first instance is good on every one.
 * They start one after another: each reads the directory and connects to Redis on its own.
 */
import { startTarget, type ProcessUsage, type QueueDepth, type Target } from './targets.js';

export interface GatewayInstancesOptions {
  readonly instances: number;
  readonly dataDir: string;
  readonly syncWindowMs: number;
  /** Worker processes of each instance (one cluster per instance). */
  readonly workers: number;
  /** Scale-out; without it the single instance uses the embedded store. */
  readonly redisUrl?: string;
}

export interface GatewayInstances {
  /** Every instance's own address, in start order. */
  readonly urls: readonly string[];
  /** The address tokens are fetched from and issued for (the first instance). */
  readonly publicUrl: string;
  readonly gatewayLicence: string;
  /** Each instance's process usage, in start order. */
  usage(): Promise<ProcessUsage[]>;
  /** Queue depths; the store is shared, so any instance can tell. */
  queues(licences: string[]): Promise<QueueDepth[]>;
  stop(): Promise<void>;
}

export async function startGateways(options: GatewayInstancesOptions): Promise<GatewayInstances> {
  const started: Target[] = [];
  const stop = async () => {
    await Promise.all(started.map((target) => target.stop()));
  };
  try {
    const base = { dataDir: options.dataDir, syncWindowMs: options.syncWindowMs, workers: options.workers, ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}) };
    started.push(await startTarget('gateway', base));
    const publicUrl = started[0]!.url;
    for (let i = 1; i < options.instances; i += 1) started.push(await startTarget('gateway', { ...base, publicUrl }));
    return {
      urls: started.map((target) => target.url),
      publicUrl,
      gatewayLicence: started[0]!.gatewayLicence,
      usage: () => Promise.all(started.map((target) => target.usage())),
      queues: (licences) => started[0]!.queues(licences),
      stop,
    };
  } catch (problem) {
    await stop();
    throw problem;
  }
}
