/**
 * The document's format, judged from its bytes, never from its name: offices rename files freely
 * (a .doc saved as .wps, an HTML page saved as .doc).
 */
export type DocumentFormat = 'txt' | 'html' | 'docx' | 'xlsx' | 'ofd' | 'zip' | 'pdf' | 'ole' | 'image' | 'binary';

export function detectFormat(bytes: Uint8Array): DocumentFormat {
  const b = bytes;
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'pdf';
  if (b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06)) {
    return zipKind(b);
  }
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'ole';
  // A photo or scan of a page (PNG, JPEG), read by OCR.
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a)
    return 'image';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image';
  if (looksBinary(b)) return 'binary';
  if (looksHtml(b)) return 'html';
  return 'txt';
}

/** Which zip-based format: by the names of the entries in the central directory's first part. */
function zipKind(b: Uint8Array): DocumentFormat {
  const head = new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, 1 << 16)));
  const tail = new TextDecoder('latin1').decode(b.subarray(Math.max(0, b.length - (1 << 16))));
  const names = head + tail;
  if (names.includes('word/document.xml')) return 'docx';
  if (names.includes('xl/workbook.xml')) return 'xlsx';
  if (names.includes('OFD.xml')) return 'ofd';
  return 'zip';
}

function looksBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) {
      // UTF-16 text has NULs too; the text reader handles it only with a BOM.
      if (!((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return true;
    }
    if (c < 9 || (c > 13 && c < 32 && c !== 27)) control++;
  }
  return control > n * 0.05;
}

function looksHtml(b: Uint8Array): boolean {
  if (b.subarray(0, 2048).indexOf(0x3c) < 0) return false;
  const head = new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, 2048))).toLowerCase();
  return /<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[^>]+charset/.test(head);
}
