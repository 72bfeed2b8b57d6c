import { Inflate } from 'fflate';
import { AppError } from '../../domain/errors.js';
import type { ReaderLimits } from './limits.js';

/**
 * A zip archive read in memory with limits: the central directory is read first (entry count, names,
 * encryption), and each entry is inflated only when asked for, with its output counted as it is produced,
 * so a bomb stops at the limit whatever sizes its directory claims. Names that would escape a folder
 * (zip-slip: «../», absolute paths) mark the archive as hostile even though nothing is written to disk.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  encrypted: boolean;
}

export class ZipArchive {
  readonly entries: ReadonlyMap<string, ZipEntry>;
  private unpacked = 0;

  private constructor(
    private readonly bytes: Uint8Array,
    entries: Map<string, ZipEntry>,
    private readonly limits: ReaderLimits,
    private readonly label: string,
  ) {
    this.entries = entries;
  }

  static open(bytes: Uint8Array, limits: ReaderLimits, label: string): ZipArchive {
    return new ZipArchive(bytes, readDirectory(bytes, limits, label), limits, label);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry's bytes, or null when the archive has no such entry. */
  read(name: string): Uint8Array | null {
    const e = this.entries.get(name);
    if (!e) return null;
    if (e.encrypted) throw new AppError('format-encrypted', `${this.label} 已加密，无法读取；请提供未加密的文件`);
    const v = view(this.bytes);
    if (e.localOffset + 30 > this.bytes.length || v.getUint32(e.localOffset, true) !== 0x04034b50) {
      throw corrupt(this.label, `local header of ${name}`);
    }
    const start = e.localOffset + 30 + v.getUint16(e.localOffset + 26, true) + v.getUint16(e.localOffset + 28, true);
    const data = this.bytes.subarray(start, start + e.compressedSize);
    if (data.length !== e.compressedSize) throw corrupt(this.label, `truncated entry ${name}`);
    let out: Uint8Array;
    if (e.method === 0) out = data;
    else if (e.method === 8) out = this.inflate(data, name);
    else throw new AppError('format-unsupported', `${this.label} 使用了不支持的压缩方式（${e.method}）`);
    this.count(out.length, name);
    return out;
  }

  readText(name: string): string | null {
    const b = this.read(name);
    return b === null ? null : new TextDecoder('utf-8').decode(b);
  }

  private inflate(data: Uint8Array, name: string): Uint8Array {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const cap = Math.min(this.limits.maxEntryBytes, Math.max(64 * 1024, data.length * this.limits.maxRatio));
    const inflater = new Inflate((chunk) => {
      size += chunk.length;
      if (size > cap) throw bomb(this.label, name);
      chunks.push(chunk);
    });
    try {
      inflater.push(data, true);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw corrupt(this.label, `${name}: ${(e as Error).message}`);
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private count(n: number, name: string): void {
    this.unpacked += n;
    if (this.unpacked > this.limits.maxUnpackedBytes) throw bomb(this.label, name);
  }
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function corrupt(label: string, detail: string): AppError {
  return new AppError('format-corrupt', `${label} 已损坏或不完整，无法读取`, detail);
}

function bomb(label: string, name: string): AppError {
  return new AppError(
    'format-unsafe',
    `${label} 解压后体积异常（疑似压缩炸弹），已拒绝`,
    `entry ${name} exceeds limits`,
  );
}

function readDirectory(bytes: Uint8Array, limits: ReaderLimits, label: string): Map<string, ZipEntry> {
  const v = view(bytes);
  // The end-of-central-directory record sits within the last 64 KB + 22 bytes (a comment may follow it).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (v.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt(label, 'no end of central directory');
  const count = v.getUint16(eocd + 10, true);
  const dirSize = v.getUint32(eocd + 12, true);
  const dirOffset = v.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) {
    throw new AppError('format-unsupported', `${label} 使用 ZIP64 格式，文件过大，不支持`);
  }
  if (count > limits.maxEntries) {
    throw new AppError('format-unsafe', `${label} 包含的文件过多（${count} 个），已拒绝`);
  }
  if (dirOffset + dirSize > bytes.length) throw corrupt(label, 'central directory beyond end of file');
  const entries = new Map<string, ZipEntry>();
  let p = dirOffset;
  let declared = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || v.getUint32(p, true) !== 0x02014b50) throw corrupt(label, `directory entry ${k}`);
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    const compressedSize = v.getUint32(p + 20, true);
    const size = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    const localOffset = v.getUint32(p + 42, true);
    const raw = bytes.subarray(p + 46, p + 46 + nameLen);
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'gb18030').decode(raw);
    if (/(^|[\\/])\.\.([\\/]|$)/.test(name) || /^([\\/]|[a-zA-Z]:)/.test(name)) {
      throw new AppError('format-unsafe', `${label} 含有越界路径的条目（${name}），已拒绝`);
    }
    // An entry that claims to expand far beyond what text or images do is a bomb, read or not.
    if (size > 1 << 20 && size > compressedSize * limits.maxRatio) {
      throw new AppError('format-unsafe', `${label} 解压后体积异常（疑似压缩炸弹），已拒绝`, `entry ${name} ratio`);
    }
    declared += size;
    if (declared > limits.maxUnpackedBytes) {
      throw new AppError('format-unsafe', `${label} 解压后体积异常（疑似压缩炸弹），已拒绝`);
    }
    entries.set(name, { name, method, compressedSize, size, localOffset, encrypted: (flags & 1) === 1 });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}
