import dns from "node:dns";
import net from "node:net";
import type { LookupFunction } from "node:net";
import { MoharError } from "../errors.js";

/**
 * Where webhooks may be sent. A receiver URL is an admin's input, and mohar sits inside an office
 * network: without a rule it could be made to POST to the metadata service, the database or a
 * router's admin page (SSRF). Only http(s); addresses that are loopback, private, link-local,
 * shared or otherwise not public are refused unless an allowed network (WEBHOOK_ALLOW_NETWORKS)
 * contains them. Names are checked as they are resolved for each connection, so a name that
 * later resolves to a refused address is still refused.
 */
export class TargetPolicy {
  private readonly refused = new net.BlockList();
  private readonly allowed = new net.BlockList();

  /** @param allowedNetworks CIDRs such as "127.0.0.1/32" or "10.20.0.0/16" */
  constructor(allowedNetworks: readonly string[]) {
    for (const [address, prefix] of NOT_PUBLIC_V4) this.refused.addSubnet(address, prefix, "ipv4");
    for (const [address, prefix] of NOT_PUBLIC_V6) this.refused.addSubnet(address, prefix, "ipv6");
    for (const cidr of allowedNetworks) {
      const parsed = parseCidr(cidr);
      if (!parsed) throw new Error(`not a network: ${JSON.stringify(cidr)} (expected a CIDR such as 127.0.0.1/32)`);
      this.allowed.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
  }

  /** The URL as a receiver: http(s), no credentials in it, and an IP literal host allowed. Throws webhook.url_refused. */
  checkUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw refusedUrl(`${JSON.stringify(raw)} is not a URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw refusedUrl(`${url.protocol} is not http or https`);
    if (url.username || url.password) throw refusedUrl("a receiver URL carries no user name or password; use the signing secret");
    const literal = hostLiteral(url.hostname);
    if (literal && !this.addressAllowed(literal)) throw refusedUrl(`${literal} is not a public address, and WEBHOOK_ALLOW_NETWORKS does not list it`);
    return url;
  }

  addressAllowed(address: string): boolean {
    const family = net.isIP(address);
    if (family === 0) return false;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (mapped) return this.addressAllowed(mapped);
    const type = family === 4 ? "ipv4" : "ipv6";
    return this.allowed.check(address, type) || !this.refused.check(address, type);
  }

  /** A DNS lookup for http.request that fails when a name resolves to a refused address. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => !this.addressAllowed(a.address));
      if (bad || list.length === 0) {
        const e = Object.assign(new Error(`${hostname} resolves to ${bad?.address ?? "nothing"}, which is not a public address and not in WEBHOOK_ALLOW_NETWORKS`), { code: "EWEBHOOKREFUSED" });
        return callback(e, "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0] as dns.LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

const refusedUrl = (why: string) => new MoharError("webhook.url_refused", `the receiver URL is refused: ${why}`);

/** The host of a URL as an IP address, when it is one ("[::1]" -> "::1"). */
export function hostLiteral(hostname: string): string | null {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return net.isIP(bare) ? bare : null;
}

function parseCidr(cidr: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [address = "", bits] = cidr.trim().split("/");
  const family = net.isIP(address);
  if (family === 0) return null;
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address, prefix, family: family === 4 ? "ipv4" : "ipv6" };
}

export function isCidr(cidr: string): boolean {
  return parseCidr(cidr) !== null;
}

// RFC 6890 special-purpose ranges (and multicast): nothing a public receiver lives at.
const NOT_PUBLIC_V4: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 3],
];
const NOT_PUBLIC_V6: [string, number][] = [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
];
