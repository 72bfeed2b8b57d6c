import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { findAssignment } from '../src/services/find-assignment.js';
import { importPlanFile } from '../src/services/import-plan.js';
import { submitProgress } from '../src/services/submit-progress.js';
import { verifyAudit } from '../src/store/audit.js';
import { backup, checkBackup, readBackup, restore } from '../src/store/backup.js';
import { TABLES } from '../src/store/schema.js';
import type { Store } from '../src/store/store.js';
import { importConfirmed, settleAndConfirmByCli } from './support/confirmed.js';
import { COUNTY_PLAN, contextFor, loadDemoDirectory, operator, unitUser } from './support/ledger.js';
import { repoRoot, requireShared } from './support/paths.js';
import { describeEachDialect, factory } from './support/stores.js';

/**
 * Backups hold every row and every stored file, including files that are archives themselves (docx, xlsx,
 * ofd are zips; a plan's source may be one); they restore whole into either database, or not at all.
 */
const office = join(requireShared(), 'fixtures/office');
const FINANCE = 'unit:庆元县财政局';
const AT = '2023-05-04T00:00:00.000Z';
const EVIDENCE = ['plan000.docx', 'plan000.xlsx', 'plan004.ofd', 'plan000.pdf'];

async function code(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return (e as AppError).code;
}

/** A confirmed plan imported from a docx, and a report whose evidence is a docx, an xlsx, an ofd and a pdf. */
async function populate(store: Store): Promise<void> {
  const ctx = contextFor(store, operator, '2023-05-01');
  await loadDemoDirectory(store);
  await importConfirmed(ctx, new TextEncoder().encode(COUNTY_PLAN), { name: 'plan.txt' });
  await importPlanFile(ctx, readFileSync(join(office, 'plan004.docx')), { name: 'plan004.docx' });
  const task = await store.db
    .selectFrom('tasks')
    .select('id')
    .where('text', 'like', '全面公开%')
    .executeTakeFirstOrThrow();
  const id = await findAssignment(ctx, Number(task.id), FINANCE);
  await submitProgress(contextFor(store, unitUser(FINANCE), '2023-05-02'), {
    assignmentId: id,
    text: '已公开，附材料',
    claim: 'in_progress',
    files: EVIDENCE.map((name) => ({ name, bytes: readFileSync(join(office, name)) })),
  });
}

async function dump(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) {
    const key = t === 'blobs' ? 'sha256' : t === 'settings' ? 'key' : 'id';
    out[t] = await store.db.selectFrom(sql.table(t).as('x')).selectAll().orderBy(sql.ref(key)).execute();
  }
  return out;
}

/** Every stored file's SHA-256, computed here from the bytes on disk. */
function fileHashes(dataDir: string): string[] {
  const root = join(dataDir, 'files');
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(root);
  return out.sort();
}

/**
 * Every file the store holds (on disk, in PostgreSQL, in an object store), each hashed here from the bytes
 * read back through the store.
 */
async function storedHashes(store: Store): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of store.blobs.entries()) {
    for (const e of batch) {
      if (!e.sha256) {
        out.push(`partial:${e.key}`);
        continue;
      }
      const hash = createHash('sha256');
      for await (const c of (await store.blobs.open(e.sha256)).body) hash.update(c as Buffer);
      out.push(hash.digest('hex'));
    }
  }
  return out.sort();
}

/** What a failed restore must not leave: rows, stored files, staging folders. */
async function untouched(store: Store): Promise<void> {
  const rows = await dump(store);
  for (const t of ['plans', 'tasks', 'units', 'blobs', 'audit_events'])
    expect(rows[t], `${t} rows after a failed restore`).toEqual([]);
  expect(await storedHashes(store), 'stored files after a failed restore').toEqual([]);
  expect(
    readdirSync(store.dataDir).filter((n) => n.startsWith('.restore-')),
    'staging folders',
  ).toEqual([]);
}

/** The audit key a store chains its log under: moving a ledger means carrying it (audit.key or TAIZHANG_AUDIT_KEY). */
const auditKeyText = (store: Store): string => readFileSync(join(store.dataDir, 'audit.key'), 'utf8').split('\n')[0]!;

describeEachDialect('backup and restore', (f) => {
  const other = factory(f.dialect === 'sqlite' ? 'postgres' : 'sqlite');
  let store: Store;
  let plain: string;
  beforeAll(async () => {
    store = await f.open();
    await populate(store);
    plain = join(mkdtempSync(join(tmpdir(), 'tz-backup-')), 'backup.tar.gz');
    await backup(store, plain, AT);
  });

  it('restores docx, xlsx, ofd and pdf evidence and a docx plan source: rows and file hashes identical', async () => {
    const blobs = (await dump(store)).blobs as { mime: string }[];
    expect(blobs.length).toBeGreaterThanOrEqual(5);
    for (const m of ['wordprocessingml', 'spreadsheetml', 'ofd', 'pdf'])
      expect(blobs.some((b) => b.mime.includes(m))).toBe(true);

    const target = await f.open({ auditKey: auditKeyText(store) });
    const manifest = await restore(target, plain);
    expect(manifest).toMatchObject({ version: 2, files: blobs.length });
    expect(await dump(target)).toEqual(await dump(store));
    expect(await storedHashes(target)).toEqual(await storedHashes(store));
    expect((await storedHashes(target)).length).toBe(blobs.length);
    expect((await verifyAudit(target.db)).head).toBe((await verifyAudit(store.db)).head);
    expect(readdirSync(target.dataDir).filter((n) => n.startsWith('.restore-'))).toEqual([]);
  });

  it('restores into the other database', async () => {
    const target = await other.open({ auditKey: auditKeyText(store) });
    await restore(target, plain);
    expect(await dump(target)).toEqual(await dump(store));
    expect(await storedHashes(target)).toEqual(await storedHashes(store));
  });

  it('seals a backup with a passphrase (AES-256-GCM and SM4 with HMAC-SM3) and refuses a wrong one', async () => {
    for (const cipher of ['aes-256-gcm', 'sm4-ctr-hmac-sm3'] as const) {
      const file = join(mkdtempSync(join(tmpdir(), 'tz-backup-')), `sealed-${cipher}.tzb`);
      await backup(store, file, AT, { passphrase: '政务公开 台账 2023 口令', cipher });
      const bytes = readFileSync(file);
      // Nothing readable inside: no table names, no file names.
      expect(bytes.includes(Buffer.from('tables/'))).toBe(false);
      expect(bytes.includes(Buffer.from('庆元'))).toBe(false);

      const target = await f.open({ auditKey: auditKeyText(store) });
      expect(await code(restore(target, file))).toBe('format-encrypted');
      const wrong = await code(restore(target, file, { passphrase: '不对的口令不对的口令' }));
      expect(wrong).toBe('format-corrupt');
      await untouched(target);
      await restore(target, file, { passphrase: '政务公开 台账 2023 口令' });
      expect(await dump(target)).toEqual(await dump(store));
      expect(await storedHashes(target)).toEqual(await storedHashes(store));
    }
  });

  it('refuses a damaged or cut-short backup and leaves nothing behind', async () => {
    const bytes = readFileSync(plain);
    const dir = mkdtempSync(join(tmpdir(), 'tz-broken-'));
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length * 0.6)]! ^= 0x40;
    const cases: [string, Buffer][] = [
      ['flipped.tar.gz', flipped],
      ['short.tar.gz', bytes.subarray(0, Math.floor(bytes.length * 0.8))],
      ['tiny.tar.gz', bytes.subarray(0, 100)],
      ['not-a-backup.tar.gz', readFileSync(join(office, 'plan000.docx'))],
    ];
    for (const [name, body] of cases) {
      const file = join(dir, name);
      writeFileSync(file, body);
      const target = await f.open({ auditKey: auditKeyText(store) });
      expect(await code(restore(target, file)), name).toMatch(/^format-/);
      await untouched(target);
    }
    const sealed = join(dir, 'sealed.tzb');
    await backup(store, sealed, AT, { passphrase: '一个足够长的备份口令' });
    const cut = join(dir, 'sealed-cut.tzb');
    const s = readFileSync(sealed);
    writeFileSync(cut, s.subarray(0, s.length - 10));
    const target = await f.open({ auditKey: auditKeyText(store) });
    expect(await code(restore(target, cut, { passphrase: '一个足够长的备份口令' }))).toBe('format-corrupt');
    await untouched(target);
  });

  it('removes the files it placed when the rows cannot be written', async () => {
    const target = await f.open({ auditKey: auditKeyText(store) });
    // A row the target already has (settings are not part of the emptiness check) makes the insert fail.
    const setting = ((await dump(store)).settings as { key: string; value: string }[])[0];
    if (setting)
      await target.db
        .insertInto('settings')
        .values(setting as never)
        .execute();
    else return;
    await expect(restore(target, plain)).rejects.toBeInstanceOf(AppError);
    expect(await storedHashes(target)).toEqual([]);
    expect((await dump(target)).plans).toEqual([]);
  });

  it('still restores a format-1 (zip) backup holding Office files', async () => {
    const entries: Record<string, Uint8Array> = {};
    const manifest = await readBackup(plain, undefined, async (_kind, name, body) => {
      const parts: Uint8Array[] = [];
      for await (const c of body) parts.push(c);
      entries[name] = Buffer.concat(parts);
    });
    const { entries: _checksums, ...v1 } = manifest;
    entries['manifest.json'] = new TextEncoder().encode(JSON.stringify({ ...v1, version: 1 }));
    const file = join(mkdtempSync(join(tmpdir(), 'tz-backup-')), 'v1.zip');
    writeFileSync(file, zipSync(entries, { level: 0 }));
    const target = await f.open({ auditKey: auditKeyText(store) });
    expect(await restore(target, file)).toMatchObject({ version: 1 });
    expect(await dump(target)).toEqual(await dump(store));
    expect(await storedHashes(target)).toEqual(await storedHashes(store));
  });

  it('refuses, before reading further, a target whose audit key is not the one the log was chained under', async () => {
    const target = await f.open();
    const e = await restore(target, plain).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('conflict');
    expect((e as AppError).userMessage).toContain('audit.key');
    await untouched(target);
  });

  it('checks a backup without a database', async () => {
    const m = await checkBackup(plain);
    expect(m.counts.plans).toBe(2);
    expect(Object.keys(m.entries ?? {})).toHaveLength(TABLES.length);
  });
});

describe('taizhang backup / restore (CLI)', () => {
  const bin = join(repoRoot, 'bin/taizhang.js');
  const run = (args: string[], dataDir: string) =>
    spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      cwd: repoRoot,
      env: { ...process.env, TAIZHANG_DATA: dataDir, DATABASE_URL: '' },
    });

  it('backs up a ledger with a docx plan and restores it elsewhere, sealed or not', { timeout: 300_000 }, () => {
    const source = mkdtempSync(join(tmpdir(), 'tz-cli-backup-'));
    expect(run(['units', 'import', join(repoRoot, 'demo/directory.csv')], source).status).toBe(0);
    const imported = run(['import', join(office, 'plan000.docx'), '--confirm', '--json'], source);
    expect([0, 3], imported.stderr).toContain(imported.status);
    if (imported.status === 3) settleAndConfirmByCli((args) => run(args, source), JSON.parse(imported.stdout));
    const before = run(['ledger', '--json', '--limit', '100000'], source);
    expect(before.status, before.stderr).toBe(0);

    const dir = mkdtempSync(join(tmpdir(), 'tz-cli-backup-out-'));
    const passFile = join(dir, 'pass.txt');
    writeFileSync(passFile, '台账备份口令：政务公开办 2023\n');
    for (const sealed of [false, true]) {
      const file = join(dir, sealed ? 'b.tzb' : 'b.tar.gz');
      const pass = sealed ? ['--passphrase-file', passFile] : [];
      const b = run(['backup', file, ...pass], source);
      expect(b.status, b.stderr).toBe(0);
      expect(b.stdout).toContain('已复核可恢复');
      expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);

      const checked = run(['restore', '--check', file, ...pass], dir);
      expect(checked.status, checked.stderr).toBe(0);
      expect(checked.stdout).toContain('校验全部相符');

      const target = mkdtempSync(join(tmpdir(), 'tz-cli-restore-'));
      const wrongKey = run(['restore', file, ...pass], target);
      expect(wrongKey.status).toBe(1);
      expect(wrongKey.stderr).toContain('audit.key');
      // As an office moving its ledger does: the audit key goes along, outside the backup.
      rmSync(target, { recursive: true, force: true });
      mkdirSync(target);
      copyFileSync(join(source, 'audit.key'), join(target, 'audit.key'));
      if (sealed) {
        const refused = run(['restore', file], target);
        expect(refused.status).toBe(1);
        expect(refused.stderr).toContain('已加密');
      }
      const r = run(['restore', file, ...pass], target);
      expect(r.status, r.stderr).toBe(0);
      const after = run(['ledger', '--json', '--limit', '100000'], target);
      expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
      expect(fileHashes(target)).toEqual(fileHashes(source));
    }
    const short = join(dir, 'short.txt');
    writeFileSync(short, 'kurz\n');
    const weak = run(['backup', join(dir, 'weak.tzb'), '--passphrase-file', short], source);
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('至少 12 个字符');
    expect(existsSync(join(dir, 'weak.tzb'))).toBe(false);
  });
});
