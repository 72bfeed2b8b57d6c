/**
 * What counts as evidence of progress (佐证材料): documents and images, judged by their bytes, never by the
 * name a user gave them. Executables, archives and anything unrecognised are refused. Evidence is asked for
 * only where a rule needs it (办结), never as screenshots of activity.
 */
export interface EvidenceType {
  mime: string;
  label: string;
}

export const MAX_EVIDENCE_FILES = 10;
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;
export const MAX_LINKS = 20;
export const MAX_REPORT_CHARS = 5000;

const starts = (b: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((x, i) => b[at + i] === x);

export function evidenceType(b: Uint8Array): EvidenceType | null {
  if (starts(b, [0x25, 0x50, 0x44, 0x46])) return { mime: 'application/pdf', label: 'PDF' };
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', label: 'PNG 图片' };
  if (starts(b, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', label: 'JPEG 图片' };
  if (starts(b, [0x47, 0x49, 0x46, 0x38])) return { mime: 'image/gif', label: 'GIF 图片' };
  if (starts(b, [0x52, 0x49, 0x46, 0x46]) && starts(b, [0x57, 0x45, 0x42, 0x50], 8))
    return { mime: 'image/webp', label: 'WebP 图片' };
  if (starts(b, [0xd0, 0xcf, 0x11, 0xe0])) return { mime: 'application/msword', label: 'Word/WPS/Excel 文档' };
  if (starts(b, [0x50, 0x4b, 0x03, 0x04])) {
    const names = new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, 1 << 16)));
    const tail = new TextDecoder('latin1').decode(b.subarray(Math.max(0, b.length - (1 << 16))));
    const all = names + tail;
    if (all.includes('word/document.xml'))
      return { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word 文档' };
    if (all.includes('xl/workbook.xml'))
      return { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel 表格' };
    if (all.includes('ppt/presentation.xml'))
      return { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: '演示文稿' };
    if (all.includes('OFD.xml')) return { mime: 'application/ofd', label: 'OFD 文档' };
    return null;
  }
  if (isPlainText(b)) return { mime: 'text/plain; charset=utf-8', label: '文本' };
  return null;
}

function isPlainText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  const n = Math.min(b.length, 8192);
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c < 9 || (c > 13 && c < 32 && c !== 27) || c === 0x7f) return false;
  }
  try {
    // Streaming, so a character cut at the sample's end is not mistaken for bad UTF-8.
    new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, n), { stream: n < b.length });
    return true;
  } catch {
    return false;
  }
}

/** A link given as evidence: http(s) only, no credentials, a sane length. */
export function validLink(url: string): boolean {
  if (url.length > 2000) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
  } catch {
    return false;
  }
}
