import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { submitProgress } from '../src/services/submit-progress.js';
import { verifyAudit } from '../src/store/audit.js';
import { hashBytes } from '../src/store/blobs.js';
import { integrityCheck } from '../src/store/dialect.js';
import { openStore, type Store, type StoreConfig } from '../src/store/store.js';
import { importConfirmed } from './support/confirmed.js';
import { COUNTY_PLAN, contextFor, loadDemoDirectory, operator } from './support/ledger.js';
import { repoRoot } from './support/paths.js';
import { describeEachDialect } from './support/stores.js';

/**
 * Faults the store must survive: a writer killed at any point (no partial plan, every acknowledged report
 * kept, the file sound), two processes writing at once (both succeed, or one is told clearly that the
 * database is busy), and a full disk (reported as such; nothing half-written, nothing lost).
 *
 * The writers are child processes running test/support/ledger-writer.mjs over the compiled code in dist/
 * (`npm test` builds first). Kill times come from a seeded generator: set TZ_FAULT_SEED to replay a run.
 */

const WRITER = join(repoRoot, 'test/support/ledger-writer.mjs');
const SEED = Number(process.env.TZ_FAULT_SEED ?? Date.now() % 1_000_000);
const bytes = (s: string) => new TextEncoder().encode(s);

/** mulberry32: small, seeded, good enough to spread kill times. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const chineseNumber = (n: number): string =>
  n <= 10
    ? NUMERALS[n]!
    : n < 20
      ? `十${n % 10 ? NUMERALS[n % 10] : ''}`
      : `${NUMERALS[Math.floor(n / 10)]}十${n % 10 ? NUMERALS[n % 10] : ''}`;

/**
 * A county plan in the genre's tab-table layout with `tasks` numbered tasks, twenty to a section. Every task
 * is led by one or two bureaus with 各乡镇 (14 townships) assisting, and most report quarterly or are
 * ongoing, so each task is 15–16 assignments with their periods: 300 tasks are ~4,700 assignments and
 * ~14,000 periods, written in one transaction.
 */
function largePlan(tasks: number, title = '庆元县2023年政务公开重点工作任务分工方案'): string {
  const units = [
    '县农业农村局牵头，各乡镇配合',
    '县财政局、县发改局牵头，各乡镇配合',
    '县住建局、县交通运输局牵头，各乡镇配合',
  ];
  const deadlines = ['每季度', '2023年6月底前', '长期推进', '每季度'];
  const lines = [title, '工作任务\t具体要求\t牵头单位\t完成时限'];
  for (let n = 1; n <= tasks; n++) {
    const section = Math.floor((n - 1) / 20) + 1;
    const head = (n - 1) % 20 === 0 ? `${chineseNumber(section)}、第${chineseNumber(section)}方面工作` : '';
    lines.push(
      `${head}\t${n}.做好第${n}项政务公开重点工作，按要求及时公开相关信息。\t${units[n % 3]}\t${deadlines[n % 4]}`,
    );
  }
  return lines.join('\n');
}

const planDir = mkdtempSync(join(tmpdir(), 'tz-fault-plans-'));
afterAll(() => rmSync(planDir, { recursive: true, force: true }));
// 300 tasks for SQLite: its write spills past SQLite's page cache, so a kill leaves uncommitted frames in the
// WAL for recovery to discard. PostgreSQL writes the same rows three times slower; half the plan keeps the
// rounds short and is still thousands of rows.
const LARGE = bytes(largePlan(300));
const HALF = bytes(largePlan(150));
const MEDIUM = bytes(largePlan(40, '庆元县2023年政务公开专项工作任务分工方案'));
const LARGE_FILE = join(planDir, 'large.txt');
const HALF_FILE = join(planDir, 'half.txt');
const MEDIUM_FILE = join(planDir, 'medium.txt');
writeFileSync(LARGE_FILE, LARGE);
writeFileSync(HALF_FILE, HALF);
writeFileSync(MEDIUM_FILE, MEDIUM);

// ---------------------------------------------------------------------------------------------- children

interface Writer {
  child: ChildProcessWithoutNullStreams;
  /** stdout lines, in arrival order, each with a sequence number shared by all writers. */
  lines: { seq: number; text: string }[];
  stderr: string[];
  ready: Promise<void>;
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  go(): void;
  /** Resolves at the next line starting with `prefix` (or one already seen); rejects if the child ends first. */
  next(prefix: string): Promise<string>;
}

let sequence = 0;
/** Writers still running, killed if a test fails half-way. */
const live = new Set<ChildProcessWithoutNullStreams>();
afterAll(() => {
  for (const c of live) c.kill('SIGKILL');
});

function startWriter(mode: 'import+report' | 'writer', config: StoreConfig, env: Record<string, string>): Writer {
  const child = spawn(process.execPath, [WRITER, mode], {
    env: { ...process.env, TZ_STORE: JSON.stringify(config), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: Writer['lines'] = [];
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  child.stdin.on('error', () => {}); // the child may be dead before GO arrives
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    lines.push({ seq: ++sequence, text });
    if (text === 'READY') onReady();
    for (const w of waiters.filter((x) => text.startsWith(x.prefix))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(text);
    }
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  // A child that dies before READY must not leave the parent waiting.
  const readyOrDead = Promise.race([
    ready,
    closed.then(({ code, signal }) => {
      if (!lines.some((l) => l.text === 'READY'))
        throw new Error(
          `writer exited before READY (code ${code}, signal ${signal}): ${lines.map((l) => l.text).join(' | ')} ${stderr.join('')}`,
        );
    }),
  ]);
  readyOrDead.catch(() => {}); // handled where it is awaited; a pre-started child may die unobserved
  live.add(child);
  child.on('exit', () => live.delete(child));
  const next = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((l) => l.text.startsWith(prefix));
      if (seen) return resolve(seen.text);
      waiters.push({ prefix, resolve });
      closed.then(() => reject(new Error(`writer ended without ${prefix}: ${stderr.join('')}`)));
    });
  return { child, lines, stderr, ready: readyOrDead, closed, go: () => child.stdin.write('GO\n'), next };
}

const texts = (w: Writer, prefix: string): string[] =>
  w.lines.filter((l) => l.text.startsWith(prefix)).map((l) => l.text.slice(prefix.length));
const ackedIds = (w: Writer): number[] => texts(w, 'ACK ').map(Number);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------------------------------------ checks

interface Expected {
  tasks: number;
  assignments: number;
  periods: number;
  pending: number;
}

async function countsOf(store: Store, planId: number): Promise<Expected> {
  const n = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
  return {
    tasks: await n(
      store.db
        .selectFrom('tasks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('plan_id', '=', planId)
        .executeTakeFirstOrThrow(),
    ),
    assignments: await n(
      store.db
        .selectFrom('assignments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('plan_id', '=', planId)
        .executeTakeFirstOrThrow(),
    ),
    periods: await n(
      store.db
        .selectFrom('periods as p')
        .innerJoin('assignments as a', 'a.id', 'p.assignment_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('a.plan_id', '=', planId)
        .executeTakeFirstOrThrow(),
    ),
    pending: await n(
      store.db
        .selectFrom('pending_choices')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('plan_id', '=', planId)
        .executeTakeFirstOrThrow(),
    ),
  };
}

/** Rows per plan, for every plan at once. */
async function countsByPlan(store: Store): Promise<Map<number, Expected>> {
  const out = new Map<number, Expected>();
  const get = (id: unknown) => {
    const key = Number(id);
    const e = out.get(key) ?? { tasks: 0, assignments: 0, periods: 0, pending: 0 };
    out.set(key, e);
    return e;
  };
  for (const r of await store.db
    .selectFrom('tasks')
    .select((eb) => ['plan_id', eb.fn.countAll<number>().as('n')])
    .groupBy('plan_id')
    .execute())
    get(r.plan_id).tasks = Number(r.n);
  for (const r of await store.db
    .selectFrom('assignments')
    .select((eb) => ['plan_id', eb.fn.countAll<number>().as('n')])
    .groupBy('plan_id')
    .execute())
    get(r.plan_id).assignments = Number(r.n);
  for (const r of await store.db
    .selectFrom('periods as p')
    .innerJoin('assignments as a', 'a.id', 'p.assignment_id')
    .select((eb) => ['a.plan_id', eb.fn.countAll<number>().as('n')])
    .groupBy('a.plan_id')
    .execute())
    get(r.plan_id).periods = Number(r.n);
  for (const r of await store.db
    .selectFrom('pending_choices')
    .select((eb) => ['plan_id', eb.fn.countAll<number>().as('n')])
    .groupBy('plan_id')
    .execute())
    get(r.plan_id).pending = Number(r.n);
  return out;
}

/** Rows of `table` whose `column` points at no row of `target`. */
async function orphans(store: Store, table: string, column: string, target: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} x where ${sql.ref(
    `x.${column}`,
  )} is not null and not exists (select 1 from ${sql.table(target)} t where t.id = ${sql.ref(`x.${column}`)})`.execute(
    store.db,
  );
  return Number(r.rows[0]!.n);
}

interface Checked {
  plans: number;
  reports: number;
}

/**
 * What must hold after any fault: a sound file (SQLite's integrity check; PostgreSQL guarantees its own
 * pages, so there the checks are the ledger's own consistency), every plan whole — as many tasks as its
 * stored parse, and as many rows of each kind as a complete import of the same file — no row pointing at
 * something missing, every plan and report with its audit event, the audit chain intact, and every
 * acknowledged report present.
 */
async function checkStore(
  store: Store,
  /** The rows a whole import of each file writes; null: plans of the same file must agree with each other. */
  expectedBySha: ReadonlyMap<string, Expected> | null,
  acked: ReadonlySet<number>,
  parsedTasks: Map<number, number>,
  label: string,
): Promise<Checked> {
  if (store.dialect === 'sqlite') {
    expect(await integrityCheck(store.db, store.dialect), `${label}: integrity_check`).toBe('ok');
    const fk = await sql`pragma foreign_key_check`.execute(store.db);
    expect(fk.rows, `${label}: foreign_key_check`).toEqual([]);
  }
  const plans = await store.db.selectFrom('plans').select(['id', 'source_sha256']).execute();
  const counts = await countsByPlan(store);
  const bySha: Map<string, Expected> = new Map(expectedBySha ?? []);
  for (const p of plans) {
    const id = Number(p.id);
    if (!parsedTasks.has(id)) {
      const row = await store.db
        .selectFrom('plans')
        .select('parse_json')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      parsedTasks.set(id, (JSON.parse(row.parse_json) as { tasks: unknown[] }).tasks.length);
    }
    const have = counts.get(id) ?? { tasks: 0, assignments: 0, periods: 0, pending: 0 };
    expect(have.tasks, `${label}: plan ${id} has as many tasks as its parse`).toBe(parsedTasks.get(id));
    if (!expectedBySha && !bySha.has(p.source_sha256)) bySha.set(p.source_sha256, have);
    const expected = bySha.get(p.source_sha256);
    expect(expected, `${label}: plan ${id} is from a known file`).toBeDefined();
    expect(have, `${label}: plan ${id} is whole`).toEqual(expected);
  }
  const planIds = new Set(plans.map((p) => Number(p.id)));
  for (const id of counts.keys()) expect(planIds.has(id), `${label}: rows of a missing plan ${id}`).toBe(true);

  // Declared foreign keys are what SQLite's foreign_key_check (above) covers; PostgreSQL is asked directly.
  for (const [table, column, target, declared] of [
    ['tasks', 'plan_id', 'plans', true],
    ['assignments', 'plan_id', 'plans', true],
    ['assignments', 'task_id', 'tasks', true],
    ['pending_choices', 'task_id', 'tasks', true],
    ['periods', 'assignment_id', 'assignments', true],
    ['progress_reports', 'assignment_id', 'assignments', true],
    ['progress_reports', 'period_id', 'periods', false],
    ['evidence', 'report_id', 'progress_reports', true],
  ] as const)
    if (!declared || store.dialect !== 'sqlite')
      expect(await orphans(store, table, column, target), `${label}: ${table}.${column} → ${target}`).toBe(0);
  const crossed = await store.db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .whereRef('a.plan_id', '<>', 't.plan_id')
    .executeTakeFirstOrThrow();
  expect(Number(crossed.n), `${label}: assignments whose task is in another plan`).toBe(0);

  // Each plan and each report came with its audit event, in the same transaction.
  const events = await store.db
    .selectFrom('audit_events')
    .select(['action', 'entity_id', 'after_json'])
    .where('action', 'in', ['plan.import', 'progress.report'])
    .execute();
  const importedIds = events.filter((e) => e.action === 'plan.import').map((e) => Number(e.entity_id));
  expect(
    importedIds.sort((a, b) => a - b),
    `${label}: plan.import events`,
  ).toEqual([...planIds].sort((a, b) => a - b));
  const reports = await store.db.selectFrom('progress_reports').select('id').execute();
  const reportIds = new Set(reports.map((r) => Number(r.id)));
  const reportEvents = events
    .filter((e) => e.action === 'progress.report')
    .map((e) => (JSON.parse(e.after_json ?? '{}') as { report: number }).report);
  expect(
    reportEvents.sort((a, b) => a - b),
    `${label}: progress.report events`,
  ).toEqual([...reportIds].sort((a, b) => a - b));
  const audit = await verifyAudit(store.db);
  expect(audit.brokenAt, `${label}: audit chain`).toBeNull();
  expect(audit.ok).toBe(true);

  const missing = [...acked].filter((id) => !reportIds.has(id));
  expect(missing, `${label}: acknowledged reports missing`).toEqual([]);
  return { plans: plans.length, reports: reportIds.size };
}

async function withStore<T>(config: StoreConfig, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * A store with the demo directory and three plans, all confirmed: the county plan, the plan the crash test
 * imports and the one the concurrent writers import. Returns the rows a whole import of each file writes.
 */
async function seed(config: StoreConfig, crashPlan = LARGE): Promise<Map<string, Expected>> {
  return withStore(config, async (store) => {
    const ctx = contextFor(store, operator, '2023-05-01');
    await loadDemoDirectory(store);
    const expected = new Map<string, Expected>();
    for (const [plan, name] of [
      [bytes(COUNTY_PLAN), 'county.txt'],
      [crashPlan, 'large.txt'],
      [MEDIUM, 'medium.txt'],
    ] as const) {
      const s = await importConfirmed(ctx, plan, { name, revise: 'new' });
      const row = await store.db
        .selectFrom('plans')
        .select('source_sha256')
        .where('id', '=', s.planId)
        .executeTakeFirstOrThrow();
      expected.set(row.source_sha256, await countsOf(store, s.planId));
    }
    return expected;
  });
}

/**
 * Two writers on one store, let go at the same moment (each opens the store after GO). Each must finish
 * everything it was given, or stop with the clear busy error and nothing else; returns what they acknowledged.
 */
async function writeTogether(
  config: StoreConfig,
  reports: number,
  imports: number,
  label: string,
): Promise<{ acked: Set<number>; writers: Writer[] }> {
  const writers = [0, 1].map((i) =>
    startWriter('writer', config, {
      TZ_PLAN: MEDIUM_FILE,
      TZ_WRITERS: '2',
      TZ_INDEX: String(i),
      TZ_SEED: String(SEED + i),
      TZ_REPORTS: String(reports),
      TZ_IMPORTS: String(imports),
    }),
  );
  await Promise.all(writers.map((w) => w.ready));
  for (const w of writers) w.go();
  const exits = await Promise.all(writers.map((w) => w.closed));
  const acked = new Set<number>();
  writers.forEach((w, i) => {
    const problem = `${label}, writer ${i}: ${texts(w, 'ERROR ').join(' ')} ${w.stderr.join('')}`;
    if (exits[i]!.code === 0) {
      expect(texts(w, 'DONE'), problem).toHaveLength(1);
      expect(ackedIds(w), problem).toHaveLength(reports);
      expect(texts(w, 'IMPORTED '), problem).toHaveLength(imports);
    } else {
      // The only acceptable failure: told plainly that the database is busy.
      expect(exits[i]!.code, problem).toBe(3);
      expect(texts(w, 'ERROR ')[0], problem).toMatch(/^busy 数据库正忙/);
    }
    for (const id of ackedIds(w)) acked.add(id);
  });
  return { acked, writers };
}

// ------------------------------------------------------------------------------------------------- tests

describeEachDialect('store faults', (f) => {
  // 50 kills on SQLite, where recovery of the file itself is what is tested; PostgreSQL rolls back a dead
  // client's transaction on the server, so 10 kills are enough to show nothing partial becomes visible.
  const ROUNDS = f.dialect === 'sqlite' ? 50 : 10;

  it(`survives a writer killed at random points ${ROUNDS} times: sound, no partial plan, every ACK kept`, {
    timeout: 180_000,
  }, async () => {
    const config = f.config();
    const expected = await seed(config, f.dialect === 'sqlite' ? LARGE : HALF);
    const random = prng(SEED);
    const acked = new Set<number>();
    const parsed = new Map<number, number>();
    // One import per writer at most: after it, reports only, so the store grows by one plan in the rounds
    // whose kill comes late, and those kills land among reports.
    const env = { TZ_PLAN: f.dialect === 'sqlite' ? LARGE_FILE : HALF_FILE, TZ_MAX_IMPORTS: '1' };

    // Calibration: how long a fresh writer takes from GO to its first import returning.
    const first = startWriter('import+report', config, { ...env, TZ_SEED: String(SEED) });
    await first.ready;
    const t0 = performance.now();
    first.go();
    await first.next('IMPORTED ');
    const cycle = performance.now() - t0;
    first.child.kill('SIGKILL');
    await first.closed;
    for (const id of ackedIds(first)) acked.add(id);
    await withStore(config, (s) => checkStore(s, expected, acked, parsed, 'calibration'));

    // Kills fall anywhere in [0, 1.15 × cycle) after GO: mostly inside the import (while parsing, or writing
    // its transaction), sometimes among the reports before it, or after it returned. The next writer starts
    // (and opens the store, recovering it) while this round is checked.
    let midImport = 0;
    let midTransaction = 0;
    let imported = 0;
    const spawnRound = (round: number) =>
      startWriter('import+report', config, { ...env, TZ_SEED: String(SEED + round) });
    let next = spawnRound(1);
    for (let round = 1; round <= ROUNDS; round++) {
      const w = next;
      const delay = random() * 1.15 * cycle;
      await w.ready;
      w.go();
      await sleep(delay);
      w.child.kill('SIGKILL');
      const { signal } = await w.closed;
      if (round < ROUNDS) next = spawnRound(round + 1);
      const label = `seed ${SEED} round ${round} (kill ${delay.toFixed(0)} ms after GO)`;
      expect(signal, `${label}: the writer died by itself: ${w.stderr.join('')} ${texts(w, 'ERROR ')}`).toBe('SIGKILL');
      const begun = texts(w, 'BEGIN ').length;
      const done = texts(w, 'IMPORTED ').length;
      if (begun > done) midImport++;
      if (w.lines.at(-1)?.text === 'TX import') midTransaction++;
      imported += done;
      for (const id of ackedIds(w)) acked.add(id);
      await withStore(config, (s) => checkStore(s, expected, acked, parsed, label));
    }
    const summary = await withStore(config, (s) => checkStore(s, expected, acked, parsed, 'final'));
    console.log(
      `[${f.dialect}] seed ${SEED}: ${ROUNDS} kills, cycle ${cycle.toFixed(0)} ms; killed mid-import ${midImport}, ` +
        `inside the import transaction ${midTransaction}; ${imported} imports returned, ${acked.size} reports acknowledged; ` +
        `store holds ${summary.plans} plans, ${summary.reports} reports`,
    );
    // The kills must really land inside imports, most of them inside the transaction.
    expect(midImport, `seed ${SEED}: kills landing mid-import`).toBeGreaterThanOrEqual(ROUNDS * 0.4);
    // (Typically 35–70% land inside the transaction; the bar is lower as machine load shifts kill points.)
    expect(midTransaction, `seed ${SEED}: kills landing inside the import transaction`).toBeGreaterThanOrEqual(
      Math.max(1, Math.floor(ROUNDS * 0.15)),
    );
    expect(acked.size).toBeGreaterThan(ROUNDS);
  });

  it('lets two processes write at once: both succeed, or one gets a clear busy error', {
    timeout: 60_000,
  }, async () => {
    const config = f.config();
    const expected = await seed(config);
    const { acked, writers } = await writeTogether(config, 40, 2, 'two writers');
    // They really ran side by side: each wrote while the other was writing.
    const [a, b] = writers.map((w) => {
      const writes = w.lines.filter((l) => /^(BEGIN|ACK) /.test(l.text));
      return [writes[0]!.seq, writes.at(-1)!.seq];
    }) as [number[], number[]];
    expect(a[0]! < b[1]! && b[0]! < a[1]!, 'the two writers overlapped').toBe(true);
    await withStore(config, (s) => checkStore(s, expected, acked, new Map(), 'two writers'));
  });

  it('lets two processes open a new data directory and write at once', { timeout: 60_000 }, async () => {
    // Nothing set up: both open — and so migrate — the new store at the same moment, then import (the
    // directory bootstrapped from the plan) and report. A few pairs side by side, as the race is narrow.
    const pairs = f.dialect === 'sqlite' ? 4 : 2;
    await Promise.all(
      Array.from({ length: pairs }, async (_, k) => {
        const config = f.config();
        const { acked } = await writeTogether(config, 10, 1, `new store ${k}`);
        await withStore(config, (s) => checkStore(s, null, acked, new Map(), `new store ${k}`));
      }),
    );
  });

  if (f.dialect === 'sqlite') {
    it('reports a full disk as such, keeps what was stored and writes nothing of the failed import', async () => {
      const config = f.config();
      const expected = await seed(config);
      await withStore(config, async (store) => {
        const ctx = contextFor(store, operator, '2023-05-01');
        const assignment = await store.db
          .selectFrom('assignments')
          .select('id')
          .orderBy('id')
          .executeTakeFirstOrThrow();
        await submitProgress(ctx, { assignmentId: Number(assignment.id), text: '已公开', claim: 'in_progress' });
        const before = await countsByPlan(store);
        const reportsBefore = await store.db.selectFrom('progress_reports').select('id').execute();
        const auditBefore = await verifyAudit(store.db);
        // The disk "fills up": the file may grow by a few pages only, far less than a large import needs.
        const pages = await sql<{ page_count: number }>`pragma page_count`.execute(store.db);
        const limit = Number(pages.rows[0]!.page_count) + 8;
        await sql.raw(`pragma max_page_count = ${limit}`).execute(store.db);

        const e = await importConfirmed(ctx, LARGE, { name: 'large.txt', revise: 'new' }).then(
          () => null,
          (x: unknown) => x,
        );
        expect(e, String(e)).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe('storage-full');
        expect((e as AppError).userMessage).toMatch(/存储空间已满/);

        expect(await countsByPlan(store)).toEqual(before);
        expect(reportsBefore).toHaveLength(1);
        expect(await store.db.selectFrom('progress_reports').select('id').execute()).toEqual(reportsBefore);
        expect((await verifyAudit(store.db)).head).toBe(auditBefore.head);
        expect(await integrityCheck(store.db, 'sqlite')).toBe('ok');

        // Once there is room again, the store works as before.
        await sql.raw('pragma max_page_count = 1073741823').execute(store.db);
        const s = await importConfirmed(ctx, LARGE, { name: 'large.txt', revise: 'new' });
        expect(await countsOf(store, s.planId)).toEqual(expected.get(hashBytes(LARGE)));
      });
      await withStore(config, (s) => checkStore(s, expected, new Set(), new Map(), 'after full disk'));
    });
  }
});

beforeAll(() => {
  console.log(`store-faults: seed ${SEED} (TZ_FAULT_SEED=${SEED} replays the kill times)`);
});
