// SSRF guard: which IP addresses a script's request may connect to.
//
// Only plain public unicast is allowed: public IPv4, and IPv6 inside global unicast 2000::/3
// that is not one of the special ranges. Everything else (loopback, RFC 1918 private, CGNAT,
// link-local, multicast, broadcast, unspecified, documentation/benchmark/reserved ranges,
// unique-local, ...) is refused unless http_allow_private_networks is on. IPv6 forms that
// carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, IPv4-translated, NAT64 64:ff9b::/96,
// 6to4 2002::/16) are judged by the IPv4 address inside them, because that is where the
// packets end up. Teredo and the deprecated IPv4-compatible ::a.b.c.d are refused outright.
//
// Classification is ipaddr.js's (a well-kept table of the IANA special-purpose registries);
// this file only decides which of its range names count as "public".
import ipaddr from "ipaddr.js";

export type Checked = { ok: true; address: string; family: 4 | 6 } | { ok: false; address: string; reason: string };

/**
 * Parse one address (any notation ipaddr.js accepts) and say whether it may be connected to.
 * `exceptions` are canonical addresses allowed even when not public (see allowAddresses).
 */
export function checkAddress(text: string, allowPrivate: boolean, exceptions?: ReadonlySet<string>): Checked {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text);
  } catch {
    return { ok: false, address: text, reason: "not an IP address" };
  }
  // connect to the canonical form, never to whatever notation the resolver handed us
  const address = ip.toString();
  const family = ip.kind() === "ipv4" ? 4 : 6;
  if (allowPrivate || exceptions?.has(address)) return { ok: true, address, family };
  const reason = refusal(ip);
  return reason === undefined ? { ok: true, address, family } : { ok: false, address, reason };
}

/** Why `ip` is not plain public unicast, or undefined when it is. */
function refusal(ip: ipaddr.IPv4 | ipaddr.IPv6): string | undefined {
  if (ip.kind() === "ipv4") {
    const range = (ip as ipaddr.IPv4).range();
    return range === "unicast" ? undefined : describe(range);
  }
  const v6 = ip as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded !== undefined) {
    const inner = refusal(embedded.ip);
    return inner === undefined ? undefined : `${inner} (embedded in an ${embedded.form} IPv6 address)`;
  }
  const range = v6.range();
  if (range === "teredo") return "a Teredo tunnel address";
  if (range !== "unicast") return describe(range);
  // ipaddr.js calls everything outside its special ranges "unicast"; only 2000::/3 is global
  if ((v6.parts[0] & 0xe000) !== 0x2000) return "not a global unicast address";
  return undefined;
}

/** The IPv4 address an IPv6 address stands for, for the forms that embed one. */
function embeddedIPv4(ip: ipaddr.IPv6): { ip: ipaddr.IPv4; form: string } | undefined {
  const p = ip.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d (IPv4-mapped) and ::ffff:0:a.b.c.d (IPv4-translated, RFC 6145)
  if (zeros(0, 5) && p[5] === 0xffff) return { ip: v4(p[6], p[7]), form: "IPv4-mapped" };
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return { ip: v4(p[6], p[7]), form: "IPv4-translated" };
  // 64:ff9b::a.b.c.d, the well-known NAT64 prefix (RFC 6052)
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return { ip: v4(p[6], p[7]), form: "NAT64" };
  // 2002:aabb:ccdd::/48, 6to4 (RFC 3056)
  if (p[0] === 0x2002) return { ip: v4(p[1], p[2]), form: "6to4" };
  return undefined;
}

const NAMES: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT (shared) address",
  private: "a private address",
  uniqueLocal: "a unique-local (private) address",
  reserved: "a reserved address",
  ipv4Mapped: "an IPv4-mapped address",
  rfc6052: "a local-use NAT64 address",
  deprecatedSiteLocal: "a site-local address",
};

function describe(range: string): string {
  return NAMES[range] ?? `a special-purpose address (${range})`;
}

/** The canonical form of an address (for allowAddresses); throws on a non-address. */
export function canonicalAddress(text: string): string {
  return ipaddr.parse(text).toString();
}

/** Is `host` (a URL hostname, IPv6 in brackets or not) an IP literal? */
export function isIpLiteral(host: string): boolean {
  const h = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return ipaddr.IPv6.isValid(h) || ipaddr.IPv4.isValidFourPartDecimal(h);
}
