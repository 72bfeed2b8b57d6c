import { describe, expect, it } from 'vitest';
import { evidenceType, validLink } from './evidence.js';

const b = (...xs: number[]) => Uint8Array.from(xs);
const text = (s: string) => new TextEncoder().encode(s);

describe('evidence type', () => {
  it('recognises documents and images by content', () => {
    expect(evidenceType(text('%PDF-1.7\n'))?.mime).toBe('application/pdf');
    expect(evidenceType(b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))?.mime).toBe('image/png');
    expect(evidenceType(b(0xff, 0xd8, 0xff, 0xe0))?.mime).toBe('image/jpeg');
    expect(evidenceType(b(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1))?.mime).toBe('application/msword');
    expect(evidenceType(new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...text('word/document.xml')]))?.label).toBe(
      'Word 文档',
    );
    expect(evidenceType(text('已在政府网站公开。'))?.mime).toMatch(/^text\/plain/);
  });
  it('refuses executables, scripts in disguise, bare archives and binary noise', () => {
    expect(evidenceType(b(0x4d, 0x5a, 0x90, 0, 3))).toBeNull();
    expect(evidenceType(b(0x7f, 0x45, 0x4c, 0x46))).toBeNull();
    expect(evidenceType(new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...text('payload.exe')]))).toBeNull();
    expect(evidenceType(b(0xc3, 0x28, 0xa0, 0xa1))).toBeNull();
    expect(evidenceType(new Uint8Array())).toBeNull();
  });
  it('accepts plain http(s) links only', () => {
    expect(validLink('https://www.gov.cn/zhengce/')).toBe(true);
    expect(validLink('javascript:alert(1)')).toBe(false);
    expect(validLink('file:///etc/passwd')).toBe(false);
    expect(validLink('https://user:pw@example.com/')).toBe(false);
    expect(validLink(`https://example.com/${'a'.repeat(3000)}`)).toBe(false);
  });
});
