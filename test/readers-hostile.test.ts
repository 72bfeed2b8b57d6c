import { spawnSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { readBlocks } from '../src/parse/index.js';
import { docx, p, zip } from './support/office.js';
import { repoRoot } from './support/paths.js';

/** Hostile and broken files: each refused with a clear reason, in bounded time and memory. */
async function refusal(bytes: Uint8Array, name: string): Promise<AppError> {
  try {
    await readBlocks(bytes, { name });
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error(`${name} was read without complaint`);
}

const WORD_PARTS = {
  '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  'word/document.xml':
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
};

describe('hostile files', () => {
  it('a zip bomb inside a .docx', async () => {
    const e = await refusal(zip({ ...WORD_PARTS, 'word/media/bomb.bin': new Uint8Array(40 << 20) }), 'bomb.docx');
    expect(e.code).toBe('format-unsafe');
    expect(e.userMessage).toContain('压缩炸弹');
  });
  it('an XML external entity (XXE) in document.xml', async () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>';
    const e = await refusal(zip({ ...WORD_PARTS, 'word/document.xml': xxe }), 'xxe.docx');
    expect(e.code).toBe('format-unsafe');
    expect(e.userMessage).toContain('实体');
  });
  it('a zip-slip entry name', async () => {
    const e = await refusal(zip({ ...WORD_PARTS, '../../etc/cron.d/evil': 'x' }), 'slip.docx');
    expect(e.code).toBe('format-unsafe');
    expect(e.userMessage).toContain('越界路径');
  });
  it('a truncated .docx', async () => {
    const whole = docx(p('某县2024年重点任务分工方案'));
    const e = await refusal(whole.subarray(0, Math.floor(whole.length * 0.6)), 'cut.docx');
    expect(e.code).toBe('format-corrupt');
    expect(e.userMessage).toContain('cut.docx');
  });
  it('random bytes named .docx', async () => {
    const bytes = new Uint8Array(64 * 1024);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      bytes[i] = x >>> 24;
    }
    const e = await refusal(bytes, 'random.docx');
    expect(e.code).toBe('format-unsupported');
    expect(e.userMessage).toContain('random.docx');
  });
  it('an encrypted Office file', async () => {
    const head = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const names = Buffer.from('EncryptionInfo\0EncryptedPackage', 'utf16le');
    const e = await refusal(Buffer.concat([head, new Uint8Array(504), names]), 'locked.docx');
    expect(e.code).toBe('format-encrypted');
  });
  it('an empty file and a zip that is no document', async () => {
    expect((await refusal(new Uint8Array(0), 'empty.docx')).code).toBe('file-empty');
    expect((await refusal(zip({ 'a.txt': 'hello' }), 'archive.docx')).code).toBe('format-unsupported');
  });
  it('a 200 MB file is refused before it is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-big-'));
    const big = join(dir, 'huge.docx');
    writeFileSync(big, '');
    truncateSync(big, 200 * 1024 * 1024);
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin/taizhang.js'), 'parse', big], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('文件过大');
    expect(r.stderr).toContain('huge.docx');
  });
  it('a reader that runs too long is stopped at its deadline', async () => {
    const bytes = docx(Array.from({ length: 20_000 }, (_, i) => p(`第${i}段`)).join(''));
    await expect(readBlocks(bytes, { name: 'slow.docx', limits: { timeoutMs: 1 } })).rejects.toMatchObject({
      code: 'timeout',
    });
    // The next read gets a fresh worker and succeeds.
    const doc = await readBlocks(docx(p('某县2024年重点任务分工方案')), { name: 'ok.docx' });
    expect(doc.blocks).toHaveLength(1);
  });
});
