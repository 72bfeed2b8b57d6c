import { Buffer, isUtf8 } from 'node:buffer';

/** Decodes a plain-text plan: BOM first, then strict UTF-8, then GB18030 (a superset of GBK and GB2312). */
export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  if (isUtf8(bytes)) return { text: decodeValidUtf8(bytes), encoding: 'utf-8' };
  return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
}

const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });

/**
 * Decodes bytes `isUtf8` has already validated. Node's own UTF-8 decoding of CJK text is several times
 * slower than this loop plus a UTF-16 copy, and plans are almost all three-byte characters; small inputs
 * are not worth it.
 */
function decodeValidUtf8(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n < 4096) return Buffer.from(bytes.buffer, bytes.byteOffset, n).toString('utf8');
  // Never more UTF-16 units than bytes: sized by the bytes, trimmed at the end, so one pass is enough.
  const out = new Uint16Array(n);
  return utf16.decode(out.subarray(0, toUtf16(bytes, out)));
}

/** Writes the UTF-16 units of valid UTF-8 `bytes` to `out`; returns how many. A loop of its own, kept hot. */
function toUtf16(bytes: Uint8Array, out: Uint16Array): number {
  const n = bytes.length;
  let j = 0;
  for (let i = 0; i < n; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out[j++] = b;
      i++;
    } else if (b < 0xe0) {
      out[j++] = ((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
      i += 2;
    } else if (b < 0xf0) {
      out[j++] = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
      i += 3;
    } else {
      const cp =
        ((b & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12) | ((bytes[i + 2]! & 0x3f) << 6) | (bytes[i + 3]! & 0x3f);
      out[j++] = 0xd800 + ((cp - 0x10000) >> 10);
      out[j++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
      i += 4;
    }
  }
  return j;
}
