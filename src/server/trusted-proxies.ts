import { BlockList, isIP } from 'node:net';
import { AppError } from '../domain/errors.js';

/**
 * The reverse proxies whose X-Forwarded-* headers are believed (TAIZHANG_TRUSTED_PROXIES): addresses and
 * CIDR ranges, IPv4 and IPv6. Any other peer is the client itself, whatever headers it sends.
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly entries: readonly string[];

  constructor(entries: readonly string[]) {
    this.entries = entries;
    for (const entry of entries) add(this.list, entry);
  }

  /** Trusts nobody: the socket's peer is always the client. */
  static none(): TrustedProxies {
    return new TrustedProxies([]);
  }

  trusts(address: string): boolean {
    if (this.entries.length === 0) return false;
    const a = plainAddress(address);
    const family = isIP(a);
    if (family === 0) return false;
    return this.list.check(a, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** Loopback only: what TAIZHANG_TRUST_PROXY=1 meant before ranges could be named (a proxy on this machine). */
export const LOOPBACK = ['127.0.0.0/8', '::1'] as const;

function add(list: BlockList, entry: string): void {
  const [address = '', bits, extra] = entry.split('/');
  const a = plainAddress(address);
  const family = isIP(a);
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  if (family === 0 || extra !== undefined || !(prefix >= 0 && prefix <= max))
    throw new AppError(
      'invalid-input',
      `TAIZHANG_TRUSTED_PROXIES 中的「${entry}」不是 IP 地址或网段（应如 10.0.0.5、10.0.0.0/8、fd00::/8）`,
    );
  list.addSubnet(a, prefix, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The address without what sockets and proxies add around it: an IPv6 zone (fe80::1%eth0), brackets and a
 * port ([::1]:443, 10.0.0.1:5000), and the IPv4-mapped form (::ffff:10.0.0.1) a dual-stack socket reports.
 */
export function plainAddress(raw: string): string {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1] ?? a;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  a = a.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(a);
  return mapped?.[1] ?? a.toLowerCase();
}
