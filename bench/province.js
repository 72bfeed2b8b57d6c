// A province's ledger read through the HTTP API by one and by two `taizhang serve` processes on one PostgreSQL.
// The synthetic province of the store bench (bench/store.js: 10,000 units, 150 plans, 1,000,000 assignments,
// five progress reports each) is bulk-loaded with set-based SQL into the schema tz_bench_province; an office
// account and a unit account are made; then autocannon drives the ledger routes the office and a unit user
// open — /api/ledger?plan=…&limit=50 and /api/my/assignments — first against one server, then against two at
// once (each with its own connections, the answers summed). Figure: requests per second two ÷ one (the bar is
// ≥ 1.6×), with /healthz (no database) measured the same way as the framework's own ratio, and beside it the
// CPU each request took in the server processes and in their PostgreSQL backends (/proc, when PostgreSQL runs
// on this machine) and how busy the whole machine was — what limits the ratio. The ledger's SQL,
// captured from the service the route calls, is EXPLAINed at that size: a sequential scan of a large table
// is reported. `npm run bench -- province --assignments 250000` loads a smaller province (default 1,000,000).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { createAccount } from '../dist/services/accounts.js';
import { listLedger } from '../dist/services/list-ledger.js';
import { openStore } from '../dist/store/store.js';
import { fitToDisk, freeBytes, load, PROVINCE, rowCounts } from './store.js';
import { started, table } from './support.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATABASE_URL =
  process.env.TAIZHANG_BENCH_DATABASE_URL ??
  process.env.TAIZHANG_TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'tz_bench_province';
/** The servers' connections: in the bench's schema, and named, so that their backends' CPU can be counted. */
const APP_NAME = 'tz-bench-province';
const URL_IN_SCHEMA = `${DATABASE_URL}${DATABASE_URL.includes('?') ? '&' : '?'}application_name=${APP_NAME}&options=-c%20search_path%3D${SCHEMA}`;
const AUDIT_KEY = randomBytes(32).toString('hex');
const PASSWORD = 'Province-bench-2024';
const OPERATOR = { id: 'cli:bench', name: 'bench', role: 'operator', unitId: null };
const CONNECTIONS = 20;
const SECONDS = Number(process.env.TAIZHANG_BENCH_SECONDS ?? 10);
/**
 * The tables that grow with the ledger (a row per assignment or more) are read through an index, never
 * scanned whole; the directory and the task list (thousands of rows) may be hashed whole for a join.
 */
const LEDGER_SIZED = ['assignments', 'periods', 'progress_reports', 'reviews', 'evidence'];

export async function benchProvince() {
  const flag = process.argv.indexOf('--assignments');
  const assignments = flag > 0 ? Number(process.argv[flag + 1]) : PROVINCE.assignments;
  if (!(assignments >= 1000)) throw new Error('--assignments: a number of at least 1000');
  const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (e) {
    console.log(`\n# Province, two servers — skipped: ${DATABASE_URL} unreachable (${e.message})`);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tz-bench-province-'));
  const children = [];
  try {
    const f = assignments / PROVINCE.assignments;
    const asked = { ...PROVINCE, assignments, reports: Math.round(PROVINCE.reports * f) };
    const scale = fitToDisk(asked, await freeBytes(admin));
    const superuser = (await admin.query('select rolsuper from pg_roles where rolname = current_user')).rows[0]
      ?.rolsuper;
    await admin.query(`drop schema if exists ${SCHEMA} cascade`);
    const store = await openStore({ dataDir, databaseUrl: DATABASE_URL, schema: SCHEMA, auditKey: AUDIT_KEY });
    let users;
    let explained;
    try {
      const loaded = await load(store, scale, { superuser });
      loaded.total += await addReviews(store);
      console.log(`\n# Province, two servers — PostgreSQL, loaded in ${(loaded.total / 1000).toFixed(0)} s`);
      const counts = await rowCounts(store);
      counts.reviews = Number((await sql`select count(*) as n from reviews`.execute(store.db)).rows[0].n);
      table(Object.keys(counts), [Object.values(counts).map((n) => n.toLocaleString('en-US'))]);
      users = await makeAccounts(store);
      explained = await explainLedger(store, users, counts);
    } finally {
      await store.close();
    }

    const env = { TAIZHANG_DATA: dataDir, DATABASE_URL: URL_IN_SCHEMA, TAIZHANG_AUDIT_KEY: AUDIT_KEY };
    const base = [await serve(env, children)];
    const office = await login(base[0], 'bench-office');
    const unit = await login(base[0], 'bench-unit');
    const targets = [
      ['/healthz（无数据库，基线）', '/healthz', null],
      ['公开办台账 /api/ledger', `/api/ledger?plan=${users.plan}&limit=50`, office],
      ['单位我的任务 /api/my/assignments', '/api/my/assignments', unit],
    ];
    const one = [];
    for (const [, path, cookie] of targets) one.push(await drive(admin, [base[0]], children.slice(0, 1), path, cookie));
    base.push(await serve(env, children));
    const two = [];
    for (const [, path, cookie] of targets) two.push(await drive(admin, base, children, path, cookie));
    console.log(
      `\nautocannon ${CONNECTIONS} connections per server × ${SECONDS} s, from this process; ${availableParallelism()} cores shared by PostgreSQL, the server(s) and the load generator; load average ${loadavg()[0].toFixed(1)}`,
    );
    table(
      [
        '接口',
        '一台 req/s',
        'p99 ms',
        '两台 req/s',
        'p99 ms',
        '两台 ÷ 一台',
        '服务进程 CPU ms/请求',
        'PostgreSQL CPU ms/请求',
        '整机 CPU 忙',
      ],
      targets.map(([name], i) => [
        name,
        Math.round(one[i].rps),
        one[i].p99,
        Math.round(two[i].rps),
        two[i].p99,
        (two[i].rps / one[i].rps).toFixed(2),
        `${one[i].cpuPerRequest.toFixed(1)} / ${two[i].cpuPerRequest.toFixed(1)}`,
        `${one[i].pgPerRequest.toFixed(1)} / ${two[i].pgPerRequest.toFixed(1)}`,
        `${one[i].busy}% / ${two[i].busy}%`,
      ]),
    );
    const worst = Math.min(two[1].rps / one[1].rps, two[2].rps / one[2].rps);
    console.log(`台账读取两台 ÷ 一台 ≥ 1.6：${worst >= 1.6 ? '达到' : `未达到（${worst.toFixed(2)}）`}`);
    console.log(
      `\nEXPLAIN at ${scale.assignments.toLocaleString('en-US')} assignments (the SQL of each route's service):`,
    );
    for (const line of explained) console.log(`  ${line}`);
  } finally {
    for (const c of children) {
      c.kill('SIGTERM');
      await new Promise((ok) => (c.exitCode !== null ? ok() : c.once('exit', ok)));
    }
    if (process.env.TAIZHANG_BENCH_KEEP === '1') console.log(`(kept: schema ${SCHEMA} at ${DATABASE_URL})`);
    else await admin.query(`drop schema if exists ${SCHEMA} cascade`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The office's reviews, which the store bench does not load: an accepted one for every item done, a return
 * (with its reason) for every item returned — what the ledger reads to say why an item came back.
 */
async function addReviews(store) {
  const t0 = performance.now();
  await sql`insert into reviews (assignment_id, report_id, decision, reason, reviewer, created_at)
    select id, null, case state when 'done' then 'accept' else 'return' end,
      case state when 'returned' then '佐证材料不足，请补充' end, 'acct:1', updated_at
    from assignments where state in ('done', 'returned')`.execute(store.db);
  await sql`analyze reviews`.execute(store.db);
  return performance.now() - t0;
}

/** An office account, and a unit account for a unit with a typical share of the work (the median unit). */
async function makeAccounts(store) {
  const ctx = { store, actor: OPERATOR, now: () => new Date() };
  const units = await store.db
    .selectFrom('assignments')
    .select(['unit_id', (eb) => eb.fn.countAll().as('n')])
    .groupBy('unit_id')
    .orderBy('n')
    .execute();
  const median = units[Math.floor(units.length / 2)];
  const plan = await store.db
    .selectFrom('assignments')
    .select(['plan_id', (eb) => eb.fn.countAll().as('n')])
    .groupBy('plan_id')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  await createAccount(ctx, { username: 'bench-office', displayName: '公开办', role: 'office', password: PASSWORD });
  await createAccount(ctx, {
    username: 'bench-unit',
    displayName: '单位',
    role: 'unit',
    unitId: median.unit_id,
    password: PASSWORD,
  });
  return { plan: Number(plan.plan_id), unitId: median.unit_id, unitAssignments: Number(median.n) };
}

/**
 * The SQL the two routes' service sends, captured as Kysely compiles it, then EXPLAINed with its parameters:
 * any sequential scan of a large table is named.
 */
async function explainLedger(store, users, counts) {
  const captured = [];
  const capture = {
    transformQuery: (args) => {
      captured.push(store.db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const db = store.db.withPlugin(capture);
  const as = (actor) => ({ store: { ...store, db }, actor, now: () => new Date() });
  const out = [];
  for (const [name, ctx, filter] of [
    ['office ledger', as({ id: 'acct:o', name: 'o', role: 'office', unitId: null }), { planId: users.plan, limit: 50 }],
    ['my assignments', as({ id: 'acct:u', name: 'u', role: 'unit', unitId: users.unitId }), { limit: 500 }],
  ]) {
    captured.length = 0;
    await listLedger(ctx, filter);
    for (const q of captured.splice(0)) {
      const plan = (await store.db.executeQuery({ ...q, sql: `explain ${q.sql}`, query: q.query })).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      const scanned = [...new Set([...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]))];
      const scans = scanned.filter((t) => LEDGER_SIZED.includes(t));
      const small = scanned
        .filter((t) => !scans.includes(t))
        .map((t) => `${t} (${(counts[t] ?? 0).toLocaleString('en-US')} rows)`);
      const indexes = [
        ...new Set([...plan.matchAll(/Index (?:Only )?Scan (?:Backward )?(?:using|on) (\w+)/g)].map((m) => m[1])),
      ];
      out.push(
        `${name}: ${scans.length ? `SEQUENTIAL SCAN of ${scans.join(', ')}` : 'no sequential scan of a ledger-sized table'}; indexes ${indexes.join(', ') || '—'}${small.length ? `; hashed whole: ${small.join(', ')}` : ''}`,
      );
      if (scans.length || process.env.TAIZHANG_BENCH_PLANS === '1')
        out.push(...plan.split('\n').map((l) => `    ${l}`));
    }
  }
  return out;
}

async function serve(env, children) {
  const port = 4100 + Math.floor(Math.random() * 800);
  const child = spawn(process.execPath, [join(root, 'bin/taizhang.js'), 'serve', '--port', String(port)], {
    env: { ...process.env, ...env, TAIZHANG_REMINDERS: 'off', TAIZHANG_WORKERS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await started(child);
  return `http://127.0.0.1:${port}`;
}

async function login(base, username) {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
}

/**
 * autocannon against each server at once; requests per second summed, the worst p99, the servers' own CPU
 * time per request (the rest of each request's cost is PostgreSQL's) and how busy the whole machine was.
 */
async function drive(admin, bases, servers, path, cookie) {
  const cpu0 = servers.reduce((t, c) => t + cpuSeconds(c.pid), 0);
  const pg0 = new Map((await backends(admin)).map((pid) => [pid, cpuSeconds(pid)]));
  const m0 = machineTicks();
  const runs = await Promise.all(
    bases.map((b) =>
      autocannon({ url: b + path, connections: CONNECTIONS, duration: SECONDS, headers: cookie ? { cookie } : {} }),
    ),
  );
  for (const r of runs)
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${path}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const m1 = machineTicks();
  const cpu = servers.reduce((t, c) => t + cpuSeconds(c.pid), 0) - cpu0;
  // Backends opened during the run count from zero.
  const pgCpu = (await backends(admin)).reduce((t, pid) => t + cpuSeconds(pid) - (pg0.get(pid) ?? 0), 0);
  const requests = runs.reduce((s, r) => s + r.requests.total, 0);
  return {
    rps: runs.reduce((s, r) => s + r.requests.average, 0),
    p99: Math.max(...runs.map((r) => r.latency.p99)),
    cpuPerRequest: (cpu * 1000) / Math.max(1, requests),
    pgPerRequest: (pgCpu * 1000) / Math.max(1, requests),
    busy: Math.round((100 * (m1.busy - m0.busy)) / Math.max(1, m1.total - m0.total)),
  };
}

/** The PostgreSQL backends serving the bench's servers (their CPU is readable when PostgreSQL runs here). */
async function backends(admin) {
  return (await admin.query('select pid from pg_stat_activity where application_name = $1', [APP_NAME])).rows.map(
    (r) => r.pid,
  );
}

/** A process's CPU time so far (Linux /proc; user + system, in clock ticks of 1/100 s). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The machine's CPU ticks, busy and in all (/proc/stat). */
function machineTicks() {
  try {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return { busy: 0, total: 0 };
  }
}
