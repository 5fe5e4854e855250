/**
 * Which addresses a rest-hook endpoint may reach (issue 9, "Hardening", item 8): a subscriber
 * names the URL, so without this guard the gateway is a port scanner into its own network
 * (loopback services, cloud metadata at 169.254.169.254, private ranges), with `$status` telling
 * what answered.
 *
 * Deny by default every special-purpose address (IANA IPv4 and IPv6 Special-Purpose Address
 * Registries, RFC 6890) that is not globally reachable, IPv4-mapped IPv6 forms included (node's
 * BlockList matches `::ffff:a.b.c.d` against the IPv4 rules). Host names are normalised by the
 * WHATWG URL parser before they get here (2130706433, 0x7f.1 and 017700000001 are already
 * 127.0.0.1), then resolved: a name is refused when ANY of its addresses is denied, and the
 * connection is made to the address that was checked (`pinnedLookup`), so a DNS answer that
 * changes between the check and the connect (rebinding) is never used.
 *
 * The operator reopens private targets with WASL_SUBSCRIPTION_ALLOW_PRIVATE: networks (CIDR or a
 * single address) whose addresses are allowed, or host names (`hooks.internal`, `*.internal`)
 * whose resolved private addresses are allowed. Link-local addresses (cloud metadata) are reopened
 * only by a network entry that names them, never by a host name, whose DNS may change. Unspecified,
 * multicast, broadcast and the reserved 240/4 are never reachable, allow-list or not.
 */
import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

export const ENDPOINT_DENIED = 'WASL_ERR_SUBSCRIPTION_ENDPOINT_DENIED';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** All addresses of a host name, as the connection would see them (getaddrinfo: /etc/hosts, then DNS). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export type EndpointCheck =
  | { readonly kind: 'allowed'; readonly url: URL; readonly address: ResolvedAddress }
  /** A denied address: never contacted, never retried. The reason names no resolved address. */
  | { readonly kind: 'denied'; readonly reason: string }
  /** The name did not resolve: a delivery failure like any other, retried. */
  | { readonly kind: 'unresolved'; readonly reason: string };

export interface EndpointGuardOptions {
  /** WASL_SUBSCRIPTION_ALLOW_PRIVATE entries: `10.1.2.0/24`, `127.0.0.1`, `::1`, `hooks.internal`, `*.internal`. */
  readonly allowPrivate?: readonly string[];
  /** Injected in tests; default `dns.lookup` with every address. */
  readonly resolve?: Resolver;
}

type Family = 'ipv4' | 'ipv6';
/** [network, prefix, family, why] */
type Range = readonly [string, number, Family, string];

/** Never reachable, allow-list or not: nothing listens there, or everything does. */
const NEVER: readonly Range[] = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified ("this network", RFC 791)'],
  ['224.0.0.0', 4, 'ipv4', 'multicast (RFC 5771)'],
  ['240.0.0.0', 4, 'ipv4', 'reserved and broadcast (RFC 1112, RFC 919)'],
  ['::', 128, 'ipv6', 'unspecified (RFC 4291)'],
  ['ff00::', 8, 'ipv6', 'multicast (RFC 4291)'],
];

/** Link-local, cloud metadata included: reopened only by an allow-list network that contains them. */
const LINK_LOCAL: readonly Range[] = [
  ['169.254.0.0', 16, 'ipv4', 'link-local, cloud metadata (RFC 3927)'],
  ['fe80::', 10, 'ipv6', 'link-local (RFC 4291)'],
];

/** Denied unless the operator's allow-list names them. */
const PRIVATE: readonly Range[] = [
  ['10.0.0.0', 8, 'ipv4', 'private (RFC 1918)'],
  ['100.64.0.0', 10, 'ipv4', 'shared address space, CGNAT (RFC 6598)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback (RFC 1122)'],
  ['169.254.0.0', 16, 'ipv4', 'link-local, cloud metadata (RFC 3927)'],
  ['172.16.0.0', 12, 'ipv4', 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments (RFC 6890)'],
  ['192.0.2.0', 24, 'ipv4', 'documentation (RFC 5737)'],
  ['192.88.99.0', 24, 'ipv4', '6to4 relay anycast (RFC 7526)'],
  ['192.168.0.0', 16, 'ipv4', 'private (RFC 1918)'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking (RFC 2544)'],
  ['198.51.100.0', 24, 'ipv4', 'documentation (RFC 5737)'],
  ['203.0.113.0', 24, 'ipv4', 'documentation (RFC 5737)'],
  // ::/96 holds ::1 and the deprecated IPv4-compatible forms (::127.0.0.1); ::ffff:0:0/96 is
  // matched against the IPv4 rules above by BlockList itself.
  ['::', 96, 'ipv6', 'loopback and IPv4-compatible (RFC 4291)'],
  ['64:ff9b::', 96, 'ipv6', 'NAT64, an IPv4 address inside (RFC 6052)'],
  ['64:ff9b:1::', 48, 'ipv6', 'local-use NAT64 (RFC 8215)'],
  ['100::', 64, 'ipv6', 'discard-only (RFC 6666)'],
  ['2001::', 23, 'ipv6', 'IETF protocol assignments, Teredo (RFC 2928, RFC 4380)'],
  ['2001:db8::', 32, 'ipv6', 'documentation (RFC 3849)'],
  ['2002::', 16, 'ipv6', '6to4, an IPv4 address inside (RFC 3056)'],
  ['fc00::', 7, 'ipv6', 'unique local, private (RFC 4193)'],
  ['fe80::', 10, 'ipv6', 'link-local (RFC 4291)'],
  ['fec0::', 10, 'ipv6', 'site-local (RFC 3879)'],
];

const HOST_PATTERN = /^(\*\.)?[A-Za-z0-9.-]+$/;

/** Whether one WASL_SUBSCRIPTION_ALLOW_PRIVATE entry is well formed: an address, a CIDR network or a host name. */
export function allowEntryProblem(entry: string): string | undefined {
  if (entry.includes('/')) return network(entry) ? undefined : `expected a network such as 10.1.2.0/24 or fd00::/64, got "${entry}"`;
  if (isIP(entry) !== 0 || HOST_PATTERN.test(entry)) return undefined;
  return `expected an address, a network (10.1.2.0/24) or a host name (hooks.internal, *.internal), got "${entry}"`;
}

export class EndpointGuard {
  readonly #never = blockList(NEVER);
  readonly #private = blockList(PRIVATE);
  readonly #linkLocal = blockList(LINK_LOCAL);
  readonly #allowedNetworks = new BlockList();
  readonly #allowedHosts: string[] = [];
  readonly #resolve: Resolver;

  constructor(options: EndpointGuardOptions = {}) {
    this.#resolve = options.resolve ?? systemResolver;
    for (const raw of options.allowPrivate ?? []) {
      const entry = raw.trim();
      const problem = allowEntryProblem(entry);
      if (problem) throw new TypeError(`WASL_SUBSCRIPTION_ALLOW_PRIVATE: ${problem}`);
      const version = isIP(entry);
      const net = entry.includes('/') ? network(entry) : version !== 0 ? network(`${entry}/${version === 6 ? 128 : 32}`) : undefined;
      if (net) this.#allowedNetworks.addSubnet(net.address, net.prefix, net.family);
      else this.#allowedHosts.push(entry.toLowerCase());
    }
  }

  /**
   * Resolves the endpoint's host and checks every address. `allowed` carries the one address to
   * connect to: pass it to `pinnedLookup`, never the host name alone.
   */
  async check(endpoint: string | URL): Promise<EndpointCheck> {
    const url = new URL(endpoint);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const literal = isIP(host);
    let addresses: readonly ResolvedAddress[];
    if (literal !== 0) {
      addresses = [{ address: host, family: literal as 4 | 6 }];
    } else {
      try {
        addresses = await this.#resolve(host);
      } catch (problem) {
        return { kind: 'unresolved', reason: `the endpoint host does not resolve (${codeOf(problem)})` };
      }
      if (addresses.length === 0) return { kind: 'unresolved', reason: 'the endpoint host does not resolve (no address)' };
    }
    for (const { address, family } of addresses) {
      const why = this.#denied(address, family, literal === 0 ? host.toLowerCase() : undefined);
      // A literal address is the subscriber's own text; a resolved one is the hub's DNS, not told.
      if (why) return { kind: 'denied', reason: literal !== 0 ? `the endpoint address is ${why}` : `the endpoint host resolves to an address that is ${why}` };
    }
    return { kind: 'allowed', url, address: addresses[0]! };
  }

  #denied(address: string, family: 4 | 6, hostname: string | undefined): string | undefined {
    const type: Family = family === 4 ? 'ipv4' : 'ipv6';
    const never = rangeOf(NEVER, this.#never, address, type);
    if (never) return `${never}: this hub never notifies it`;
    const special = rangeOf(PRIVATE, this.#private, address, type);
    if (!special) return undefined;
    if (this.#allowedNetworks.check(address, type)) return undefined;
    if (hostname !== undefined && this.#hostAllowed(hostname) && !this.#linkLocal.check(address, type)) return undefined;
    return `${special}, not among the private targets this hub notifies (WASL_SUBSCRIPTION_ALLOW_PRIVATE)`;
  }

  #hostAllowed(hostname: string): boolean {
    const host = hostname.replace(/\.$/, '');
    return this.#allowedHosts.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern));
  }
}

/**
 * A `lookup` for node:net that answers only the checked address: the socket connects where the
 * guard looked, whatever the DNS says by then (no rebinding between check and connect).
 */
export function pinnedLookup(pinned: ResolvedAddress) {
  return (
    _hostname: string,
    options: { all?: boolean },
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

function blockList(ranges: readonly Range[]): BlockList {
  const list = new BlockList();
  for (const [address, prefix, family] of ranges) list.addSubnet(address, prefix, family);
  return list;
}

/** The first range holding the address (its reason), checked one by one only once the whole list matched. */
function rangeOf(ranges: readonly Range[], list: BlockList, address: string, type: Family): string | undefined {
  if (!list.check(address, type)) return undefined;
  for (const [net, prefix, family, why] of ranges) {
    const one = new BlockList();
    one.addSubnet(net, prefix, family);
    if (one.check(address, type)) return why;
  }
  return 'a special-purpose address';
}

function network(entry: string): { address: string; prefix: number; family: Family } | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(entry);
  const version = match ? isIP(match[1]!) : 0;
  if (!match || version === 0) return undefined;
  const prefix = Number(match[2]);
  if (prefix > (version === 4 ? 32 : 128)) return undefined;
  return { address: match[1]!, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

function codeOf(problem: unknown): string {
  const code = (problem as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'lookup failed';
}
