import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { findAssignment } from '../src/services/find-assignment.js';
import { importPlanFile } from '../src/services/import-plan.js';
import { requestExtension } from '../src/services/request-extension.js';
import { reviewCompletion } from '../src/services/review-completion.js';
import { submitProgress } from '../src/services/submit-progress.js';
import { verifyAudit } from '../src/store/audit.js';
import { backup, restore } from '../src/store/backup.js';
import { TABLES } from '../src/store/schema.js';
import type { Store } from '../src/store/store.js';
import { importConfirmed } from './support/confirmed.js';
import { COUNTY_PLAN, contextFor, loadDemoDirectory, operator, unitUser } from './support/ledger.js';
import { describeEachDialect, factory, postgresProblem } from './support/stores.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const FINANCE = 'unit:庆元县财政局';

async function code(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return (e as AppError).code;
}

/** A store with a confirmed plan, reports with files and links, a review and an extension request. */
const auditKeyText = (store: Store): string => readFileSync(join(store.dataDir, 'audit.key'), 'utf8').split('\n')[0]!;

async function populate(store: Store): Promise<void> {
  const ctx = contextFor(store, operator, '2023-05-01');
  await loadDemoDirectory(store);
  await importConfirmed(ctx, bytes(COUNTY_PLAN), { name: 'plan.txt' });
  const task = await store.db
    .selectFrom('tasks')
    .select('id')
    .where('text', 'like', '全面公开%')
    .executeTakeFirstOrThrow();
  const id = await findAssignment(ctx, Number(task.id), FINANCE);
  const unit = contextFor(store, unitUser(FINANCE), '2023-05-02');
  await submitProgress(unit, {
    assignmentId: id,
    text: '已公开',
    claim: 'complete',
    files: [{ name: '照片.png', bytes: png }],
    links: ['https://example.gov.cn/a'],
  });
  await reviewCompletion(ctx, id, { decision: 'return', reason: '材料不全' });
  await submitProgress(unit, {
    assignmentId: id,
    text: '补充材料',
    claim: 'in_progress',
    files: [{ name: '说明.txt', bytes: bytes('补充说明') }],
  });
  await requestExtension(unit, { assignmentId: id, requestedDue: '2023-08-31', reason: '等待审计结果' });
}

async function dump(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) {
    const key = t === 'blobs' ? 'sha256' : t === 'settings' ? 'key' : 'id';
    out[t] = await store.db.selectFrom(sql.table(t).as('x')).selectAll().orderBy(sql.ref(key)).execute();
  }
  return out;
}

describeEachDialect('store integrity', (f) => {
  const other = factory(f.dialect === 'sqlite' ? 'postgres' : 'sqlite');
  let store: Store;
  beforeAll(async () => {
    store = await f.open();
    await populate(store);
  });

  it('chains the audit log and finds tampering', async () => {
    const ok = await verifyAudit(store.db);
    expect(ok).toMatchObject({ ok: true, brokenAt: null });
    expect(ok.events).toBeGreaterThanOrEqual(6);
    const actions = await store.db.selectFrom('audit_events').select('action').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual([
      'directory.import',
      'plan.import',
      // The plan's «各有关单位» settled, then the plan confirmed (test/support/confirmed.ts).
      'plan.choose-units',
      'plan.confirm',
      'progress.report',
      'review.return',
      'progress.report',
      'extension.request',
    ]);
    // The database itself refuses changes to the log.
    await expect(sql`update audit_events set actor = 'x' where id = 3`.execute(store.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_events where id = 3`.execute(store.db)).rejects.toThrow(/append-only/);

    const tampered = await f.open();
    await populate(tampered);
    if (f.dialect === 'sqlite') await sql`drop trigger audit_no_update`.execute(tampered.db);
    else await sql`alter table audit_events disable trigger audit_no_change`.execute(tampered.db);
    const report = await tampered.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'progress.report')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await sql`update audit_events set after_json = replace(after_json, '已公开', '未公开') where id = ${report.id}`.execute(
      tampered.db,
    );
    expect(await verifyAudit(tampered.db)).toMatchObject({ ok: false, brokenAt: { id: Number(report.id) } });
  });

  it('rejects bad evidence with a clear error and stores nothing', async () => {
    const ctx = contextFor(store, unitUser(FINANCE), '2023-05-03');
    const task = await store.db
      .selectFrom('tasks')
      .select('id')
      .where('text', 'like', '全面公开%')
      .executeTakeFirstOrThrow();
    const id = await findAssignment(ctx, Number(task.id), FINANCE);
    const before = await dump(store);
    const exe = Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]);
    expect(
      await code(
        submitProgress(ctx, {
          assignmentId: id,
          text: '附件',
          claim: 'in_progress',
          files: [{ name: '报告.pdf', bytes: exe }],
        }),
      ),
    ).toBe('format-unsupported');
    expect(await code(submitProgress(ctx, { assignmentId: id, text: '  ', claim: 'in_progress' }))).toBe(
      'invalid-input',
    );
    expect(
      await code(
        submitProgress(ctx, { assignmentId: id, text: '链接', claim: 'in_progress', links: ['javascript:alert(1)'] }),
      ),
    ).toBe('invalid-input');
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(png);
    expect(
      await code(
        submitProgress(ctx, {
          assignmentId: id,
          text: '大文件',
          claim: 'in_progress',
          files: [{ name: 'a.png', bytes: big }],
        }),
      ),
    ).toBe('file-too-large');
    expect(await code(submitProgress(ctx, { assignmentId: 999_999, text: 'x', claim: 'in_progress' }))).toBe(
      'not-found',
    );
    expect(await dump(store)).toEqual(before);
  });

  it('rolls a failed transaction back whole', async () => {
    const before = await dump(store);
    await expect(
      store.transaction(async (trx) => {
        await trx.updateTable('assignments').set({ state: 'done' }).execute();
        await trx
          .insertInto('tasks')
          .values({ plan_id: 999_999, seq: 1, key: 'k', text: 'x' } as never)
          .execute();
      }),
    ).rejects.toBeInstanceOf(AppError);
    expect(await dump(store)).toEqual(before);
  });

  it('backs up while running and restores every row and file into an empty store', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tz-backup-')), 'backup.zip');
    const manifest = await backup(store, file, '2023-05-04T00:00:00.000Z');
    expect(manifest.counts.progress_reports).toBe(2);
    expect(manifest.files).toBe(3);
    // The audit chain verifies only under its key, kept outside the backup: the restored store is given it.
    const target = await f.open({ auditKey: auditKeyText(store) });
    await restore(target, file);
    expect(await dump(target)).toEqual(await dump(store));
    for (const b of (await dump(store)).blobs as { sha256: string }[]) {
      expect(Buffer.from(await target.blobs.get(b.sha256)).equals(Buffer.from(await store.blobs.get(b.sha256)))).toBe(
        true,
      );
    }
    expect((await verifyAudit(target.db)).head).toBe((await verifyAudit(store.db)).head);
    // Ids continue after the restored ones.
    const again = await importPlanFile(contextFor(target, operator), bytes(COUNTY_PLAN.replace('2023', '2024')), {
      name: 'p2.txt',
    });
    expect(again.planId).toBe(2);
    expect(await verifyAudit(target.db)).toMatchObject({ ok: true });

    expect(await code(restore(target, file))).toBe('conflict');
    const broken = join(tmpdir(), `tz-broken-${process.pid}.zip`);
    writeFileSync(broken, readFileSync(file).subarray(0, 2000));
    const empty = await f.open();
    await expect(restore(empty, broken)).rejects.toBeInstanceOf(AppError);
    expect((await dump(empty)).plans).toEqual([]);
  });

  it('restores a backup into the other database', async () => {
    if ((await postgresProblem()) && process.env.CI !== 'true') return;
    const file = join(mkdtempSync(join(tmpdir(), 'tz-backup-')), 'cross.zip');
    await backup(store, file, '2023-05-04T00:00:00.000Z');
    const target = await other.open({ auditKey: auditKeyText(store) });
    await restore(target, file);
    expect(await dump(target)).toEqual(await dump(store));
    expect(await verifyAudit(target.db)).toMatchObject({ ok: true });
  });
});
