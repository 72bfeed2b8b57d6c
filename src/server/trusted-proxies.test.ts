import { describe, expect, it } from 'vitest';
import { LOOPBACK, plainAddress, TrustedProxies } from './trusted-proxies.js';

describe('trusted proxies', () => {
  it('matches addresses and ranges of both families, in the forms sockets and proxies write them', () => {
    const p = new TrustedProxies(['10.0.0.0/8', '192.0.2.7', 'fd00::/8', ...LOOPBACK]);
    for (const a of [
      '10.1.2.3',
      '::ffff:10.1.2.3',
      '192.0.2.7:51234',
      'fd12::1',
      '[fd12::1]:443',
      'fd12::1%eth0',
      '::1',
    ])
      expect(p.trusts(a), a).toBe(true);
    for (const a of ['11.0.0.1', '192.0.2.8', 'fe80::1%eth0', '2001:db8::1', 'unknown', '', 'proxy.example'])
      expect(p.trusts(a), a).toBe(false);
    expect(TrustedProxies.none().trusts('127.0.0.1')).toBe(false);
  });

  it('refuses an entry that is not an address or a range, naming it', () => {
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.1/8/8', 'localhost', '10.0.0.0/x'])
      expect(() => new TrustedProxies([bad]), bad).toThrow(`「${bad}」`);
  });

  it('strips ports, brackets, zones and the IPv4-mapped prefix', () => {
    expect(plainAddress('[2001:DB8::1]:8443')).toBe('2001:db8::1');
    expect(plainAddress('::FFFF:198.51.100.1')).toBe('198.51.100.1');
    expect(plainAddress(' 198.51.100.1:80 ')).toBe('198.51.100.1');
  });
});
