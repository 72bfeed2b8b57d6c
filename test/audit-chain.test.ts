import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { importPlanFile } from '../src/services/import-plan.js';
import { eventHash, eventMac } from '../src/store/audit.js';
import { anchorAuditHead, type Store } from '../src/store/store.js';
import { importConfirmed } from './support/confirmed.js';
import { COUNTY_PLAN, contextFor, loadDemoDirectory, operator } from './support/ledger.js';
import { repoRoot } from './support/paths.js';
import { factory } from './support/stores.js';

/**
 * The audit chain through `taizhang audit verify` (the built CLI): an HMAC chain under a key kept outside
 * the database, and signed anchors of its head. Tampering by someone who can write the database — triggers
 * dropped, a row edited, the chain recomputed — is found, as are events cut off the end.
 */
const stores = factory('sqlite');

function cli(store: Store, ...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/taizhang.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, TAIZHANG_DATA: store.dataDir, DATABASE_URL: '' },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
const verify = (store: Store) => cli(store, 'audit', 'verify');

type Row = {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
};

/** What an intruder with write access to the database does: unlock the log, then rewrite the chain. */
async function rewriteChain(store: Store, value: (row: Omit<Row, 'hash'>) => string, edit?: (r: Row) => void) {
  await sql`drop trigger if exists audit_no_update`.execute(store.db);
  const rows = (await store.db.selectFrom('audit_events').selectAll().orderBy('id').execute()) as unknown as Row[];
  let prev = '0'.repeat(64);
  for (const r of rows) {
    const row = { ...r, id: Number(r.id), prev_hash: prev };
    edit?.(row);
    const hash = value(row);
    await store.db
      .updateTable('audit_events')
      .set({ after_json: row.after_json, prev_hash: prev, hash })
      .where('id', '=', row.id)
      .execute();
    prev = hash;
  }
}

describe('tamper-evident audit log', () => {
  let store: Store;
  beforeEach(async () => {
    store = await stores.open();
    await loadDemoDirectory(store);
    await importConfirmed(contextFor(store, operator), new TextEncoder().encode(COUNTY_PLAN), {
      name: 'plan.txt',
    });
    await anchorAuditHead(store, new Date());
  });

  it('keeps the key outside the database, readable by its owner only, and verifies an untouched log', () => {
    expect(statSync(join(store.dataDir, 'audit.key')).mode & 0o777).toBe(0o600);
    const ok = verify(store);
    expect(ok.out).toMatch(/审计日志完整：\d+ 条记录/);
    expect(ok.status).toBe(0);
  });

  it('finds a row edited and the chain recomputed without the key (plain SHA-256 or a guessed key)', async () => {
    const edit = (r: Row) => {
      if (r.id === 2) r.after_json = (r.after_json ?? '').replace(/\d/, '9');
    };
    await rewriteChain(store, (r) => eventHash(r), edit);
    const keyless = verify(store);
    expect(keyless.status).toBe(1);
    expect(keyless.out).toMatch(/第 1 条，此处的校验值没有用审计密钥计算/);

    await rewriteChain(store, (r) => eventMac(Buffer.alloc(32, 1), r), edit);
    const guessed = verify(store);
    expect(guessed.status).toBe(1);
    expect(guessed.out).toMatch(/第 1 条，记录内容与其校验值不符/);
  });

  it('records exports made from the command line, and the log still verifies', async () => {
    const file = join(store.dataDir, 'units.csv');
    expect(cli(store, 'units', 'export', file).status).toBe(0);
    const events = await store.db
      .selectFrom('audit_events')
      .select(['actor', 'entity_id', 'after_json'])
      .where('action', '=', 'download')
      .execute();
    expect(events.map((e) => e.entity_id)).toEqual(['taizhang units export']);
    expect(events[0]!.after_json).toContain('units.csv');
    expect(verify(store).status).toBe(0);
  });

  it('finds events cut off the end after an anchor', async () => {
    await sql`drop trigger audit_no_delete`.execute(store.db);
    const last = await store.db.selectFrom('audit_events').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await sql`delete from audit_events where id = ${Number(last.id)}`.execute(store.db);
    const cut = verify(store);
    expect(cut.status).toBe(1);
    expect(cut.out).toMatch(/链尾记录被删除/);
  });

  it('finds an anchor file edited or removed', () => {
    const file = join(store.dataDir, 'audit-anchors.jsonl');
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      text.replace(/"id":(\d+)/g, (_m, n) => `"id":${Number(n) + 100}`),
    );
    expect(verify(store).out).toMatch(/锚点文件中的记录与密钥不符/);
    rmSync(file);
    expect(verify(store).out).toMatch(/锚点文件缺失/);
  });

  it('still verifies events chained before the key existed, and refuses keyless ones after it', async () => {
    // A log written by the earlier release: plain SHA-256 values, no key, no anchors yet.
    await rewriteChain(store, (r) => eventHash(r));
    rmSync(join(store.dataDir, 'audit-anchors.jsonl'));
    rmSync(join(store.dataDir, 'audit.key'));
    await store.close();
    const reopened = await stores.open({ dataDir: store.dataDir });
    await importPlanFile(
      contextFor(reopened, operator),
      new TextEncoder().encode(COUNTY_PLAN.replace('2023', '2024')),
      {
        name: 'plan2.txt',
      },
    );
    const mixed = verify(reopened);
    expect(mixed.out).toMatch(/审计日志完整/);
    const events = await reopened.db.selectFrom('audit_events').select('hash').orderBy('id').execute();
    expect(events.some((e) => e.hash.startsWith('hmac:'))).toBe(true);
    expect(events.some((e) => !e.hash.startsWith('hmac:'))).toBe(true);
    // A keyless value after the key took over is a recomputed chain.
    await rewriteChain(reopened, (r) => eventHash(r));
    expect(verify(reopened).out).toMatch(/此处的校验值没有用审计密钥计算/);
  });
});
