/**
 * A real gateway for tests: a temporary data directory initialised like `wasl init`, the real
 * server listening on a loopback port, and clients holding the demo participants' real keys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from './free-port.js';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { WaslClient } from '../../src/client/wasl-client.js';
import { loadConfig, type GatewayConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { initDevelopment } from '../../src/security/init.js';
import { participantKeyPath } from '../../src/security/paths.js';

export interface TestGateway {
  readonly gateway: Gateway;
  readonly url: string;
  readonly dataDir: string;
  readonly config: GatewayConfig;
  client(licence: string, language?: string): Promise<WaslClient>;
  /** Raw POST helper for malformed requests. */
  post(path: string, body: string, headers?: Record<string, string>): Promise<{ status: number; text: string; json: any; headers: Headers }>;
  stop(): Promise<void>;
}

const PAYERS = new Set(['N-I-00001', 'INS-FHIR', '7001548317']);

export async function startTestGateway(overrides: Record<string, string> = {}, dataDir?: string): Promise<TestGateway> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'wasl-test-'));
  await initDevelopment(dir);
  // Port 0 would leave the token audience unknown; pick the port first, then configure.
  const port = await freePort();
  // No validation worker unless a test asks for one (WASL_VALIDATION_WORKERS: '1'): the suite starts
  // some seventy gateways, and each worker compiles the whole pipeline (1-4 s of CPU) at start.
  const config = loadConfig({ WASL_DATA_DIR: dir, WASL_PORT: String(port), WASL_HOST: '127.0.0.1', WASL_SYNC_WINDOW_MS: '2000', WASL_VALIDATION_WORKERS: '0', ...overrides });
  const gateway = await createGateway(config);
  await gateway.app.listen({ host: '127.0.0.1', port });
  const url = `http://127.0.0.1:${port}`;
  const keys = new Map<string, JWK>();
  return {
    gateway,
    url,
    dataDir: dir,
    config,
    async client(licence, language) {
      let key = keys.get(licence);
      if (!key) {
        key = JSON.parse(await readFile(participantKeyPath(dir, licence), 'utf8')) as JWK;
        keys.set(licence, key);
      }
      return new WaslClient({ baseUrl: url, licence, role: PAYERS.has(licence) ? 'payer' : 'provider', privateJwk: key, ...(language ? { language } : {}) });
    },
    async post(path, body, headers = {}) {
      return readAnswer(await fetch(`${url}${path}`, { method: 'POST', body, headers }));
    },
    async stop() {
      await gateway.close();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { freePort } from './free-port.js';

/** An HTTP answer read once: status, text, the JSON if it is JSON (undefined otherwise) and headers. */
export async function readAnswer(response: Response): Promise<{ status: number; text: string; json: any; headers: Headers }> {
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, headers: response.headers };
}

/** Codes and expressions of the errors carried by a business response (ClaimResponse.error, Task.output, OperationOutcome). */
export function errorsOf(bundle: any): { code: string; expression: string | undefined }[] {
  const out: { code: string; expression: string | undefined }[] = [];
  const push = (coding: any) => out.push({ code: coding.code, expression: coding.extension?.[0]?.valueString });
  for (const entry of bundle.entry ?? []) {
    const r = entry.resource;
    for (const e of r.error ?? []) push(e.code.coding[0]);
    if (r.resourceType === 'Task') for (const o of r.output ?? []) if (o.valueCodeableConcept) push(o.valueCodeableConcept.coding[0]);
    // Warnings (e.g. codes that could not be verified) are not errors: `warningsOf` reads them.
    if (r.resourceType === 'OperationOutcome') for (const i of r.issue ?? []) if (i.severity === 'error' || i.severity === 'fatal') out.push({ code: i.details.coding[0].code, expression: i.expression?.[0] });
  }
  return out;
}

export function focalOf(bundle: any): any {
  const focus = bundle.entry[0].resource.focus?.[0]?.reference;
  return bundle.entry.find((e: any) => e.fullUrl === focus)?.resource;
}

export function headerOf(bundle: any): any {
  return bundle.entry[0].resource;
}

/**
 * Starts a gateway before the enclosing `describe` and stops it after; returns a handle that
 * forwards to it, so tests read `gw.client(...)` without the usual beforeAll/afterAll pair.
 */
export function useTestGateway(overrides: Record<string, string> = {}): TestGateway {
  let current: TestGateway | undefined;
  beforeAll(async () => {
    current = await startTestGateway(overrides);
  });
  afterAll(async () => {
    await current?.stop();
  });
  return new Proxy({} as TestGateway, {
    get(_target, key) {
      if (!current) throw new Error('the test gateway is not started yet (use it inside tests or hooks)');
      return Reflect.get(current, key);
    },
  });
}
