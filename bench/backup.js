// Backup and restore of a ledger with 64 MB of evidence (the office fixtures and incompressible files, as
// scanned PDFs and photos are) plus the demo directory and the five seed plans, on SQLite in a temporary
// directory. The baseline, measured in the same run, is gzip of the same bytes to a file: the work any
// compressed backup must do. Peak RSS is sampled while restoring, against the RSS just before it: a restore
// streams through a staging folder, so it should not grow with the size of the backup.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { importDirectory } from '../dist/services/directory.js';
import { importPlanFile } from '../dist/services/import-plan.js';
import { backup, restore } from '../dist/store/backup.js';
import { openStore } from '../dist/store/store.js';
import { directoryFromCsv } from '../dist/units/exchange.js';
import { sharedDir, table } from './support.js';

const ACTOR = { id: 'bench', name: 'bench', role: 'operator', unitId: null };
const FILES = 32;
const FILE_BYTES = 2 * 1024 * 1024;
const PASSPHRASE = '台账备份基准口令 2026';

export async function benchBackup() {
  const dir = mkdtempSync(join(tmpdir(), 'tz-bench-backup-'));
  try {
    const store = await openStore({ dataDir: join(dir, 'source') });
    const ctx = { store, actor: ACTOR, now: () => new Date('2024-03-01T02:00:00Z') };
    const root = resolve(import.meta.dirname, '..');
    await importDirectory(
      ctx,
      directoryFromCsv(readFileSync(join(root, 'demo/directory.csv'), 'utf8'), 'directory.csv'),
    );
    for (const f of readdirSync(join(sharedDir, 'seeds'))) {
      const bytes = readFileSync(join(sharedDir, 'seeds', f));
      // A 清单 that names no issuer (seed 002) is imported as the office would, naming it.
      await importPlanFile(ctx, bytes, { name: f }).catch(() =>
        importPlanFile(ctx, bytes, { name: f, issuer: 'gov:宣城市' }),
      );
    }
    const office = join(sharedDir, 'fixtures/office');
    const bodies = [
      ...readdirSync(office)
        .filter((f) => !f.endsWith('.json') && !f.endsWith('.md'))
        .map((f) => readFileSync(join(office, f))),
      ...Array.from({ length: FILES }, () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(FILE_BYTES)])),
    ];
    const at = new Date().toISOString();
    for (const b of bodies) {
      const sha = await store.blobs.put(b, Number.POSITIVE_INFINITY);
      await store.db
        .insertInto('blobs')
        .values({ sha256: sha, size: b.length, mime: 'application/pdf', created_at: at })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    }
    const dataBytes = bodies.reduce((s, b) => s + b.length, 0);

    const time = async (fn) => {
      const t = performance.now();
      await fn();
      return (performance.now() - t) / 1000;
    };
    const baseline = await time(() =>
      pipeline(Readable.from(bodies), createGzip({ level: 6 }), createWriteStream(join(dir, 'baseline.gz'))),
    );
    const rows = [];
    const plainFile = join(dir, 'b.tar.gz');
    const plain = await time(() => backup(store, plainFile, at));
    rows.push([
      'backup (write + full read-back check)',
      plain.toFixed(2),
      (plain / baseline).toFixed(2),
      mb(statSync(plainFile).size),
    ]);
    for (const cipher of ['aes-256-gcm', 'sm4-ctr-hmac-sm3']) {
      const f = join(dir, `b-${cipher}.tzb`);
      const s = await time(() => backup(store, f, at, { passphrase: PASSPHRASE, cipher }));
      rows.push([`backup sealed ${cipher}`, s.toFixed(2), (s / baseline).toFixed(2), mb(statSync(f).size)]);
    }

    const target = await openStore({ dataDir: join(dir, 'target') });
    globalThis.gc?.();
    const before = process.memoryUsage.rss();
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 5);
    const r = await time(() => restore(target, plainFile));
    clearInterval(sampler);
    rows.push(['restore (stage, check, place, insert)', r.toFixed(2), (r / baseline).toFixed(2), '']);
    await target.close();
    await store.close();

    console.log(`\n== backup: ${mb(dataBytes)} of stored files (${bodies.length} files), seeds and directory, SQLite`);
    table(
      ['what', 'seconds', '× gzip of the same bytes', 'file'],
      [['baseline: gzip of the files', baseline.toFixed(2), '1.00', ''], ...rows],
    );
    console.log(
      `restore peak RSS: +${mb(peak - before)} over ${mb(before)} before it, for a ${mb(statSync(plainFile).size)} backup` +
        ` (${((peak - before) / statSync(plainFile).size).toFixed(2)} × the backup's size)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
