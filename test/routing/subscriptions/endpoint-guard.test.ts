/**
 * The endpoint guard on its own (issue 9, item 8): which addresses are denied, how the operator's
 * allow-list reopens them, and that a delivery connects to the address that was checked, never
 * to what a second DNS answer says. Real hook listeners on loopback; the DNS is an injected resolver.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { deliver } from '../../../src/routing/subscriptions/delivery.js';
import { EndpointGuard, type ResolvedAddress, type Resolver } from '../../../src/routing/subscriptions/endpoint-guard.js';
import { SubscriptionNotifier } from '../../../src/routing/subscriptions/notifier.js';
import { LmdbStore } from '../../../src/store/embedded/lmdb-store.js';
import type { SubscriptionRecord } from '../../../src/store/ports.js';
import { notificationType, RestHookEndpoint } from './rest-hook-endpoint.js';

const DENIED = 'WASL_ERR_SUBSCRIPTION_ENDPOINT_DENIED';

/** A DNS that answers from a table the test changes as it goes, counting the questions. */
function tableResolver(table: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { asked });
}

describe('EndpointGuard: the deny list', () => {
  const guard = new EndpointGuard({ resolve: tableResolver({}) });
  const hostile = [
    'http://127.0.0.1:8080/hook',
    'http://127.255.255.254/',
    'http://[::ffff:127.0.0.1]:8080/',
    'http://[::ffff:7f00:1]/',
    'http://2130706433:8080/',
    'http://0x7f.1/',
    'http://017700000001/',
    'http://127.1/',
    'http://[::1]/',
    'http://[::127.0.0.1]/',
    'http://169.254.169.254/latest/meta-data',
    'http://[::ffff:169.254.169.254]/',
    'http://[fe80::1]/',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'http://[fd00::1]/',
    'http://[fc00::1]/',
    'http://100.64.0.1/',
    'http://100.127.255.255/',
    'http://0.0.0.0/',
    'http://0/',
    'http://[::]/',
    'http://224.0.0.1/',
    'http://239.255.255.250/',
    'http://[ff02::1]/',
    'http://255.255.255.255/',
    'http://240.0.0.1/',
    'http://192.0.2.1/',
    'http://198.18.0.1/',
    'http://[64:ff9b::7f00:1]/',
    'http://[2002:7f00:1::]/',
    'http://[2001:db8::1]/',
  ];
  it.each(hostile)('denies %s without a DNS question', async (endpoint) => {
    const checked = await guard.check(endpoint);
    expect(checked.kind, endpoint).toBe('denied');
  });

  it('lets public addresses through, and names the class of a denied literal', async () => {
    for (const endpoint of ['http://8.8.8.8/', 'https://[2606:4700:4700::1111]/', 'http://100.128.0.1/', 'http://172.32.0.1/', 'http://[::ffff:8.8.8.8]/']) {
      expect((await guard.check(endpoint)).kind, endpoint).toBe('allowed');
    }
    expect(await guard.check('http://169.254.169.254/latest/meta-data')).toEqual({
      kind: 'denied',
      reason: 'the endpoint address is link-local, cloud metadata (RFC 3927), not among the private targets this hub notifies (WASL_SUBSCRIPTION_ALLOW_PRIVATE)',
    });
  });

  it('denies a name when any of its addresses is denied, without saying which address', async () => {
    const dns = tableResolver({ 'mixed.example': ['93.184.215.14', '10.0.0.5'], 'public.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    const named = new EndpointGuard({ resolve: dns });
    const mixed = await named.check('https://mixed.example/hook');
    expect(mixed).toEqual({ kind: 'denied', reason: 'the endpoint host resolves to an address that is private (RFC 1918), not among the private targets this hub notifies (WASL_SUBSCRIPTION_ALLOW_PRIVATE)' });
    expect(await named.check('https://public.example/hook')).toMatchObject({ kind: 'allowed', address: { address: '93.184.215.14', family: 4 } });
    expect(await named.check('https://nowhere.example/hook')).toEqual({ kind: 'unresolved', reason: 'the endpoint host does not resolve (ENOTFOUND)' });
  });

  it('resolves localhost through the system and denies it', async () => {
    expect((await new EndpointGuard().check('http://localhost:8080/hook')).kind).toBe('denied');
  });
});

describe('EndpointGuard: the operator allow-list (WASL_SUBSCRIPTION_ALLOW_PRIVATE)', () => {
  it('reopens networks and single addresses, IPv4-mapped forms included, and nothing else', async () => {
    const guard = new EndpointGuard({ allowPrivate: ['10.1.2.0/24', '127.0.0.1', 'fd00:1::/32'], resolve: tableResolver({}) });
    for (const endpoint of ['http://10.1.2.77/', 'http://127.0.0.1:9/', 'http://[::ffff:127.0.0.1]/', 'http://[fd00:1::5]/']) {
      expect((await guard.check(endpoint)).kind, endpoint).toBe('allowed');
    }
    for (const endpoint of ['http://10.1.3.1/', 'http://127.0.0.2/', 'http://169.254.169.254/', 'http://[::1]/', 'http://[fd00:2::1]/']) {
      expect((await guard.check(endpoint)).kind, endpoint).toBe('denied');
    }
  });

  it('reopens the private addresses of named hosts only, never link-local by name, never unspecified, multicast or broadcast', async () => {
    const dns = tableResolver({ 'hooks.internal': ['10.9.9.9'], 'a.hooks.corp': ['192.168.4.4'], 'other.internal': ['10.9.9.9'], 'zero.internal': ['0.0.0.0'], 'meta.internal': ['169.254.169.254'] });
    const guard = new EndpointGuard({ allowPrivate: ['hooks.internal', '*.hooks.corp', 'zero.internal', '0.0.0.0/8', 'meta.internal'], resolve: dns });
    expect(await guard.check('https://hooks.internal/notify')).toMatchObject({ kind: 'allowed', address: { address: '10.9.9.9' } });
    expect((await guard.check('https://a.hooks.corp/notify')).kind).toBe('allowed');
    expect((await guard.check('https://other.internal/notify')).kind).toBe('denied');
    expect(await guard.check('https://zero.internal/notify')).toEqual({ kind: 'denied', reason: 'the endpoint host resolves to an address that is unspecified ("this network", RFC 791): this hub never notifies it' });
    expect((await guard.check('https://meta.internal/notify')).kind).toBe('denied');
    // A named host does not reopen the literal address it happens to resolve to.
    expect((await guard.check('http://10.9.9.9/')).kind).toBe('denied');
  });

  it('is validated at start: a malformed entry stops the gateway naming the variable', () => {
    expect(loadConfig({ WASL_SUBSCRIPTION_ALLOW_PRIVATE: ' 10.1.2.0/24, hooks.internal ,::1' }).subscriptionAllowPrivate).toEqual(['10.1.2.0/24', 'hooks.internal', '::1']);
    expect(loadConfig({}).subscriptionAllowPrivate).toEqual([]);
    for (const bad of ['10.1.2.0/33', 'hooks internal', '10.0.0.0/x', 'fd00::/129']) {
      expect(() => loadConfig({ WASL_SUBSCRIPTION_ALLOW_PRIVATE: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ WASL_SUBSCRIPTION_ALLOW_PRIVATE: bad }), bad).toThrow(/^WASL_SUBSCRIPTION_ALLOW_PRIVATE: /);
    }
  });
});

describe('delivery through the guard (real hook listeners)', () => {
  let hook: RestHookEndpoint;
  let dir: string;
  let store: LmdbStore;
  let notifier: SubscriptionNotifier | undefined;

  beforeEach(async () => {
    hook = await RestHookEndpoint.start();
    dir = mkdtempSync(join(tmpdir(), 'wasl-guard-'));
    store = LmdbStore.open({ dataDir: dir });
  });

  afterEach(async () => {
    await notifier?.close();
    notifier = undefined;
    await hook.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const port = () => new URL(hook.url).port;
  const cancel = new AbortController().signal;

  it('connects to the address it checked: the connection never asks the DNS again (no rebinding)', async () => {
    // `rebind.test` does not exist for the system resolver: only the checked address can reach the hook.
    const table: Record<string, string[]> = { 'rebind.test': ['127.0.0.1'] };
    const dns = tableResolver(table);
    const guard = new EndpointGuard({ allowPrivate: ['rebind.test'], resolve: async (host) => {
      const answer = await dns(host);
      // The attacker's DNS flips to the metadata address right after answering the check.
      table['rebind.test'] = ['169.254.169.254'];
      return answer;
    } });
    const target = { id: 'sub-rebind', endpoint: `http://rebind.test:${port()}/notify`, headers: ['Authorization: Bearer s3cret'] };
    expect(await deliver(target, '{"resourceType":"Bundle"}', { guard, timeoutMs: 2000, cancel })).toBeUndefined();
    const received = await hook.waitFor(() => true);
    expect(received.headers.host).toBe(`rebind.test:${port()}`);
    expect(received.headers.authorization).toBe('Bearer s3cret');
    expect(dns.asked).toEqual(['rebind.test']);

    // The next delivery asks again, gets the flipped answer, and sends nothing.
    const refused = await deliver(target, '{"resourceType":"Bundle"}', { guard, timeoutMs: 2000, cancel });
    expect(refused).toMatchObject({ code: DENIED, refused: true, reason: expect.stringContaining('link-local') });
    expect(refused?.reason).not.toContain('169.254');
    expect(hook.received).toHaveLength(1);
  });

  it('never follows a redirect: a 3xx is a failed notification and its Location is not contacted', async () => {
    const elsewhere = await RestHookEndpoint.start();
    try {
      const { createServer } = await import('node:http');
      const redirector = createServer((_request, response) => response.writeHead(307, { location: elsewhere.url }).end());
      await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
      const address = redirector.address() as { port: number };
      const guard = new EndpointGuard({ allowPrivate: ['127.0.0.1'] });
      const failed = await deliver({ id: 'sub-redirect', endpoint: `http://127.0.0.1:${address.port}/notify`, headers: [] }, '{}', { guard, timeoutMs: 2000, cancel });
      expect(failed).toMatchObject({ code: 'WASL_ERR_NOTIFICATION_FAILED', httpStatus: 307, reason: 'endpoint answered HTTP 307' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(elsewhere.received).toHaveLength(0);
      await new Promise<void>((resolve) => redirector.close(() => resolve()));
    } finally {
      await elsewhere.stop();
    }
  });

  it('a stored header that is no longer allowed refuses the delivery before any connection', async () => {
    const guard = new EndpointGuard({ allowPrivate: ['127.0.0.1'] });
    const failed = await deliver({ id: 'sub-old', endpoint: hook.url, headers: ['Metadata-Flavor: Google'] }, '{}', { guard, timeoutMs: 2000, cancel });
    expect(failed).toMatchObject({ code: 'WASL_ERR_SUBSCRIPTION_HEADER_DENIED', refused: true });
    expect(hook.received).toHaveLength(0);
  });

  it('a subscription made while its host was allowed ends in error, uncontacted, once the host resolves to a denied address', async () => {
    const table: Record<string, string[]> = { 'hook.partner.test': ['127.0.0.1'] };
    const guard = new EndpointGuard({ allowPrivate: ['127.0.0.1'], resolve: tableResolver(table) });
    const failures: string[] = [];
    notifier = new SubscriptionNotifier({ store, publicUrl: 'https://wasl.example', guard, retry: { firstDelayMs: 1, maxAttempts: 5 }, onError: (problem) => failures.push((problem as Error & { code: string }).code) });
    const subscription: SubscriptionRecord = {
      id: 'sub-later-denied',
      owner: 'N-F-00001',
      endpoint: `http://hook.partner.test:${port()}/notify`,
      headers: [],
      content: 'id-only',
      status: 'active',
      createdAt: Date.now(),
      eventCount: 0,
      resource: '{"resourceType":"Subscription"}',
    };
    expect(await notifier.handshake(subscription)).toBeUndefined();
    expect(notificationType(await hook.waitFor(() => true))).toBe('handshake');
    await store.saveSubscription(subscription);

    table['hook.partner.test'] = ['10.20.30.40'];
    notifier.notify({ recipient: 'N-F-00001', bundleId: 'answer-1', event: 'claim-response' });
    await expect.poll(async () => (await store.findSubscription(subscription.id))?.status).toBe('error');
    // Refused once, not retried: the policy does not change with time.
    expect(failures).toEqual([DENIED]);
    expect(notifier.lastError(subscription.id)).toMatchObject({ code: DENIED, reason: 'the endpoint host resolves to an address that is private (RFC 1918), not among the private targets this hub notifies (WASL_SUBSCRIPTION_ALLOW_PRIVATE)' });
    expect(hook.received).toHaveLength(1);
  });
});
