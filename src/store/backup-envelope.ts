import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { AppError } from '../domain/errors.js';

/**
 * The optional encryption of a backup: the archive is cut into chunks of at most 1 MiB, each sealed on its
 * own with a key derived from the office's passphrase (scrypt), so a restore authenticates every chunk
 * before using it and memory stays bounded. Each chunk's associated data binds the header, its position and
 * whether it is the last, so chunks cannot be reordered, dropped, or the file cut short unnoticed.
 *
 * Ciphers: AES-256-GCM (default), or SM4-CTR with HMAC-SM3 (encrypt-then-MAC) for 商用密码 deployments —
 * Node's OpenSSL has no SM4-GCM.
 *
 *   MAGIC | u32 header length | header JSON | { u8 last | u32 sealed length | ciphertext ‖ tag }…
 */
export const ENVELOPE_MAGIC = Buffer.from('TZBACKUP-SEALED\n', 'latin1');
export const BACKUP_CIPHERS = ['aes-256-gcm', 'sm4-ctr-hmac-sm3'] as const;
export type BackupCipher = (typeof BACKUP_CIPHERS)[number];

const CHUNK = 1 << 20;
const MAX_HEADER = 4096;
// OWASP's current scrypt cost; the parameters are stored in the header, so it can be raised later.
const KDF = { N: 1 << 17, r: 8, p: 1 };

interface EnvelopeHeader {
  v: 1;
  cipher: BackupCipher;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  chunk: number;
}

interface Sealer {
  seal(index: number, last: boolean, plain: Uint8Array): Buffer;
  open(index: number, last: boolean, sealed: Uint8Array): Buffer;
}

function deriveKey(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 64, { ...kdf, maxmem: 256 * kdf.N * kdf.r + (1 << 20) }, (e, k) =>
      e ? reject(e) : resolve(k),
    ),
  );
}

function sealerFor(cipher: BackupCipher, key: Buffer, headerHash: Buffer): Sealer {
  const aad = (index: number, last: boolean): Buffer => {
    const b = Buffer.alloc(headerHash.length + 9);
    headerHash.copy(b);
    b.writeBigUInt64BE(BigInt(index), headerHash.length);
    b[headerHash.length + 8] = last ? 1 : 0;
    return b;
  };
  const refused = (): AppError => new AppError('format-corrupt', '备份文件无法解密：口令不正确，或文件已被改动或损坏');
  if (cipher === 'aes-256-gcm') {
    const k = key.subarray(0, 32);
    const nonce = (index: number): Buffer => {
      const n = Buffer.alloc(12);
      n.writeBigUInt64BE(BigInt(index), 4);
      return n;
    };
    return {
      seal(index, last, plain) {
        const c = createCipheriv('aes-256-gcm', k, nonce(index));
        c.setAAD(aad(index, last));
        return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
      },
      open(index, last, sealed) {
        if (sealed.length < 16) throw refused();
        const d = createDecipheriv('aes-256-gcm', k, nonce(index));
        d.setAAD(aad(index, last));
        d.setAuthTag(sealed.subarray(sealed.length - 16));
        try {
          return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
        } catch {
          throw refused();
        }
      },
    };
  }
  const encKey = key.subarray(0, 16);
  const macKey = key.subarray(16, 48);
  // The chunk index fills the counter block's high half; CTR counts blocks in the low half (2^16 per chunk).
  const iv = (index: number): Buffer => {
    const b = Buffer.alloc(16);
    b.writeBigUInt64BE(BigInt(index), 0);
    return b;
  };
  const mac = (index: number, last: boolean, ct: Uint8Array): Buffer =>
    createHmac('sm3', macKey).update(aad(index, last)).update(ct).digest();
  return {
    seal(index, last, plain) {
      const c = createCipheriv('sm4-ctr', encKey, iv(index));
      const ct = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([ct, mac(index, last, ct)]);
    },
    open(index, last, sealed) {
      if (sealed.length < 32) throw refused();
      const ct = sealed.subarray(0, sealed.length - 32);
      if (!timingSafeEqual(mac(index, last, ct), sealed.subarray(sealed.length - 32))) throw refused();
      const d = createDecipheriv('sm4-ctr', encKey, iv(index));
      return Buffer.concat([d.update(ct), d.final()]);
    },
  };
}

/** Seals a byte stream: a transform for stream.pipeline. */
export function sealStream(
  passphrase: string,
  cipher: BackupCipher = 'aes-256-gcm',
): (source: AsyncIterable<Uint8Array>) => AsyncGenerator<Buffer> {
  return async function* (source) {
    const salt = randomBytes(16);
    const header: EnvelopeHeader = {
      v: 1,
      cipher,
      kdf: { name: 'scrypt', ...KDF, salt: salt.toString('base64') },
      chunk: CHUNK,
    };
    const headerBytes = Buffer.from(JSON.stringify(header));
    const sealer = sealerFor(
      cipher,
      await deriveKey(passphrase, salt, KDF),
      createHash('sha256').update(headerBytes).digest(),
    );
    const len = Buffer.alloc(4);
    len.writeUInt32BE(headerBytes.length);
    yield Buffer.concat([ENVELOPE_MAGIC, len, headerBytes]);

    let index = 0;
    const record = (last: boolean, plain: Uint8Array): Buffer => {
      const sealed = sealer.seal(index++, last, plain);
      const prefix = Buffer.alloc(5);
      prefix[0] = last ? 1 : 0;
      prefix.writeUInt32BE(sealed.length, 1);
      return Buffer.concat([prefix, sealed]);
    };
    const pending = new ByteQueue();
    for await (const chunk of source) {
      pending.push(chunk);
      // Strictly more than a chunk: the last record must carry the flag, so a full chunk waits for more.
      while (pending.length > CHUNK) yield record(false, pending.take(CHUNK));
    }
    yield record(true, pending.take(pending.length));
  };
}

/** Opens a sealed stream (after its magic has been recognised); every chunk is authenticated before use. */
export function openStream(passphrase: string): (source: AsyncIterable<Uint8Array>) => AsyncGenerator<Buffer> {
  return async function* (source) {
    const q = new ByteQueue();
    const it = source[Symbol.asyncIterator]();
    let ended = false;
    const need = async (n: number): Promise<boolean> => {
      while (q.length < n && !ended) {
        const r = await it.next();
        if (r.done) ended = true;
        else q.push(r.value);
      }
      return q.length >= n;
    };
    const truncated = (): AppError => new AppError('format-corrupt', '备份文件不完整（加密数据被截断）');

    if (!(await need(ENVELOPE_MAGIC.length + 4))) throw truncated();
    if (!q.take(ENVELOPE_MAGIC.length).equals(ENVELOPE_MAGIC))
      throw new AppError('format-corrupt', '不是加密的台账备份文件');
    const headerLength = q.take(4).readUInt32BE(0);
    if (headerLength > MAX_HEADER || !(await need(headerLength))) throw truncated();
    const headerBytes = q.take(headerLength);
    const header = parseHeader(headerBytes);
    const sealer = sealerFor(
      header.cipher,
      await deriveKey(passphrase, Buffer.from(header.kdf.salt, 'base64'), header.kdf),
      createHash('sha256').update(headerBytes).digest(),
    );
    const maxSealed = header.chunk + 64;
    for (let index = 0; ; index++) {
      if (!(await need(5))) throw truncated();
      const prefix = q.take(5);
      const last = prefix[0] === 1;
      const length = prefix.readUInt32BE(1);
      if (prefix[0]! > 1 || length > maxSealed)
        throw new AppError('format-corrupt', '备份文件已损坏（加密记录格式不符）');
      if (!(await need(length))) throw truncated();
      yield sealer.open(index, last, q.take(length));
      if (last) {
        if (await need(1)) throw new AppError('format-corrupt', '备份文件已损坏（加密数据之后还有多余内容）');
        return;
      }
    }
  };
}

function parseHeader(bytes: Buffer): EnvelopeHeader {
  let h: EnvelopeHeader;
  try {
    h = JSON.parse(bytes.toString('utf8')) as EnvelopeHeader;
  } catch {
    throw new AppError('format-corrupt', '备份文件已损坏（加密头无法读取）');
  }
  const k = h?.kdf;
  const sane =
    h?.v === 1 &&
    BACKUP_CIPHERS.includes(h.cipher) &&
    k?.name === 'scrypt' &&
    Number.isInteger(k.N) &&
    k.N >= 1 << 14 &&
    k.N <= 1 << 20 &&
    (k.N & (k.N - 1)) === 0 &&
    k.r >= 1 &&
    k.r <= 16 &&
    k.p >= 1 &&
    k.p <= 4 &&
    typeof k.salt === 'string' &&
    Number.isInteger(h.chunk) &&
    h.chunk > 0 &&
    h.chunk <= 16 << 20;
  if (!sane) throw new AppError('format-unsupported', '备份文件的加密方式无法识别，可能来自更新的版本');
  return h;
}

/** A queue of byte chunks from which exact lengths are taken without copying more than needed. */
class ByteQueue {
  private parts: Buffer[] = [];
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    this.length += chunk.length;
  }

  take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let o = 0;
    while (o < n) {
      const head = this.parts[0]!;
      const k = Math.min(head.length, n - o);
      head.copy(out, o, 0, k);
      o += k;
      if (k === head.length) this.parts.shift();
      else this.parts[0] = head.subarray(k);
    }
    this.length -= n;
    return out;
  }
}
