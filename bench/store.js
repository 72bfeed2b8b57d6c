// The ledger at province scale. A synthetic province is bulk-loaded with set-based SQL into PostgreSQL (schema
// tz_bench, dropped before and after) and, smaller, into SQLite (a temporary directory):
// - units: 江南省人民政府 with 100 provincial departments and institutions (also stored as the group 省直各单位);
//   15 cities with 59 departments each; 100 counties and districts with 40 bureaus, 20 service centres and
//   29 townships each — 10,000 units (SQLite: 3 cities, 20 counties, 2,000 units);
// - plans: 150 confirmed 2024 plans (SQLite: 30) issued by the province, the cities and the counties, 60 tasks
//   each: due at month ends over the year, ~8% ongoing and ~7% quarterly (4 period rows per assignment,
//   earlier quarters mostly reported), ~5% relative (no date);
// - assignments: 1,000,000 (SQLite: 100,000), each task fanned out to ~111 units of a pool of 1,000 near the
//   plan's place, written plan by plan as imports write them; where each stands depends on its deadline
//   (STATE_MIX): overall ~29% done, 40% in progress, 24% not started, 5% submitted, 2% returned;
// - progress reports: 5,000,000 (SQLite: 500,000), five per assignment over the first half of the year.
// "Today" is 2024-07-01: about one assignment in five is overdue. Each query is measured through the service
// the app calls, as p50/p95 over randomised samples after a warm-up (the reads interleaved, imports last), with
// ratios to a primary-key lookup measured in the same run (absolute times on shared machines are noise).
// TAIZHANG_BENCH_DB=postgres|sqlite runs one database; TAIZHANG_BENCH_KEEP=1 keeps the province afterwards;
// TAIZHANG_BENCH_STATES=uniform draws states regardless of deadlines (a third of the work overdue).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { importParsedPlan } from '../dist/services/import-plan.js';
import { listLedger } from '../dist/services/list-ledger.js';
import { planProgressByUnit } from '../dist/services/plan-progress.js';
import { resetSequences } from '../dist/store/dialect.js';
import { rewriteAllNextDue } from '../dist/store/next-due.js';
import { openStore } from '../dist/store/store.js';
import { percentile, table } from './support.js';

const DATABASE_URL =
  process.env.TAIZHANG_BENCH_DATABASE_URL ??
  process.env.TAIZHANG_TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'tz_bench';

export const PROVINCE = { units: 10_000, plans: 150, tasksPerPlan: 60, assignments: 1_000_000, reports: 5_000_000 };
const SMALL = { units: 2_000, plans: 30, tasksPerPlan: 60, assignments: 100_000, reports: 500_000 };
/** What loading the full province takes in PostgreSQL: ~2.1 GB of tables and indexes, plus WAL while loading. */
const PROVINCE_BYTES = 3.5e9;

const NOW = new Date('2024-07-01T12:00:00+08:00');
const TODAY = '2024-07-01';
const ACTOR = { id: 'bench', name: 'bench', role: 'operator', unitId: null };
const AT = '2024-02-01T02:00:00.000Z';
const GROUP = '省直各单位';
const TARGETS = { unitOpen: 10, planTable: 100, overdue: 100, import: 200 };

export async function benchStore() {
  const only = process.env.TAIZHANG_BENCH_DB;
  if (only !== 'sqlite') await benchPostgres();
  if (only !== 'postgres') await benchSqlite();
}

async function benchPostgres() {
  const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (e) {
    console.log(
      `\n# Ledger at province scale — PostgreSQL: skipped, ${DATABASE_URL} unreachable (${e.message}); set TAIZHANG_BENCH_DATABASE_URL`,
    );
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tz-bench-pg-'));
  let store = null;
  try {
    const scale = fitToDisk(PROVINCE, await freeBytes(admin));
    const superuser = (await admin.query('select rolsuper from pg_roles where rolname = current_user')).rows[0]
      ?.rolsuper;
    await admin.query(`drop schema if exists ${SCHEMA} cascade`);
    store = await openStore({ dataDir, databaseUrl: DATABASE_URL, schema: SCHEMA });
    await province(store, scale, 'PostgreSQL', { superuser });
  } finally {
    await store?.close();
    // TAIZHANG_BENCH_KEEP=1 leaves the province in place, to look at query plans (EXPLAIN ANALYZE) afterwards.
    if (process.env.TAIZHANG_BENCH_KEEP === '1') console.log(`(kept: schema ${SCHEMA} at ${DATABASE_URL})`);
    else await admin.query(`drop schema if exists ${SCHEMA} cascade`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchSqlite() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tz-bench-sqlite-'));
  const store = await openStore({ dataDir });
  try {
    await province(store, SMALL, 'SQLite', {});
  } finally {
    await store.close();
    if (process.env.TAIZHANG_BENCH_KEEP === '1') console.log(`(kept: ${dataDir})`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Free space where PostgreSQL keeps its data (when that is on this machine), else in the temporary directory. */
export async function freeBytes(admin) {
  for (const dir of [await dataDirectory(admin), tmpdir()]) {
    try {
      const s = statfsSync(dir);
      return { bytes: s.bavail * s.bsize, dir };
    } catch {
      // not on this machine (or not readable): try the next
    }
  }
  return { bytes: Number.POSITIVE_INFINITY, dir: '?' };
}

async function dataDirectory(admin) {
  try {
    return (await admin.query('show data_directory')).rows[0].data_directory;
  } catch {
    return tmpdir();
  }
}

export function fitToDisk(scale, free) {
  const factor = Math.min(1, free.bytes / PROVINCE_BYTES);
  if (factor >= 1) return scale;
  const f = Math.max(0.05, factor);
  console.log(
    `\nnote: only ${(free.bytes / 1e9).toFixed(1)} GB free at ${free.dir}; the PostgreSQL province is scaled to ${(f * 100).toFixed(0)}%`,
  );
  return {
    ...scale,
    assignments: Math.round(scale.assignments * f),
    reports: Math.round(scale.reports * f),
  };
}

async function province(store, scale, label, options) {
  const loaded = await load(store, scale, options);
  const counts = await rowCounts(store);
  console.log(`\n# Ledger at province scale — ${label}`);
  console.log(
    `loaded in ${(loaded.total / 1000).toFixed(1)} s (${loaded.steps.map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(', ')})`,
  );
  table(Object.keys(counts), [Object.values(counts).map((n) => n.toLocaleString('en-US'))]);
  console.log(`assignments by state: ${await stateMix(store)}`);
  console.log('');
  const before = loadavg()[0];
  const rows = await measure(store, scale);
  table(['query', 'samples', 'result', 'p50', 'p95', 'target p95', 'met', 'p50 ÷ PK', 'p95 ÷ PK'], rows);
  // Other work on the machine shows in every figure; say how busy it was.
  console.log(
    `${availableParallelism()} CPUs; load average ${before.toFixed(1)} before measuring, ${loadavg()[0].toFixed(1)} after`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// The synthetic directory

const FIELDS = [
  '发展和改革',
  '教育',
  '科学技术',
  '工业和信息化',
  '公安',
  '民政',
  '司法',
  '财政',
  '人力资源和社会保障',
  '自然资源',
  '生态环境',
  '住房和城乡建设',
  '交通运输',
  '水利',
  '农业农村',
  '商务',
  '文化和旅游',
  '卫生健康',
  '退役军人事务',
  '应急管理',
  '审计',
  '市场监督管理',
  '广播电视',
  '体育',
  '统计',
  '医疗保障',
  '林业',
  '信访',
  '国有资产监督管理',
  '地方金融监督管理',
  '政务服务数据管理',
  '城市管理综合执法',
  '粮食和物资储备',
  '能源',
  '乡村振兴',
  '人民防空',
  '机关事务管理',
  '外事',
  '民族宗教事务',
  '档案',
];
const CITY_STEMS = [
  '临江',
  '青山',
  '白沙',
  '云岭',
  '石门',
  '安平',
  '东湖',
  '南屏',
  '北川',
  '西林',
  '长宁',
  '永丰',
  '宁远',
  '清河',
  '兴华',
];
const COUNTY_A = '东西南北中上下前后新';
const COUNTY_B = '阳山河川江湖宁安平丰城原';
const TOWN_A = '青石白云红金银桃李柳松竹梅兰';
const TOWN_B = '桥溪岭坝塘坪口埠湾岗';

/**
 * The province's units in hierarchy order (a government, then what is under it), so that units near each
 * other in the list are near each other in the province; plans draw their units from such neighbourhoods.
 */
function syntheticUnits(total) {
  const units = [];
  const add = (id, name, kind, level, parentId) => {
    units.push({
      id,
      name,
      aliases: '[]',
      kind,
      level,
      parent_id: parentId,
      active: 1,
      successor_id: null,
      updated_at: AT,
    });
    return id;
  };
  const departments = (place, level, parent, bureau, centres, institutes) => {
    for (const f of FIELDS) add(`unit:${place}${f}${bureau}`, `${place}${f}${bureau}`, 'department', level, parent);
    for (const f of FIELDS.slice(0, centres))
      add(`unit:${place}${f}服务中心`, `${place}${f}服务中心`, 'institution', level, parent);
    for (const f of FIELDS.slice(0, institutes))
      add(`unit:${place}${f}研究院`, `${place}${f}研究院`, 'institution', level, parent);
  };
  const provinceId = add('gov:江南省', '江南省人民政府', 'government', 'province', null);
  departments('江南省', 'province', provinceId, '厅', 40, 20);
  const counties = Math.round(total / 100);
  const cities = Math.max(1, Math.round(counties * 0.15));
  for (let c = 0; c < cities; c++) {
    const city = `${CITY_STEMS[c]}市`;
    const cityId = add(`gov:${city}`, `${city}人民政府`, 'government', 'city', provinceId);
    departments(city, 'city', cityId, '局', 19, 0);
    for (let k = Math.floor((c * counties) / cities); k < Math.floor(((c + 1) * counties) / cities); k++) {
      const county = `${COUNTY_A[k % COUNTY_A.length]}${COUNTY_B[Math.floor(k / COUNTY_A.length)]}${k % 3 === 2 ? '区' : '县'}`;
      const countyId = add(`gov:${county}`, `${county}人民政府`, 'government', 'county', cityId);
      departments(county, 'county', countyId, '局', 20, 0);
      for (let t = 0; t < 29; t++) {
        const i = (t + k * 7) % (TOWN_A.length * TOWN_B.length);
        const town = `${county}${TOWN_A[i % TOWN_A.length]}${TOWN_B[Math.floor(i / TOWN_A.length)]}${t % 4 === 3 ? '乡' : '镇'}`;
        add(`gov:${town}`, `${town}人民政府`, 'government', 'township', countyId);
      }
    }
  }
  return units.slice(0, total);
}

const TOPICS = ['政务公开', '优化营商环境', '数字政府建设', '法治政府建设', '安全生产', '民生实事', '生态环境保护'];

function syntheticPlans(units, count) {
  const governments = units.filter((u) => u.kind === 'government' && u.level !== 'township');
  return Array.from({ length: count }, (_, i) => {
    const gov = governments[i % governments.length];
    const place = gov.name.replace('人民政府', '');
    const title = `${place}2024年${TOPICS[i % TOPICS.length]}工作要点分工方案`;
    return {
      id: i + 1,
      title,
      issuer: `${place}人民政府办公室`,
      doc_number: `${place.slice(0, 2)}府办〔2024〕${i + 1}号`,
      issue_date: '2024-01-31',
      year: 2024,
      jurisdiction_id: gov.id,
      state: 'confirmed',
      parent_plan_id: null,
      revision: 1,
      source_name: `${title}.docx`,
      source_format: 'docx',
      source_sha256: createHash('sha256').update(`${title}#${i}`).digest('hex'),
      parse_json: '{}',
      created_at: AT,
      confirmed_at: AT,
      archived_at: null,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Bulk loading: the same SQL on both databases but for the row source (generate_series or a recursive CTE).

/** Rows n = 0 … count-1 as the subquery `s(n)`; bigint on PostgreSQL, where n × tasks overflows integer. */
function series(dialect, count) {
  return dialect === 'postgres'
    ? `generate_series(0::bigint, ${count - 1}::bigint) as s(n)`
    : `(with recursive r(n) as (select 0 union all select n + 1 from r where n < ${count - 1}) select n from r) as s`;
}

/** A well-spread value 0–99 from an integer (Knuth's multiplicative hash, top bits); `m` picks the attribute. */
function pct(expr, m) {
  return `((((${expr}) * ${m}) % 4294967296) / 42949673)`;
}
const H_STATE = 2654435761;
const H_DEADLINE = 2246822519;
const H_MONTH = 3266489917;
const H_PERIOD = 668265263;
const H_REPORT = 374761393;

/**
 * Where work stands (percent) by its deadline: work due before today mostly closed, work due later mostly under
 * way, ongoing work never closed; periodic and undated work in between. Overall about 29% done, 40% in
 * progress, 24% not started, 5% submitted and 2% returned, and one assignment in five overdue today.
 */
const DEADLINE_MIX = {
  past: { done: 60, submitted: 8, in_progress: 20, not_started: 8, returned: 4 },
  later: { done: 5, submitted: 2, in_progress: 53, not_started: 40 },
  ongoing: { in_progress: 80, not_started: 17, returned: 3 },
  other: { done: 25, submitted: 5, in_progress: 40, not_started: 27, returned: 3 },
};
/** TAIZHANG_BENCH_STATES=uniform: the same mix whatever the deadline, a harsher case (a third of the work overdue). */
const UNIFORM = { done: 30, in_progress: 38, not_started: 25, submitted: 5, returned: 2 };
const STATE_MIX =
  process.env.TAIZHANG_BENCH_STATES === 'uniform'
    ? { past: UNIFORM, later: UNIFORM, ongoing: UNIFORM, other: UNIFORM }
    : DEADLINE_MIX;
function stateCase(mix, pctExpr) {
  let upTo = 0;
  const when = [];
  for (const [state, p] of Object.entries(mix)) {
    upTo += p;
    when.push(`when ${pctExpr} < ${upTo} then '${state}'`);
  }
  return `case ${when.join(' ')} end`;
}

const MONTH_ENDS = Array.from({ length: 12 }, (_, m) => new Date(Date.UTC(2024, m + 1, 0)).toISOString().slice(0, 10));
const monthEnd = (expr) => `case ${expr} ${MONTH_ENDS.map((d, m) => `when ${m} then '${d}'`).join(' ')} end`;

export async function load(store, scale, { superuser }) {
  const dialect = store.dialect;
  const units = syntheticUnits(scale.units);
  const plans = syntheticPlans(units, scale.plans);
  const N = units.length;
  const T = scale.tasksPerPlan;
  const TT = plans.length * T;
  const A = scale.assignments;
  const R = scale.reports;
  // Each plan draws its units from a pool of POOL neighbouring units; pools start STRIDE apart, so every unit
  // is in some plans' pools and gets its share of the work.
  const POOL = Math.min(N, 1000);
  const STRIDE = Math.max(1, Math.floor(N / plans.length));
  const steps = [];
  const start = performance.now();
  const run = (trx, text) => sql.raw(text).execute(trx);

  await store.db.transaction().execute(async (trx) => {
    const step = async (name, fn) => {
      const t0 = performance.now();
      await fn();
      steps.push([name, performance.now() - t0]);
    };
    // A bulk load of rows that are consistent by construction: skip the per-row foreign-key triggers.
    if (dialect === 'postgres' && superuser) await run(trx, 'set local session_replication_role = replica');
    await step('units', async () => {
      for (let i = 0; i < units.length; i += 500)
        await trx
          .insertInto('units')
          .values(units.slice(i, i + 500))
          .execute();
      const members = units.filter((u) => u.parent_id === 'gov:江南省').map((u) => u.id);
      await trx
        .insertInto('unit_groups')
        .values({
          id: `group:${GROUP}`,
          name: GROUP,
          aliases: '[]',
          rule: JSON.stringify({ type: 'members', memberIds: members.slice(0, 100) }),
          updated_at: AT,
        })
        .execute();
      // Units by position, for the set-based inserts below; dropped once they are done.
      await run(trx, 'create table bench_unit_index (i integer primary key, id text not null)');
      for (let i = 0; i < units.length; i += 1000)
        await trx
          .insertInto('bench_unit_index')
          .values(units.slice(i, i + 1000).map((u, j) => ({ i: i + j, id: u.id })))
          .execute();
    });
    await step('plans+tasks', async () => {
      await trx.insertInto('plans').values(plans).execute();
      const seq = `(n % ${T} + 1)`;
      await run(
        trx,
        `insert into tasks (id, plan_id, seq, key, section_label, section_title, number, text, units_text,
           deadline_text, deadline_kind, deadline_due, span_start, span_end)
         select n + 1, n / ${T} + 1, ${seq}, 'k' || n,
           case when n % ${T} < ${T / 3} then '一、' when n % ${T} < ${(2 * T) / 3} then '二、' else '三、' end,
           case when n % ${T} < ${T / 3} then '深化重点领域信息公开' when n % ${T} < ${(2 * T) / 3} then '强化政策解读回应'
             else '夯实工作基础' end,
           cast(${seq} as text),
           '围绕年度重点工作，推进第' || ${seq} || '项任务落实，健全工作机制，按要求做好信息发布、政策解读和回应关切。',
           '各有关单位',
           case when d < 8 then '长期坚持' when d < 15 then '每季度' when d < 20 then '收到后15个工作日'
             else '2024年' || (m + 1) || '月底前' end,
           case when d < 8 then 'ongoing' when d < 15 then 'recurring' when d < 20 then 'relative' else 'date' end,
           case when d < 8 then null when d < 15 then '2024-12-31' when d < 20 then null else ${monthEnd('m')} end,
           (n % ${T}) * 120, (n % ${T}) * 120 + 100
         from (select n, ${pct('n + 1', H_DEADLINE)} as d, ${pct('n + 1', H_MONTH)} % 12 as m from ${series(dialect, TT)}) x`,
      );
    });
    await step('assignments', async () => {
      // Plan by plan and task by task, ~A/TT units per task: task = ⌊n·TT/A⌋, k = n − ⌈task·A/TT⌉.
      await run(
        trx,
        `insert into assignments (id, plan_id, task_id, unit_id, role, printed, via_group, state, due, ongoing,
           periodic, created_at, updated_at, completed_at, removed_at)
         select y.n + 1, y.plan_id, y.task_id, u.id,
           case when y.k = 0 then 'lead' when y.k < 3 then 'cooperate' else 'responsible' end,
           case when y.k < 3 then null else '各有关单位' end,
           case when y.k < 3 then 0 else 1 end,
           y.state, y.due,
           case when y.kind = 'ongoing' then 1 else 0 end,
           case when y.kind in ('ongoing', 'recurring') then 1 else 0 end,
           '${AT}', '2024-06-20T02:00:00.000Z',
           case when y.state = 'done' then '2024-06-15T02:00:00.000Z' end, null
         from (
           select x.n, x.k, x.unit0, t.plan_id, t.id as task_id, t.deadline_due as due, t.deadline_kind as kind,
             case when t.deadline_kind = 'date' and t.deadline_due < '${TODAY}' then ${stateCase(STATE_MIX.past, 'x.st')}
               when t.deadline_kind = 'date' then ${stateCase(STATE_MIX.later, 'x.st')}
               when t.deadline_kind = 'ongoing' then ${stateCase(STATE_MIX.ongoing, 'x.st')}
               else ${stateCase(STATE_MIX.other, 'x.st')} end as state
           from (
             select n, task0, k, ${pct('n', H_STATE)} as st,
               (task0 / ${T}) * ${STRIDE} + (k * 7 + (task0 % ${T} + 1) * 13) % ${POOL} as unit0
             from (
               select n, task0, n - (task0 * ${A} + ${TT - 1}) / ${TT} as k
               from (select n, n * ${TT} / ${A} as task0 from ${series(dialect, A)}) w
             ) z
           ) x
           join tasks t on t.id = x.task0 + 1
         ) y
         join bench_unit_index u on u.i = y.unit0 % ${N}`,
      );
      await run(trx, 'drop table bench_unit_index');
    });
    await step('periods', async () => {
      const quarter = (f) => `case q.q ${[0, 1, 2, 3].map((i) => `when ${i} then ${f(i)}`).join(' ')} end`;
      await run(
        trx,
        `insert into periods (assignment_id, due, label, reported_at)
         select a.id, ${quarter((i) => `'${MONTH_ENDS[i * 3 + 2]}'`)},
           ${quarter((i) => `'2024年第${'一二三四'[i]}季度'`)},
           case when q.q < 2 and (a.state = 'done' or ${pct('a.id * 4 + q.q', H_PERIOD)} < 70)
             then ${quarter((i) => `'${MONTH_ENDS[i * 3 + 2].slice(0, 8)}28T02:00:00.000Z'`)} end
         from assignments a
         cross join (select 0 as q union all select 1 union all select 2 union all select 3) q
         where a.periodic = 1
         order by a.id, q.q`,
      );
      // What the services keep on each periodic assignment: its earliest unreported period (migration 0006).
      await rewriteAllNextDue(trx);
    });
    await step('reports', async () => {
      await run(
        trx,
        `insert into progress_reports (id, assignment_id, period_id, text, claimed_state, author, created_at)
         select n + 1, n % ${A} + 1, null,
           '按照分工要求推进落实，第' || (n / ${A} + 1) || '次报送：已完成阶段性工作，相关信息已在政府网站公开。',
           case when n / ${A} = 4 and ${pct('n', H_REPORT)} < 35 then 'complete' else 'in_progress' end,
           'acct:bench',
           '2024-0' || ((n / ${A}) % 6 + 1) || '-' || (10 + ${pct('n', H_REPORT)} % 18) || 'T02:00:00.000Z'
         from ${series(dialect, R)}`,
      );
    });
  });
  const t0 = performance.now();
  if (dialect === 'postgres') {
    await resetSequences(store.db, dialect, ['plans', 'tasks', 'assignments', 'periods', 'progress_reports']);
    // Sets the visibility map and statistics, as autovacuum would have on a live server; then writes the
    // loaded pages out, so that the checkpoint does not do it in the middle of the measurements.
    await sql`vacuum analyze units, unit_groups, plans, tasks, assignments, periods, progress_reports`.execute(
      store.db,
    );
    if (superuser) await sql`checkpoint`.execute(store.db);
  } else {
    await sql`analyze`.execute(store.db);
    await sql`pragma wal_checkpoint(truncate)`.execute(store.db);
  }
  steps.push(['analyze', performance.now() - t0]);
  return { total: performance.now() - start, steps };
}

export async function rowCounts(store) {
  const out = {};
  for (const t of ['units', 'plans', 'tasks', 'assignments', 'periods', 'progress_reports']) {
    const r = await store.db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  if (store.dialect === 'postgres') {
    const r = await sql`select sum(pg_total_relation_size(c.oid)) as b from pg_class c
      join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r'`.execute(
      store.db,
    );
    out.size = `${(Number(r.rows[0].b) / 1e9).toFixed(2)} GB`;
  }
  return out;
}

async function stateMix(store) {
  const rows = await store.db
    .selectFrom('assignments')
    .select((eb) => ['state', eb.fn.countAll().as('n')])
    .groupBy('state')
    .orderBy('state')
    .execute();
  const all = rows.reduce((s, r) => s + Number(r.n), 0);
  return rows.map((r) => `${r.state} ${((Number(r.n) / all) * 100).toFixed(1)}%`).join(', ');
}

// ---------------------------------------------------------------------------------------------------------
// Measuring

/** A small seeded generator, so that runs draw the same parameters. */
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A measured query: what to call with which random parameter, and its samples in milliseconds. */
function probe(name, target, pick, work, describe) {
  return { name, target, pick, work, describe, ms: [], last: undefined };
}

async function timeOnce(p) {
  const arg = p.pick();
  const t0 = performance.now();
  p.last = await p.work(arg);
  p.ms.push(performance.now() - t0);
}

async function measure(store, scale) {
  const ctx = { store, actor: ACTOR, now: () => NOW };
  const rnd = random(20240701);
  const any = (xs) => xs[Math.floor(rnd() * xs.length)];
  const units = (await store.db.selectFrom('assignments').select('unit_id').distinct().execute()).map((r) => r.unit_id);
  const plans = Array.from({ length: scale.plans }, (_, i) => i + 1);
  const open = ['not_started', 'in_progress', 'returned'];

  const pk = probe(
    'primary-key lookup',
    null,
    () => 1 + Math.floor(rnd() * scale.assignments),
    (id) => store.db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst(),
    () => '1 row',
  );
  const reads = [
    [pk, 3],
    [
      probe(
        "one unit's open tasks",
        TARGETS.unitOpen,
        () => any(units),
        (unitId) => listLedger(ctx, { unitId, states: open, limit: 100 }),
        (r) => `${r.total} rows`,
      ),
      2,
    ],
    [
      probe(
        "a plan's per-unit table",
        TARGETS.planTable,
        () => any(plans),
        (planId) => planProgressByUnit(ctx, planId),
        (r) => `${r.length} units`,
      ),
      1,
    ],
    [
      probe(
        'overdue list (page + total)',
        TARGETS.overdue,
        () => null,
        () => listLedger(ctx, { overdue: true, limit: 100 }),
        (r) => `${r.total.toLocaleString('en-US')} overdue`,
      ),
      1,
    ],
  ];
  // Warm up, then interleave: a burst of load from elsewhere on a shared machine falls on every query alike
  // rather than on whichever happened to be running.
  for (const [p] of reads) for (let i = 0; i < 5; i++) await p.work(p.pick());
  for (let round = 0; round < 60; round++)
    for (const [p, times] of reads) for (let i = 0; i < times; i++) await timeOnce(p);

  // Imports last, since they add plans.
  let n = 0;
  const imports = probe(
    'import a plan → 100 units',
    TARGETS.import,
    () => ++n,
    async (i) => {
      const plan = benchPlan(i);
      const s = await importParsedPlan(ctx, plan, new TextEncoder().encode(`${plan.title}\n${i}`), {
        name: `bench-${i}.txt`,
        revise: 'new',
        confirm: true,
      });
      if (s.units !== 100 || s.pending.length)
        throw new Error(`bench plan did not fan out to the group's 100 units: ${JSON.stringify(s).slice(0, 300)}`);
      return s;
    },
    (r) => `${r.assignments} assignments`,
  );
  for (let i = 0; i < 3; i++) await imports.work(imports.pick());
  for (let i = 0; i < 20; i++) await timeOnce(imports);
  return [...reads.map(([p]) => p), imports].map((p) => row(p, pk));
}

function row(p, pk) {
  const p50 = percentile(p.ms, 50);
  const p95 = percentile(p.ms, 95);
  return [
    p.name,
    String(p.ms.length),
    p.describe(p.last),
    fmt(p50),
    fmt(p95),
    p.target === null ? '' : `${p.target} ms`,
    p.target === null ? '' : p95 <= p.target ? 'yes' : 'NO',
    `${(p50 / percentile(pk.ms, 50)).toFixed(0)}×`,
    `${(p95 / percentile(pk.ms, 95)).toFixed(0)}×`,
  ];
}

function fmt(ms) {
  return `${ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0)} ms`;
}

/** A provincial plan of 50 tasks, each for the group 省直各单位 (100 units); one in seven quarterly. */
function benchPlan(i) {
  const title = `江南省2024年重点工作任务分工方案（第${i}批）`;
  const section = { label: '一、', title: '重点任务' };
  const tasks = Array.from({ length: 50 }, (_, k) => {
    const span = { start: k * 100, end: k * 100 + 90 };
    const month = (k % 12) + 1;
    return {
      id: `T${k + 1}`,
      section,
      group: null,
      number: String(k + 1),
      name: null,
      text: `${k + 1}.推进第${k + 1}项重点工作，完善工作机制，按要求做好信息发布和政策解读。`,
      units: [{ name: GROUP, role: 'lead' }],
      unitsText: GROUP,
      deadline:
        k % 7 === 0
          ? { text: '每季度', kind: 'recurring', due: null, recurrence: { freq: 'quarterly' } }
          : { text: `2024年${month}月底前`, kind: 'date', due: MONTH_ENDS[month - 1], precision: 'month' },
      textDeadlines: [],
      status: null,
      note: null,
      span,
      fields: { text: span },
    };
  });
  return {
    version: 1,
    title,
    meta: { issuer: '江南省人民政府办公厅', docNumber: null, issueDate: '2024-03-01', year: 2024, cites: [] },
    source: { name: `bench-${i}.txt`, format: 'txt', encoding: 'utf-8', pages: null, chars: 5000 },
    layout: 'table',
    sections: [section],
    tasks,
    warnings: [],
  };
}
