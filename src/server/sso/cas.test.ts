import { describe, expect, it } from 'vitest';
import { CasRefusal, readServiceResponse } from './cas.js';

describe('CAS serviceResponse', () => {
  it('reads cas:user and 3.0 attributes, whatever prefix the server binds the namespace to', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<sso:serviceResponse xmlns:sso="http://www.yale.edu/tp/cas">
  <sso:authenticationSuccess>
    <sso:user>zhangsan</sso:user>
    <sso:attributes><sso:displayName>张三</sso:displayName><sso:memberOf>a</sso:memberOf><sso:memberOf>b</sso:memberOf></sso:attributes>
  </sso:authenticationSuccess>
</sso:serviceResponse>`;
    expect(readServiceResponse(xml)).toEqual({ user: 'zhangsan', attributes: { displayName: '张三', memberOf: 'a' } });
  });

  it('turns authenticationFailure into a refusal with the server’s code', () => {
    const xml = `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationFailure code="INVALID_TICKET">Ticket ST-1 not recognized</cas:authenticationFailure></cas:serviceResponse>`;
    expect(() => readServiceResponse(xml)).toThrow(CasRefusal);
    try {
      readServiceResponse(xml);
    } catch (e) {
      expect((e as CasRefusal).code).toBe('INVALID_TICKET');
    }
  });

  it('expands no entities: a DOCTYPE cannot smuggle a file or another name into cas:user', () => {
    const xml = `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY a "admin">]>
<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess><cas:user>&a;</cas:user></cas:authenticationSuccess></cas:serviceResponse>`;
    const user = (() => {
      try {
        return readServiceResponse(xml).user;
      } catch {
        return null;
      }
    })();
    expect(user).not.toBe('admin');
    expect(user ?? '').not.toContain('root:');
  });

  it('refuses what is not a serviceResponse, and a success without cas:user', () => {
    expect(() => readServiceResponse('<html><body>login</body></html>')).toThrow(/not a CAS serviceResponse/);
    expect(() =>
      readServiceResponse(
        '<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess/></cas:serviceResponse>',
      ),
    ).toThrow(/without cas:user/);
  });
});
