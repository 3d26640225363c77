import ipaddr from "ipaddr.js";

/**
 * Which IP addresses outbound requests may reach. The rule is "public unicast only": anything
 * that can lead back into the machine, its private network, or a cloud metadata service is
 * refused unless the operator allowed it explicitly (see `isAllowedByHostList`).
 *
 * Ranges follow the IANA IPv4/IPv6 Special-Purpose Address Registries. Decisions worth noting:
 * - Documentation ranges (TEST-NET-1/2/3, 2001:db8::/32, 3fff::/20) and benchmarking
 *   (198.18.0.0/15) are BLOCKED. They are never routed on the internet, so no legitimate
 *   destination lives there, while labs and some corporate networks do use them internally.
 * - IPv6 is an allow-list: only global unicast 2000::/3 passes, minus the special blocks inside
 *   it. Everything else (site-local, discard-only, local-use NAT64, …) is refused wholesale so a
 *   forgotten range cannot slip through.
 * - IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are
 *   judged by the embedded IPv4: the kernel or a translator may deliver them to that IPv4.
 * - 168.63.129.16 (Azure's WireServer) is a public-looking address that only answers from
 *   inside Azure and hands out VM configuration, so it is treated like a metadata address.
 */

type IP = ipaddr.IPv4 | ipaddr.IPv6;

export interface AddressVerdict {
  blocked: boolean;
  /** Human-readable class of the address, e.g. "private network address"; set when blocked. */
  reason?: string;
}

const METADATA = "cloud metadata service address";

// First match wins, so specific entries come before the ranges that contain them.
const IPV4_BLOCKED = compile([
  ["169.254.169.254/32", METADATA], // AWS, GCP, Azure, OpenStack, DigitalOcean…
  ["100.100.100.200/32", METADATA], // Alibaba Cloud
  ["168.63.129.16/32", METADATA], // Azure WireServer
  ["0.0.0.0/8", "unspecified address"], // "this network"; 0.0.0.0 reaches local services on Linux
  ["10.0.0.0/8", "private network address"],
  ["100.64.0.0/10", "carrier-grade NAT address"],
  ["127.0.0.0/8", "loopback address"],
  ["169.254.0.0/16", "link-local address"],
  ["172.16.0.0/12", "private network address"],
  ["192.0.0.0/24", "IETF protocol assignment address"],
  ["192.0.2.0/24", "documentation address"],
  ["192.88.99.0/24", "6to4 relay anycast address"],
  ["192.168.0.0/16", "private network address"],
  ["198.18.0.0/15", "benchmarking address"],
  ["198.51.100.0/24", "documentation address"],
  ["203.0.113.0/24", "documentation address"],
  ["224.0.0.0/4", "multicast address"],
  ["255.255.255.255/32", "broadcast address"],
  ["240.0.0.0/4", "reserved address"],
]);

const IPV6_BLOCKED = compile([
  ["::/128", "unspecified address"],
  ["::1/128", "loopback address"],
  ["fd00:ec2::254/128", METADATA], // AWS IMDS over IPv6
  ["fc00::/7", "unique local (private) address"],
  ["fe80::/10", "link-local address"],
  ["fec0::/10", "site-local address"],
  ["ff00::/8", "multicast address"],
  // Teredo (embeds an obfuscated client IPv4), ORCHID, benchmarking 2001:2::/48, AS112, …
  ["2001::/23", "IETF protocol assignment address"],
  ["2001:db8::/32", "documentation address"],
  ["3fff::/20", "documentation address"],
]);

const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3");

/** IPv6 forms with an IPv4 address inside; `publicOk` says whether a public embedded IPv4 passes. */
const IPV4_EMBEDDINGS: ReadonlyArray<{
  label: string;
  matches: (p: number[]) => boolean;
  extract: (p: number[]) => ipaddr.IPv4;
  publicOk: boolean;
}> = [
  {
    label: "an IPv4-mapped IPv6 address", // ::ffff:a.b.c.d — dual-stack sockets connect to the IPv4
    matches: (p) => p.slice(0, 5).every((x) => x === 0) && p[5] === 0xffff,
    extract: (p) => ipv4FromWords(p[6], p[7]),
    publicOk: true,
  },
  {
    label: "an IPv4-translated IPv6 address", // ::ffff:0:a.b.c.d (RFC 6145)
    matches: (p) => p.slice(0, 4).every((x) => x === 0) && p[4] === 0xffff && p[5] === 0,
    extract: (p) => ipv4FromWords(p[6], p[7]),
    publicOk: false,
  },
  {
    label: "an IPv4-compatible IPv6 address", // ::a.b.c.d — deprecated; sit tunnels deliver it
    matches: (p) => p.slice(0, 6).every((x) => x === 0),
    extract: (p) => ipv4FromWords(p[6], p[7]),
    publicOk: false,
  },
  {
    label: "a NAT64 IPv6 address", // 64:ff9b::a.b.c.d — DNS64 hands these out for IPv4-only sites
    matches: (p) => p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((x) => x === 0),
    extract: (p) => ipv4FromWords(p[6], p[7]),
    publicOk: true,
  },
  {
    label: "a 6to4 IPv6 address", // 2002:AABB:CCDD::/48 — relays forward to the embedded IPv4
    matches: (p) => p[0] === 0x2002,
    extract: (p) => ipv4FromWords(p[1], p[2]),
    publicOk: true,
  },
];

/**
 * Classifies one IP address. Accepts every spelling `getaddrinfo`/`inet_aton` would accept
 * (decimal 2130706433, hex 0x7f000001, octal 0177.0.0.1, short 127.1), IPv6 with or without
 * brackets and zone id. Anything that does not parse is blocked: fail closed.
 */
export function isBlockedAddress(ip: string): AddressVerdict {
  const address = parseIpAddress(ip);
  if (!address) return { blocked: true, reason: "not a valid IP address" };
  return address.kind() === "ipv4" ? classifyIPv4(address as ipaddr.IPv4) : classifyIPv6(address as ipaddr.IPv6);
}

function classifyIPv4(address: ipaddr.IPv4): AddressVerdict {
  const rule = IPV4_BLOCKED.find(({ range }) => address.match(range));
  return rule ? { blocked: true, reason: rule.reason } : { blocked: false };
}

function classifyIPv6(address: ipaddr.IPv6): AddressVerdict {
  const parts = address.parts;
  // :: and ::1 also look IPv4-compatible; name them for what they are.
  const exact = IPV6_BLOCKED.slice(0, 2).find(({ range }) => address.match(range));
  if (exact) return { blocked: true, reason: exact.reason };

  const embedding = IPV4_EMBEDDINGS.find((e) => e.matches(parts));
  if (embedding) {
    const inner = embedding.extract(parts);
    const verdict = classifyIPv4(inner);
    if (verdict.blocked) {
      return { blocked: true, reason: `${verdict.reason} ${inner.toString()} embedded in ${embedding.label}` };
    }
    if (embedding.publicOk) return { blocked: false };
    return { blocked: true, reason: `deprecated form: ${embedding.label}` };
  }

  const rule = IPV6_BLOCKED.find(({ range }) => address.match(range));
  if (rule) return { blocked: true, reason: rule.reason };
  if (!address.match(IPV6_GLOBAL_UNICAST)) return { blocked: true, reason: "reserved IPv6 address (not global unicast)" };
  return { blocked: false };
}

/**
 * Parses an IP literal as the system resolver would, or returns null for a host name.
 * Brackets ("[::1]") and IPv6 zone ids are accepted.
 */
export function parseIpAddress(value: string): IP | null {
  let text = value.startsWith("[") && value.endsWith("]") ? value.slice(1, -1) : value;
  // ipaddr.js reads any "::a.b.c.d" as IPv4-mapped (::ffff:a.b.c.d). The system formats
  // IPv4-compatible answers exactly like that, so spell the IPv4 tail as hex words first.
  const dottedTail = /^([0-9a-f:]*:)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(%.*)?$/i.exec(text);
  if (dottedTail && ipaddr.IPv4.isValidFourPartDecimal(dottedTail[2] ?? "")) {
    const [a = 0, b = 0, c = 0, d = 0] = ipaddr.IPv4.parse(dottedTail[2] ?? "").octets;
    text = `${dottedTail[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}${dottedTail[3] ?? ""}`;
  }
  if (!ipaddr.isValid(text)) return null;
  try {
    return ipaddr.parse(text);
  } catch {
    return null;
  }
}

/**
 * Splits a comma-separated setting such as INFERENCE_ALLOWED_HOSTS="vllm, 10.0.5.0/24" into
 * normalized entries: host names (exact match, case-insensitive), IP addresses or CIDR ranges.
 */
export function parseAllowedHosts(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(",")
    .map((entry) => normalizeHostname(entry.trim()))
    .filter((entry) => entry.length > 0);
}

/**
 * Whether the operator's allow-list covers this request: the URL's host name equals an entry,
 * or the resolved address falls in an entry that is an IP or CIDR range. IPv4-mapped IPv6
 * addresses are compared as their IPv4, so "127.0.0.1" also covers "::ffff:127.0.0.1".
 */
export function isAllowedByHostList(hostname: string, address: string, allowedHosts: readonly string[]): boolean {
  if (allowedHosts.length === 0) return false;
  const host = normalizeHostname(hostname);
  const ip = parseIpAddress(address);
  const resolved = ip ? unmapIPv4(ip) : null;
  return allowedHosts.some((raw) => {
    const entry = normalizeHostname(raw);
    if (entry.includes("/")) {
      if (!ip || !resolved || !ipaddr.isValidCIDR(entry)) return false;
      const [network, bits] = ipaddr.parseCIDR(entry);
      if (network.kind() === "ipv4") return resolved.kind() === "ipv4" && resolved.match(network, bits);
      // An IPv6 range: compare in IPv6 form, so "::ffff:0:0/96" covers every IPv4 too.
      const asIPv6 = ip.kind() === "ipv4" ? (ip as ipaddr.IPv4).toIPv4MappedAddress() : ip;
      return asIPv6.match(network, bits);
    }
    const entryIp = parseIpAddress(entry);
    if (entryIp) return resolved !== null && unmapIPv4(entryIp).toNormalizedString() === resolved.toNormalizedString();
    return entry === host;
  });
}

/** Lower case, no brackets around IPv6, no trailing dot: the form allow-list entries are compared in. */
function normalizeHostname(value: string): string {
  let host = value.toLowerCase();
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (host.endsWith(".")) host = host.slice(0, -1);
  return host;
}

function unmapIPv4(address: IP): IP {
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

function ipv4FromWords(high: number | undefined, low: number | undefined): ipaddr.IPv4 {
  const hi = high ?? 0;
  const lo = low ?? 0;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

function compile(entries: ReadonlyArray<readonly [string, string]>): Array<{ range: [IP, number]; reason: string }> {
  return entries.map(([cidr, reason]) => ({ range: ipaddr.parseCIDR(cidr), reason }));
}
