import { describe, expect, it } from 'vitest';
import { decodeText } from '../readers/decode.js';
import { normalizeSource } from './normalize.js';

describe('source text', () => {
  it('drops pinyin glosses, zero-width characters, bold markers and CR', () => {
    expect(normalizeSource('各縣、區(qū)人民政府\r\n**（县府办牵头负责）**\u200b')).toBe(
      '各縣、區人民政府\n（县府办牵头负责）',
    );
  });
  it('keeps brackets that are not glosses', () => {
    expect(normalizeSource('互联网协议第六版(IPv6)，(word和pdf版)')).toBe('互联网协议第六版(IPv6)，(word和pdf版)');
  });
});

describe('decoding', () => {
  it('detects GB18030/GBK, UTF-8 with and without BOM, UTF-16 with BOM', () => {
    const gbk = Uint8Array.from([0xca, 0xd0, 0xb7, 0xa2, 0xb8, 0xc4, 0xce, 0xaf, 0xc7, 0xa3, 0xcd, 0xb7]);
    expect(decodeText(gbk)).toEqual({ text: '市发改委牵头', encoding: 'gb18030' });
    const utf8 = new TextEncoder().encode('市发改委牵头');
    expect(decodeText(utf8).text).toBe('市发改委牵头');
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8])).text).toBe('市发改委牵头');
    const le = Buffer.from('\ufeff市发改委', 'utf16le');
    expect(decodeText(le)).toEqual({ text: '市发改委', encoding: 'utf-16le' });
  });
});
