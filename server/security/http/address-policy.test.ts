import { describe, expect, it } from "vitest";
import { isAllowedByHostList, isBlockedAddress, parseAllowedHosts, parseIpAddress } from "./address-policy";

describe("isBlockedAddress", () => {
  it.each([
    // IPv4 special-purpose ranges
    ["127.0.0.1", "loopback address"],
    ["127.255.255.254", "loopback address"],
    ["0.0.0.0", "unspecified address"],
    ["0.1.2.3", "unspecified address"],
    ["10.0.0.5", "private network address"],
    ["172.16.0.1", "private network address"],
    ["172.31.255.255", "private network address"],
    ["192.168.1.1", "private network address"],
    ["100.64.0.1", "carrier-grade NAT address"],
    ["100.127.255.255", "carrier-grade NAT address"],
    ["100.100.100.200", "cloud metadata service address"],
    ["169.254.169.254", "cloud metadata service address"],
    ["168.63.129.16", "cloud metadata service address"],
    ["169.254.1.1", "link-local address"],
    ["224.0.0.1", "multicast address"],
    ["239.255.255.250", "multicast address"],
    ["255.255.255.255", "broadcast address"],
    ["240.0.0.1", "reserved address"],
    ["198.18.0.1", "benchmarking address"],
    ["198.19.255.255", "benchmarking address"],
    ["192.0.2.10", "documentation address"],
    ["198.51.100.10", "documentation address"],
    ["203.0.113.10", "documentation address"],
    ["192.0.0.8", "IETF protocol assignment address"],
    ["192.88.99.1", "6to4 relay anycast address"],
    // The same loopback address in the spellings inet_aton accepts
    ["2130706433", "loopback address"],
    ["0x7f000001", "loopback address"],
    ["0177.0.0.1", "loopback address"],
    ["0x7f.0.0.1", "loopback address"],
    ["127.1", "loopback address"],
    ["017700000001", "loopback address"],
    ["0", "unspecified address"],
    ["3232235777", "private network address"], // 192.168.1.1
    ["0xa9fea9fe", "cloud metadata service address"], // 169.254.169.254
    // IPv6
    ["::1", "loopback address"],
    ["[::1]", "loopback address"],
    ["0:0:0:0:0:0:0:1", "loopback address"],
    ["::", "unspecified address"],
    ["fc00::1", "unique local (private) address"],
    ["fd12:3456:789a::1", "unique local (private) address"],
    ["fd00:ec2::254", "cloud metadata service address"],
    ["fe80::1", "link-local address"],
    ["fe80::1%eth0", "link-local address"],
    ["febf::1", "link-local address"],
    ["fec0::1", "site-local address"],
    ["ff02::1", "multicast address"],
    ["2001:db8::1", "documentation address"],
    ["3fff::1", "documentation address"],
    ["2001::1", "IETF protocol assignment address"], // Teredo
    ["2001:2::1", "IETF protocol assignment address"], // benchmarking
    ["100::1", "reserved IPv6 address (not global unicast)"], // discard-only
    ["64:ff9b:1::a00:1", "reserved IPv6 address (not global unicast)"], // local-use NAT64
    ["5f00::1", "reserved IPv6 address (not global unicast)"],
    // IPv4 embedded in IPv6: judged by the IPv4
    ["::ffff:127.0.0.1", "loopback address 127.0.0.1 embedded in an IPv4-mapped IPv6 address"],
    ["::ffff:7f00:1", "loopback address 127.0.0.1 embedded in an IPv4-mapped IPv6 address"],
    ["0:0:0:0:0:ffff:7f00:1", "loopback address 127.0.0.1 embedded in an IPv4-mapped IPv6 address"],
    ["::ffff:a9fe:a9fe", "cloud metadata service address 169.254.169.254 embedded in an IPv4-mapped IPv6 address"],
    ["::ffff:10.1.2.3", "private network address 10.1.2.3 embedded in an IPv4-mapped IPv6 address"],
    ["::ffff:0.0.0.0", "unspecified address 0.0.0.0 embedded in an IPv4-mapped IPv6 address"],
    ["::ffff:0:7f00:1", "loopback address 127.0.0.1 embedded in an IPv4-translated IPv6 address"],
    ["::127.0.0.1", "loopback address 127.0.0.1 embedded in an IPv4-compatible IPv6 address"],
    ["::a00:1", "private network address 10.0.0.1 embedded in an IPv4-compatible IPv6 address"],
    ["::8.8.8.8", "deprecated form: an IPv4-compatible IPv6 address"],
    ["64:ff9b::10.0.0.1", "private network address 10.0.0.1 embedded in a NAT64 IPv6 address"],
    ["64:ff9b::7f00:1", "loopback address 127.0.0.1 embedded in a NAT64 IPv6 address"],
    ["64:ff9b::a9fe:a9fe", "cloud metadata service address 169.254.169.254 embedded in a NAT64 IPv6 address"],
    ["2002:7f00:1::1", "loopback address 127.0.0.1 embedded in a 6to4 IPv6 address"],
    ["2002:c0a8:101::", "private network address 192.168.1.1 embedded in a 6to4 IPv6 address"],
    ["2002:a9fe:a9fe::1", "cloud metadata service address 169.254.169.254 embedded in a 6to4 IPv6 address"],
  ])("blocks %s (%s)", (ip, reason) => {
    expect(isBlockedAddress(ip)).toEqual({ blocked: true, reason });
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "100.63.255.255", // just below CGNAT
    "100.128.0.1", // just above CGNAT
    "172.15.255.255", // just below 172.16/12
    "172.32.0.1", // just above
    "169.255.0.1",
    "198.20.0.1", // just above benchmarking
    "223.255.255.255", // last unicast before multicast
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "::ffff:808:808",
    "64:ff9b::8.8.8.8", // DNS64 answers for IPv4-only sites
    "2002:808:808::1", // 6to4 for a public IPv4
  ])("allows public %s", (ip) => {
    expect(isBlockedAddress(ip)).toEqual({ blocked: false });
  });

  it.each(["", "localhost", "example.com", "999.1.1.1", "08.0.0.1", "1.2.3.4.5", "::g", "http://127.0.0.1/"])(
    "fails closed for the non-address %j",
    (value) => {
      expect(isBlockedAddress(value)).toEqual({ blocked: true, reason: "not a valid IP address" });
    },
  );
});

describe("parseIpAddress", () => {
  it("reads literals, including bracketed IPv6, and rejects host names", () => {
    expect(parseIpAddress("[::1]")?.toString()).toBe("::1");
    expect(parseIpAddress("2130706433")?.toString()).toBe("127.0.0.1");
    // IPv6 with a dotted IPv4 tail keeps its prefix (ipaddr.js alone would read it as ::ffff:…)
    expect(parseIpAddress("::8.8.8.8")?.toString()).toBe("::808:808");
    expect(parseIpAddress("::ffff:8.8.8.8")?.toString()).toBe("::ffff:808:808");
    expect(parseIpAddress("64:ff9b::10.0.0.1")?.toString()).toBe("64:ff9b::a00:1");
    expect(parseIpAddress("vllm")).toBeNull();
    expect(parseIpAddress("example.com")).toBeNull();
  });
});

describe("parseAllowedHosts", () => {
  it("splits, trims, lower-cases and drops empty entries", () => {
    expect(parseAllowedHosts(" vllm, Ollama.Internal. ,,10.0.5.0/24, [fd00::1] ,")).toEqual(["vllm", "ollama.internal", "10.0.5.0/24", "fd00::1"]);
  });

  it("is empty when unset or blank", () => {
    expect(parseAllowedHosts(undefined)).toEqual([]);
    expect(parseAllowedHosts("")).toEqual([]);
    expect(parseAllowedHosts(" , ")).toEqual([]);
  });
});

describe("isAllowedByHostList", () => {
  it("matches host names exactly and case-insensitively, not by suffix", () => {
    expect(isAllowedByHostList("VLLM", "10.0.0.3", ["vllm"])).toBe(true);
    expect(isAllowedByHostList("vllm.", "10.0.0.3", ["vllm"])).toBe(true);
    expect(isAllowedByHostList("evil-vllm", "10.0.0.3", ["vllm"])).toBe(false);
    expect(isAllowedByHostList("vllm.evil.com", "10.0.0.3", ["vllm"])).toBe(false);
    expect(isAllowedByHostList("vllm", "10.0.0.3", [])).toBe(false);
  });

  it("matches IP entries against the resolved address, including its IPv4-mapped form", () => {
    expect(isAllowedByHostList("model.internal", "10.0.0.3", ["10.0.0.3"])).toBe(true);
    expect(isAllowedByHostList("model.internal", "::ffff:10.0.0.3", ["10.0.0.3"])).toBe(true);
    expect(isAllowedByHostList("model.internal", "10.0.0.4", ["10.0.0.3"])).toBe(false);
    expect(isAllowedByHostList("[::1]", "::1", ["::1"])).toBe(true);
    expect(isAllowedByHostList("[::1]", "::1", ["127.0.0.1"])).toBe(false);
  });

  it("matches CIDR entries of either family", () => {
    expect(isAllowedByHostList("a", "10.0.5.7", ["10.0.5.0/24"])).toBe(true);
    expect(isAllowedByHostList("a", "10.0.6.7", ["10.0.5.0/24"])).toBe(false);
    expect(isAllowedByHostList("a", "::ffff:10.0.5.7", ["10.0.5.0/24"])).toBe(true);
    expect(isAllowedByHostList("a", "fd00::1234", ["fd00::/8"])).toBe(true);
    expect(isAllowedByHostList("a", "10.0.5.7", ["fd00::/8"])).toBe(false);
    expect(isAllowedByHostList("a", "10.0.5.7", ["::ffff:10.0.5.0/120"])).toBe(true);
    expect(isAllowedByHostList("a", "10.0.5.7", ["10.0.5.0/99"])).toBe(false); // invalid CIDR never matches
  });
});
