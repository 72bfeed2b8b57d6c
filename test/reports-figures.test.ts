import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { loadDemoData } from '../src/services/demo-data.js';
import { nianbaoData } from '../src/services/document-annual.js';
import { tongbaoData } from '../src/services/document-figures.js';
import { importPlanFile } from '../src/services/import-plan.js';
import { type DocumentRequest, issueDocument } from '../src/services/issue-document.js';
import { submitProgress } from '../src/services/submit-progress.js';
import { unfinishedLastYear } from '../src/services/unfinished-last-year.js';
import { openStore, type Store } from '../src/store/store.js';
import { COUNTY_PLAN, contextFor, leader, office, operator, unitUser } from './support/ledger.js';
import { repoRoot, requireShared } from './support/paths.js';

/**
 * The documents over the demo data (the five seed plans, progress simulated): the 提示单 reproduces seed 002's
 * columns and rows, and every figure of the 通报 and the 年报 equals a query of the ledger written here, in SQL,
 * apart from the services' code.
 */
let store: Store;
let dir: string;
const plans: Record<'seed002' | 'chaozhou' | 'qingyuan', number> = { seed002: 0, chaozhou: 0, qingyuan: 0 };
const at = (day: string, actor = office) => contextFor(store, actor, day);
const pct = (n: number, d: number) => (d ? `${((n * 100) / d).toFixed(1)}%` : '—');
const squash = (s: string) => s.replace(/\s+/g, '');

async function docText(req: DocumentRequest, day: string): Promise<{ text: string; rows: string[][] }> {
  const doc = await issueDocument(at(day), req);
  const xml = strFromU8(unzipSync(doc.bytes)['word/document.xml']!);
  const t = (x: string) => [...x.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  const rows = [...xml.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => t(c[1]!)),
  );
  return { text: t(xml), rows };
}

/** The sheet's task rows: all below the header but the section rows, which are merged across A:E. */
function dataRows(ws: ExcelJS.Worksheet): number[] {
  const merges = (ws.model as unknown as { merges: string[] }).merges;
  const sections = new Set(merges.flatMap((m) => /^A(\d+):E\1$/.exec(m)?.[1] ?? []).map(Number));
  const out: number[] = [];
  for (let r = 3; r <= ws.rowCount; r++) if (!sections.has(r)) out.push(r);
  return out;
}

async function query<T>(q: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await q.execute(store.db)).rows;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tz-reports-'));
  store = await openStore({ dataDir: dir });
  await loadDemoData(store, join(repoRoot, 'demo'));
  for (const p of await store.db.selectFrom('plans').select(['id', 'title']).execute()) {
    if (p.title === '2022年11—12月政务公开重点工作任务清单') plans.seed002 = Number(p.id);
    if (p.title?.startsWith('潮州市2022年')) plans.chaozhou = Number(p.id);
    if (p.title === '2022年庆元县政务公开工作要点') plans.qingyuan = Number(p.id);
  }
  await varyProgress();
}, 120_000);

/**
 * The simulated year has no late work and no unit entirely on time; add some so every outcome is counted: one
 * unit reports every first quarter on time, another reports one late, and a closed task had an earlier deadline.
 */
async function varyProgress(): Promise<void> {
  const q1 = (unit: string, op: '=' | '<>') =>
    store.db
      .selectFrom('assignments as a')
      .innerJoin('periods as p', 'p.assignment_id', 'a.id')
      .select(['a.id', 'a.unit_id'])
      .where('a.plan_id', '=', plans.chaozhou)
      .where('a.unit_id', op, unit)
      .where('p.due', '=', '2022-03-31')
      .where('p.reported_at', 'is', null)
      .orderBy('a.id')
      .execute();
  const punctual = 'unit:潮州市财政局';
  for (const a of await q1(punctual, '='))
    await submitProgress(contextFor(store, unitUser(punctual), '2022-03-30'), {
      assignmentId: Number(a.id),
      text: '已按期更新。',
      claim: 'in_progress',
    });
  const [late] = await q1(punctual, '<>');
  await submitProgress(contextFor(store, unitUser(late!.unit_id), '2022-04-20'), {
    assignmentId: Number(late!.id),
    text: '补报一季度进展。',
    claim: 'in_progress',
  });
  const done = await store.db
    .selectFrom('assignments')
    .select('id')
    .where('plan_id', '=', plans.chaozhou)
    .where('state', '=', 'done')
    .where('periodic', '=', 0)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  await store.db.updateTable('assignments').set({ due: '2022-04-01' }).where('id', '=', done.id).execute();
}

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('任务提示单 from seed 002', () => {
  it('has seed 002’s columns and, row by row, its tasks, units and 备注; 完成情况 from the latest reports', async () => {
    const seed = readFileSync(join(requireShared(), 'seeds/002_4354457bd10285a1.txt'), 'utf8');
    const gold = JSON.parse(readFileSync(join(requireShared(), 'gold/002_4354457bd10285a1.json'), 'utf8')).items as {
      text_start: string;
      units: string[];
      note: string | null;
    }[];
    const lines = seed.split('\n');
    const start = lines.findIndex((l) => l.startsWith('工作任务'));
    const header = lines.slice(start, start + 5).map((l) => squash(l.replace(/\|/g, '')));
    const doc = await issueDocument(at('2022-11-15'), { kind: 'tishidan', planId: plans.seed002 }, 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(doc.bytes) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const cell = (r: number, c: number) => String(ws.getCell(r, c).value ?? '');
    expect([1, 2, 3, 4, 5].map((c) => cell(2, c))).toEqual(header);

    const tasks = await query<{ id: number; number: string | null; name: string | null; text: string }>(
      sql`select id, number, name, text from tasks where plan_id = ${plans.seed002} and removed_at is null order by seq`,
    );
    const latest = await query<{ task_id: number; unit: string; state: string; text: string | null }>(sql`
      select a.task_id, u.name as unit, a.state,
        (select r.text from progress_reports r where r.assignment_id = a.id order by r.created_at desc, r.id desc limit 1) as text
      from assignments a join units u on u.id = a.unit_id
      where a.plan_id = ${plans.seed002} and a.removed_at is null order by a.id`);
    const labels: Record<string, string> = {
      not_started: '未开始',
      in_progress: '推进中',
      submitted: '已完成待审核',
      done: '已办结',
      returned: '退回',
    };
    const data = dataRows(ws);
    expect(data).toHaveLength(gold.length);
    const seedText = squash(seed);
    data.forEach((r, i) => {
      const g = gold[i]!;
      const t = tasks[i]!;
      // 具体要求 is the requirement as printed; a task without a short name carries its number in front.
      const requirement = squash(cell(r, 2)).replace(!t.name && t.number ? `${t.number}.` : '', '');
      expect(requirement, `row ${i + 1}`).toBe(squash(t.text));
      expect(requirement.startsWith(g.text_start), `row ${i + 1}`).toBe(true);
      expect(seedText).toContain(requirement);
      for (const u of g.units) expect(squash(cell(r, 3))).toContain(u);
      if (t.name) expect(seedText).toContain(squash(cell(r, 1)));
      if (g.note) expect(squash(cell(r, 5))).toBe(squash(g.note));
      const mine = latest
        .filter((x) => Number(x.task_id) === Number(t.id))
        .map((x) => ({ ...x, s: x.text ?? labels[x.state]! }));
      const distinct = new Set(mine.map((x) => x.s));
      const expected =
        distinct.size === 1
          ? mine[0]!.s
          : mine.length <= 3
            ? mine.map((x) => `${x.unit}：${x.s}`).join('\n')
            : Object.entries(labels)
                .map(([k, l]) => [l, mine.filter((x) => x.state === k).length] as const)
                .filter(([, n]) => n > 0)
                .map(([l, n]) => `${l}${n}个单位`)
                .join('\n');
      expect(cell(r, 4), `完成情况 of row ${i + 1}`).toBe(expected);
    });
  });

  it('gives a unit user its own share only', async () => {
    const unit = 'unit:潮州市财政局';
    const doc = await issueDocument(
      at('2022-11-15', unitUser(unit)),
      { kind: 'tishidan', planId: plans.chaozhou },
      'xlsx',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(doc.bytes) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const [own] = await query<{ n: number }>(
      sql`select count(distinct task_id) as n from assignments where plan_id = ${plans.chaozhou} and unit_id = ${unit} and removed_at is null`,
    );
    expect(dataRows(ws)).toHaveLength(Number(own!.n));
    await expect(
      issueDocument(at('2022-11-15', unitUser(unit)), {
        kind: 'tishidan',
        planId: plans.chaozhou,
        unitId: 'unit:潮州市司法局',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});

interface Outcome {
  section: string;
  unit: string;
  periodic: number;
  outcome: 'onTime' | 'late' | 'submitted' | 'overdue' | 'pending';
}

/** The 通报's rules, restated in SQL over the tables. */
function outcomes(planId: number, end: string, through: string) {
  return query<Outcome>(sql`
    with d as (
      select a.*, t.section_label, t.section_title, u.name as unit_name,
        (select max(r.created_at) from progress_reports r where r.assignment_id = a.id and r.claimed_state = 'complete' and r.created_at <= a.completed_at) as claim_at,
        (select max(r.created_at) from progress_reports r where r.assignment_id = a.id and r.claimed_state = 'complete') as last_claim,
        (select count(*) from periods p where p.assignment_id = a.id and p.due <= ${end} and p.due <= ${through}
           and (p.reported_at is null or date(p.reported_at, '+8 hours') > ${through})) as missed,
        (select count(*) from periods p where p.assignment_id = a.id and p.due <= ${end}
           and (p.reported_at is null or date(p.reported_at, '+8 hours') > ${through})) as unreported,
        (select count(*) from periods p where p.assignment_id = a.id and p.due <= ${end}
           and date(p.reported_at, '+8 hours') > p.due) as reported_late,
        (select count(*) from periods p where p.assignment_id = a.id and p.due <= ${end}) as periods
      from assignments a join tasks t on t.id = a.task_id join units u on u.id = a.unit_id
      where a.plan_id = ${planId} and a.removed_at is null
    )
    select coalesce(nullif(trim(coalesce(section_label, '') || '、' || coalesce(section_title, ''), '、'), ''), '（未分领域）') as section,
      unit_name as unit, periodic,
      case when periodic = 1 then
        case when missed > 0 then 'overdue' when unreported > 0 then 'pending' when reported_late > 0 then 'late' else 'onTime' end
      else case
        when state = 'done' and completed_at is not null and date(coalesce(claim_at, completed_at), '+8 hours') <= ${through}
          then case when date(coalesce(claim_at, completed_at), '+8 hours') <= due then 'onTime' else 'late' end
        when state = 'submitted' and date(last_claim, '+8 hours') <= ${through} then 'submitted'
        when due <= ${through} then 'overdue' else 'pending' end
      end as outcome
    from d
    where (periodic = 0 and due is not null and due <= ${end}) or (periodic = 1 and periods > 0)`);
}

function tallyOf(list: Outcome[]) {
  const n = (o: Outcome['outcome']) => list.filter((x) => x.outcome === o).length;
  return {
    items: list.length,
    onTime: n('onTime'),
    late: n('late'),
    submitted: n('submitted'),
    overdue: n('overdue'),
    pending: n('pending'),
  };
}

describe('季度通报 figures', () => {
  const seen: ReturnType<typeof tallyOf>[] = [];
  let onTimeNamed = false;
  const cases = [
    { year: 2022, quarter: 4 as const, end: '2022-12-31', day: '2023-01-10', through: '2022-12-31' },
    { year: 2022, quarter: 2 as const, end: '2022-06-30', day: '2022-07-05', through: '2022-06-30' },
    { year: 2022, quarter: 2 as const, end: '2022-06-30', day: '2022-05-20', through: '2022-05-19' },
    { year: 2022, quarter: 1 as const, end: '2022-03-31', day: '2022-04-25', through: '2022-03-31' },
  ];
  for (const c of cases) {
    it(`${c.year}Q${c.quarter} as of ${c.day}: totals, sections, units and the named units equal the ledger`, async () => {
      const rows = await outcomes(plans.chaozhou, c.end, c.through);
      expect(rows.length).toBeGreaterThan(0);
      const d = await tongbaoData(at(c.day), { planId: plans.chaozhou, year: c.year, quarter: c.quarter });
      expect(d.through).toBe(c.through);
      const units = [...new Set(rows.map((r) => r.unit))].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));
      expect(d.totals).toEqual({ ...tallyOf(rows), units: units.length });
      expect(d.periodic).toEqual(tallyOf(rows.filter((r) => Number(r.periodic) === 1)));
      const sections = [...new Set(rows.map((r) => r.section))];
      expect(d.bySection).toEqual(sections.map((s) => ({ name: s, ...tallyOf(rows.filter((r) => r.section === s)) })));
      const byUnit = units.map((u) => ({ name: u, ...tallyOf(rows.filter((r) => r.unit === u)) }));
      expect(d.byUnit).toEqual(byUnit);
      expect(d.onTimeUnits).toEqual(byUnit.filter((u) => u.onTime === u.items).map((u) => u.name));
      expect(d.laggingUnits).toEqual(byUnit.filter((u) => u.overdue > 0).map((u) => u.name));

      const { text, rows: table } = await docText(
        { kind: 'tongbao', planId: plans.chaozhou, year: c.year, quarter: c.quarter },
        c.day,
      );
      const t = tallyOf(rows);
      expect(text).toContain(
        `应于${c.year}年第${'一二三四'[c.quarter - 1]}季度末前完成的共${t.items}项，涉及${units.length}个责任单位`,
      );
      expect(text).toContain(
        `按时完成${t.onTime}项，逾期完成${t.late}项，已报办结待审核${t.submitted}项，逾期未完成${t.overdue}项${t.pending ? `，尚未到期${t.pending}项` : ''}；按时完成率${pct(t.onTime, t.items)}，完成率${pct(t.onTime + t.late, t.items)}`,
      );
      for (const u of byUnit)
        expect(table).toContainEqual([
          u.name,
          ...[u.items, u.onTime, u.late, u.submitted, u.overdue].map(String),
          pct(u.onTime, u.items),
        ]);
      expect(table).toContainEqual([
        '合计',
        ...[t.items, t.onTime, t.late, t.submitted, t.overdue].map(String),
        pct(t.onTime, t.items),
      ]);
      if (d.laggingUnits.length) expect(text).toContain(`${d.laggingUnits.join('、')}。`);
      if (d.onTimeUnits.length) expect(text).toContain(`${d.onTimeUnits.join('、')}。`);
      seen.push(t);
      onTimeNamed ||= d.onTimeUnits.includes('潮州市财政局');
    });
  }

  it('met every outcome and a unit entirely on time across the cases', () => {
    for (const k of ['onTime', 'late', 'submitted', 'overdue', 'pending'] as const)
      expect(
        seen.some((t) => t[k] > 0),
        k,
      ).toBe(true);
    expect(onTimeNamed).toBe(true);
  });

  it('refuses a 通报 with nothing due, and a quarter not begun', async () => {
    await expect(
      tongbaoData(at('2023-01-10'), { planId: plans.seed002, year: 2022, quarter: 4 }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      tongbaoData(at('2022-03-01'), { planId: plans.chaozhou, year: 2022, quarter: 3 }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(
      tongbaoData(at('2023-01-10', unitUser('unit:潮州市财政局')), { planId: plans.chaozhou, year: 2022, quarter: 4 }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('年报 section figures', () => {
  it('states counts and rates equal to the ledger, overall and by section', async () => {
    const day = '2023-01-10';
    const [t] = await query<
      Record<'tasks' | 'units' | 'items' | 'done' | 'submitted' | 'periodic' | 'overdue', number>
    >(sql`
      select count(distinct a.task_id) as tasks, count(distinct a.unit_id) as units, count(*) as items,
        sum(a.state = 'done') as done, sum(a.state = 'submitted') as submitted, sum(a.periodic) as periodic,
        sum(a.state in ('not_started', 'in_progress', 'returned') and
          (case when a.periodic = 1 then (select min(p.due) from periods p where p.assignment_id = a.id and p.reported_at is null) else a.due end) < ${day}) as overdue
      from assignments a join tasks t on t.id = a.task_id
      where a.plan_id = ${plans.chaozhou} and a.removed_at is null and t.removed_at is null`);
    const [p] = await query<{ due: number; reported: number }>(sql`
      select count(*) as due, sum(p.reported_at is not null) as reported from periods p join assignments a on a.id = p.assignment_id
      where a.plan_id = ${plans.chaozhou} and a.removed_at is null and a.periodic = 1 and p.due <= ${day}`);
    const sections = await query<{ name: string; tasks: number; items: number; done: number }>(sql`
      select t.section_label || '、' || t.section_title as name, count(distinct a.task_id) as tasks, count(*) as items, sum(a.state = 'done') as done
      from assignments a join tasks t on t.id = a.task_id
      where a.plan_id = ${plans.chaozhou} and a.removed_at is null and t.removed_at is null
      group by t.section_label, t.section_title order by min(t.seq)`);
    const d = await nianbaoData(at(day), { planId: plans.chaozhou });
    expect(d.totals).toEqual({
      tasks: t!.tasks,
      units: t!.units,
      items: t!.items,
      done: t!.done,
      submitted: t!.submitted,
      overdue: t!.overdue,
      periodicItems: t!.periodic,
      periodsDue: p!.due,
      periodsReported: p!.reported,
    });
    expect(d.bySection).toEqual(sections.map((s) => ({ ...s })));
    const { text, rows } = await docText({ kind: 'nianbao', planId: plans.chaozhou }, day);
    expect(text).toContain(`将${t!.tasks}项重点工作任务逐项分解到${t!.units}个责任单位`);
    expect(text).toContain(`全年共分解落实重点任务${t!.items}项，已完成${t!.done}项，完成率${pct(t!.done, t!.items)}`);
    expect(text).toContain(
      `持续推进类任务${t!.periodic}项按季度报送工作进展，截至2023年1月10日应报送${p!.due}期，已报送${p!.reported}期`,
    );
    expect(text).toContain(
      `尚未完成的${t!.items - t!.done}项任务中，已报办结待审核${t!.submitted}项，逾期未完成${t!.overdue}项`,
    );
    for (const s of sections)
      expect(rows).toContainEqual([s.name, String(s.tasks), String(s.items), String(s.done), pct(s.done, s.items)]);
    expect(rows.at(-1)).toEqual(['合计', String(t!.tasks), String(t!.items), String(t!.done), pct(t!.done, t!.items)]);
  });
});

describe('催办单 and 回头看 over the ledger', () => {
  it('lists a unit’s overdue items, refuses when there are none, and is the office’s', async () => {
    const unit = 'unit:潮州市财政局';
    const [n] = await query<{ n: number }>(sql`
      select count(*) as n from assignments a join plans pl on pl.id = a.plan_id
      where a.unit_id = ${unit} and a.removed_at is null and pl.state = 'confirmed' and a.state in ('not_started', 'in_progress', 'returned')
        and (case when a.periodic = 1 then (select min(p.due) from periods p where p.assignment_id = a.id and p.reported_at is null) else a.due end) < '2023-01-10'`);
    const { text, rows } = await docText({ kind: 'cuiban', unitId: unit }, '2023-01-10');
    expect(text).toContain(`你单位承担的以下${n!.n}项工作任务已超过完成时限`);
    expect(rows).toHaveLength(Number(n!.n) + 1);
    const none = await issueDocument(at('2022-03-01'), { kind: 'cuiban', unitId: unit }).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(AppError);
    expect(none).toMatchObject({ code: 'conflict', userMessage: '潮州市财政局目前没有逾期未办结的任务，无需催办' });
    await expect(issueDocument(at('2023-01-10', leader), { kind: 'cuiban', unitId: unit })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('回头看: last year’s unfinished assignments of the same county, with history and the carried task', async () => {
    const s = await importPlanFile(at('2023-01-05', operator), new TextEncoder().encode(COUNTY_PLAN), {
      name: 'plan.txt',
      confirm: true,
      revise: 'new',
    });
    const first = await store.db
      .selectFrom('tasks')
      .select(['id'])
      .where('plan_id', '=', plans.qingyuan)
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    const open = await query<{ id: number; task_id: number }>(
      sql`select id, task_id from assignments where plan_id = ${plans.qingyuan} and removed_at is null and state <> 'done' order by id`,
    );
    // The carry-over service is not this module's: link one task as it would.
    const target = await store.db
      .selectFrom('tasks')
      .select(['id', 'seq'])
      .where('plan_id', '=', s.planId)
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    const carried = open.find((o) => Number(o.task_id) !== Number(first.id))?.task_id ?? first.id;
    await store.db
      .updateTable('tasks')
      .set({ carried_from_task_id: Number(carried) })
      .where('id', '=', target.id)
      .execute();
    const [reports] = await query<{ n: number }>(sql`
      select (select count(*) from progress_reports r where r.assignment_id in (select id from assignments where plan_id = ${plans.qingyuan} and state <> 'done'))
           + (select count(*) from reviews v where v.assignment_id in (select id from assignments where plan_id = ${plans.qingyuan} and state <> 'done')) as n`);
    const d = await unfinishedLastYear(at('2023-01-10'), { planId: s.planId });
    expect(d.lastYear).toBe(2022);
    expect(d.items.flatMap((x) => x.units)).toHaveLength(open.length);
    expect(d.items).toHaveLength(new Set(open.map((o) => o.task_id)).size);
    expect(d.items.flatMap((x) => x.units.flatMap((u) => u.history))).toHaveLength(Number(reports!.n));
    expect(d.items.filter((x) => x.carriedTo)).toEqual([expect.objectContaining({ carriedTo: `第${target.seq}项` })]);
    const { text } = await docText({ kind: 'huitoukan', planId: s.planId }, '2023-01-10');
    expect(text).toContain(`尚有${open.length}项未办结，涉及${d.items.length}项重点任务`);
    await expect(unfinishedLastYear(at('2023-01-10'), { planId: plans.chaozhou })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});
