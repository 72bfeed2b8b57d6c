import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { writeLedgerSheet } from '../src/reports/ledger-sheet.js';
import { exportLedgerSheet } from '../src/services/export-ledger.js';
import { applyLedgerSheet, previewLedgerSheet } from '../src/services/import-ledger-sheet.js';
import { importPlanFile } from '../src/services/import-plan.js';
import { changePlanState } from '../src/services/plan-state.js';
import { submitProgress } from '../src/services/submit-progress.js';
import { verifyAudit } from '../src/store/audit.js';
import type { Store } from '../src/store/store.js';
import { COUNTY_PLAN, contextFor, leader, loadDemoDirectory, office, unitUser } from './support/ledger.js';
import { describeEachDialect } from './support/stores.js';

/**
 * The ledger's Excel round trip: export the customary sheet, fill 完成情况/备注 in it as a unit would (with
 * exceljs), import: exactly the edited cells are proposed, what changed online meanwhile is a conflict and is
 * left alone, the rest is applied and audited. Whitespace-only edits do not count as edits (re-wrapping a
 * cell is layout, not a report).
 */
const FINANCE = 'unit:庆元县财政局';

interface DataRow {
  row: number;
  id: number;
  unit: string;
  progress: string;
  note: string;
}

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

async function save(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function main(wb: ExcelJS.Workbook): ExcelJS.Worksheet {
  const ws = wb.getWorksheet('工作台账');
  if (!ws) throw new Error('no 工作台账 sheet');
  return ws;
}

function dataRows(ws: ExcelJS.Worksheet): DataRow[] {
  const rows: DataRow[] = [];
  for (let r = 4; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const id = Number(row.getCell(10).value);
    if (!id) continue;
    rows.push({ row: r, id, unit: row.getCell(4).text, progress: row.getCell(8).text, note: row.getCell(9).text });
  }
  return rows;
}

async function edit(
  bytes: Uint8Array,
  fn: (ws: ExcelJS.Worksheet, rows: DataRow[], wb: ExcelJS.Workbook) => void,
): Promise<Uint8Array> {
  const wb = await open(bytes);
  fn(main(wb), dataRows(main(wb)), wb);
  return save(wb);
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e, 'expected an AppError').toBeInstanceOf(AppError);
  return e as AppError;
}

describeEachDialect('excel round trip', (f) => {
  let store: Store;
  let planId: number;
  const as = (actor = office, day = '2023-05-10') => contextFor(store, actor, day);

  beforeAll(async () => {
    store = await f.open();
    await loadDemoDirectory(store);
    // Without the «各有关单位» task: a plan is confirmed only once every name is settled.
    const plan = COUNTY_PLAN.replace(/\n\t6\.做好信息公开年报[^\n]*/, '');
    planId = (await importPlanFile(as(office, '2023-05-01'), new TextEncoder().encode(plan), { name: 'p.txt' })).planId;
    await changePlanState(as(office, '2023-05-01'), planId, 'confirm');
  });

  it('exports the customary layout: merged sections and requirements, protected but for the cells units fill', async () => {
    const { fileName, bytes } = await exportLedgerSheet(as(), { planId });
    expect(fileName).toBe('庆元县2023年政务公开工作要点分工方案工作台账_20230510.xlsx');
    const wb = await open(bytes);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['工作台账', 'visible'],
      ['_taizhang', 'veryHidden'],
    ]);
    const ws = main(wb);
    expect(ws.getCell('A1').text).toBe('庆元县2023年政务公开工作要点分工方案工作台账');
    expect(ws.getCell('A2').text).toMatch(/^导出时间：2023-05-10 12:00/);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((c) => ws.getRow(3).getCell(c).text)).toEqual([
      '序号',
      '工作任务',
      '具体要求',
      '责任单位',
      '牵头或配合',
      '完成时限',
      '当前状态',
      '完成情况',
      '备注',
    ]);
    const rows = dataRows(ws);
    expect(rows).toHaveLength(20);
    const merges = (ws.model as { merges: string[] }).merges;
    // Title and time lines; 一、公开 over its 18 unit rows, 二、解读 over 2; the quarterly task's requirement,
    // 序号 and deadline over its 15 units.
    expect(merges).toEqual(
      expect.arrayContaining(['A1:I1', 'A2:I2', 'B4:B21', 'B22:B23', 'A7:A21', 'C7:C21', 'F7:F21', 'C5:C6']),
    );
    expect(ws.getCell('B10').master.address).toBe('B4');
    expect(ws.getCell('B4').text).toBe('一、公开');
    expect(ws.getCell('C10').master.text).toBe('规范发布涉农补贴信息。');
    expect(ws.getColumn(10).hidden).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '3:3' });
    expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    expect(ws.getCell('H4').protection).toMatchObject({ locked: false });
    expect(ws.getCell('I23').protection).toMatchObject({ locked: false });
    expect(ws.getCell('C4').protection?.locked).not.toBe(false);
    expect(ws.getCell('H4').fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFFF2CC' } });
    expect(ws.getCell('D4').border?.top?.style).toBe('thin');
    expect(ws.getCell('C4').alignment?.wrapText).toBe(true);
  });

  it('proposes exactly the 30 edited cells, flags the one changed online meanwhile, applies the other 29', async () => {
    // Before: notes on rows 5–8 (through a first round trip) and reports on rows 0–2, so edits have a "from".
    const first = await exportLedgerSheet(as(office, '2023-05-02'), { planId });
    const noted = await edit(first.bytes, (ws, rows) => {
      for (const i of [5, 6, 7, 8]) ws.getCell(rows[i]!.row, 9).value = `原备注${i}`;
    });
    const round1 = await applyLedgerSheet(as(office, '2023-05-02'), noted, { accept: 'all' });
    expect(round1.applied.map((c) => c.field)).toEqual(['备注', '备注', '备注', '备注']);
    const baseRows = dataRows(main(await open(first.bytes)));
    for (const i of [0, 1, 2])
      await submitProgress(as(office, '2023-05-03'), {
        assignmentId: baseRows[i]!.id,
        text: `线上进展${i}`,
        claim: 'in_progress',
      });

    const exported = await exportLedgerSheet(as(office, '2023-05-04'), { planId });
    const rows = dataRows(main(await open(exported.bytes)));
    expect(rows.map((r) => r.id)).toEqual(baseRows.map((r) => r.id));
    expect(rows.slice(0, 3).map((r) => r.progress)).toEqual(['线上进展0', '线上进展1', '线上进展2']);
    expect(rows.slice(5, 9).map((r) => r.note)).toEqual(['原备注5', '原备注6', '原备注7', '原备注8']);

    // 16 完成情况 cells (rows 0–15) and 14 备注 cells (rows 4–18 but 7): 30 edits. Row 3 is written as rich text,
    // row 0 extends the online text, row 5's note is cleared; row 7's note only gains whitespace (not an edit).
    const expected = new Map<string, { row: number; field: string; from: string; to: string }>();
    const filled = await edit(exported.bytes, (ws, rs) => {
      for (let i = 0; i <= 15; i++) {
        const r = rs[i]!;
        const to = i === 0 ? `${r.progress}；已完成第二阶段` : `第${i}行：已按要求推进，完成阶段任务`;
        ws.getCell(r.row, 8).value =
          i === 3
            ? { richText: [{ text: '第3行：' }, { font: { bold: true }, text: '已按要求推进，完成阶段任务' }] }
            : to;
        expected.set(`${r.id}:progress`, { row: r.row, field: '完成情况', from: r.progress, to });
      }
      for (const i of [4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]) {
        const r = rs[i]!;
        const to = i === 5 ? '' : `  备注：第${i}行\n需协调  `;
        ws.getCell(r.row, 9).value = i === 5 ? null : to;
        expected.set(`${r.id}:note`, { row: r.row, field: '备注', from: r.note, to: to.trim() });
      }
      ws.getCell(rs[7]!.row, 9).value = ' 原备注7\n ';
    });
    expect(expected.size).toBe(30);

    const preview = await previewLedgerSheet(as(office, '2023-05-05'), filled);
    expect(preview).toMatchObject({ planId, exportedAt: '2023-05-04T04:00:00.000Z', conflicts: [] });
    expect(preview.changes).toHaveLength(30);
    expect(
      new Map(preview.changes.map((c) => [c.key, { row: c.row, field: c.field, from: c.from, to: c.to }])),
    ).toEqual(expected);
    expect(rows[0]!.unit).toBe('庆元县财政局');
    expect(preview.changes.find((c) => c.key === `${rows[0]!.id}:progress`)).toMatchObject({
      from: '线上进展0',
      to: '线上进展0；已完成第二阶段',
      unit: { id: FINANCE, name: '庆元县财政局' },
      task: { text: '全面公开财政预决算。' },
    });
    expect(preview.ignored).toEqual([
      expect.objectContaining({ code: 'whitespace-only', row: rows[7]!.row, field: '备注', key: null }),
    ]);

    // Meanwhile row 10's unit reports online: its 完成情况 edit is now a conflict; its 备注 edit is not.
    const moved = rows[10]!;
    await submitProgress(as(office, '2023-05-05'), {
      assignmentId: moved.id,
      text: '线上新进展',
      claim: 'in_progress',
    });
    const again = await previewLedgerSheet(as(office, '2023-05-06'), filled);
    expect(again.changes).toHaveLength(29);
    expect(again.conflicts).toEqual([
      expect.objectContaining({
        key: `${moved.id}:progress`,
        from: '',
        to: '第10行：已按要求推进，完成阶段任务',
        online: '线上新进展',
        reason: expect.stringMatching(/导出后已有新的进展报送/),
      }),
    ]);

    const allKeys = [...again.changes, ...again.conflicts].map((c) => c.key);
    const result = await applyLedgerSheet(as(office, '2023-05-06'), filled, { accept: allKeys });
    expect(result.applied).toHaveLength(29);
    expect(result.forced).toEqual([]);
    expect(result.conflicts.map((c) => c.key)).toEqual([`${moved.id}:progress`]);
    expect(result.refused).toEqual([]);

    for (const [key, e] of expected) {
      const id = Number(key.split(':')[0]);
      const a = await store.db
        .selectFrom('assignments')
        .select(['note', 'state'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const latest = await store.db
        .selectFrom('progress_reports')
        .select(['text', 'claimed_state'])
        .where('assignment_id', '=', id)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (key === `${moved.id}:progress`) expect(latest?.text).toBe('线上新进展');
      else if (e.field === '完成情况') {
        expect(latest).toEqual({ text: e.to, claimed_state: 'in_progress' });
        expect(a.state).toBe('in_progress');
      } else expect(a.note).toBe(e.to || null);
    }
    const events = await store.db
      .selectFrom('audit_events')
      .select(['action', 'after_json'])
      .where('at', '=', '2023-05-06T04:00:00.000Z')
      .execute();
    expect(events.filter((e) => e.action === 'progress.report')).toHaveLength(15);
    expect(events.filter((e) => e.action === 'assignment.note')).toHaveLength(14);
    expect(events.filter((e) => e.action === 'ledger-sheet.apply')).toHaveLength(1);
    expect((await verifyAudit(store.db)).ok).toBe(true);

    // The same file again: what was applied is already online; the conflict stays a conflict until forced.
    const third = await previewLedgerSheet(as(office, '2023-05-07'), filled);
    expect(third.changes).toEqual([]);
    expect(third.conflicts.map((c) => c.key)).toEqual([`${moved.id}:progress`]);
    expect(third.ignored.filter((i) => i.code === 'already-online')).toHaveLength(29);
    const repeat = await applyLedgerSheet(as(office, '2023-05-07'), filled, { accept: allKeys });
    expect([repeat.applied, repeat.refused, repeat.conflicts.map((c) => c.key)]).toEqual([
      [],
      [],
      [`${moved.id}:progress`],
    ]);
    const forced = await applyLedgerSheet(as(office, '2023-05-07'), filled, {
      accept: [],
      force: [`${moved.id}:progress`],
    });
    expect(forced.forced.map((c) => c.key)).toEqual([`${moved.id}:progress`]);
    const after = await store.db
      .selectFrom('progress_reports')
      .select('text')
      .where('assignment_id', '=', moved.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(after.text).toBe('第10行：已按要求推进，完成阶段任务');
    const forcedEvent = await store.db
      .selectFrom('audit_events')
      .select('after_json')
      .where('action', '=', 'progress.report')
      .where('entity_id', '=', String(moved.id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(forcedEvent.after_json ?? '{}')).toMatchObject({
      forced: true,
      online: '线上新进展',
      source: 'ledger-sheet',
    });
    expect((await verifyAudit(store.db)).ok).toBe(true);
  });

  it("refuses a unit user's edits to other units' rows, and limits its export to its own rows", async () => {
    const { bytes } = await exportLedgerSheet(as(office, '2023-05-08'), { planId });
    let own = 0;
    const others: number[] = [];
    const filled = await edit(bytes, (ws, rows) => {
      for (const r of rows) {
        if (r.unit === '庆元县财政局') own = r.id;
        else if (others.length < 2) others.push(r.id);
        else continue;
        ws.getCell(r.row, 9).value = `单位填写：${r.unit}`;
      }
    });
    const unit = as(unitUser(FINANCE), '2023-05-08');
    const preview = await previewLedgerSheet(unit, filled);
    expect(preview.changes.map((c) => c.key)).toEqual([`${own}:note`]);
    expect(preview.ignored.filter((i) => i.code === 'forbidden').map((i) => i.key)).toEqual(
      others.map((id) => `${id}:note`),
    );
    expect(preview.ignored.find((i) => i.code === 'forbidden')?.message).toMatch(/第 \d+ 行「备注」：不是本单位的任务/);
    const result = await applyLedgerSheet(unit, filled, { accept: 'all' });
    expect(result.applied.map((c) => c.key)).toEqual([`${own}:note`]);
    expect(result.refused.map((c) => c.key)).toEqual(others.map((id) => `${id}:note`));
    for (const id of others) {
      const a = await store.db.selectFrom('assignments').select('note').where('id', '=', id).executeTakeFirstOrThrow();
      expect(a.note).toBeNull();
    }
    expect((await failure(applyLedgerSheet(as(leader), filled, { accept: 'all' }))).code).toBe('forbidden');

    const mine = await exportLedgerSheet(unit, { planId });
    expect(mine.fileName).toContain('（庆元县财政局）');
    const ws = main(await open(mine.bytes));
    expect(dataRows(ws).map((r) => r.unit)).toEqual(['庆元县财政局']);
    expect(ws.getCell('A2').text).toMatch(/^责任单位：庆元县财政局/);
    expect((await failure(exportLedgerSheet(unit, { planId, unitId: 'unit:庆元县农业农村局' }))).code).toBe(
      'forbidden',
    );
  });

  it('numbers rows as the plan does and reports an edit to a locked column as refused', async () => {
    const { bytes } = await exportLedgerSheet(as(), { planId, unitId: FINANCE });
    const wb = await open(bytes);
    const ws = main(wb);
    const rows = dataRows(ws);
    // A unit's own export keeps the plan's numbers: not renumbered 1, 2, … per unit.
    const numbers = rows.map((r) => ws.getRow(r.row).getCell(1).master.value);
    expect(numbers.every((n) => typeof n === 'number')).toBe(true);
    const printed = await store.db
      .selectFrom('assignments as a')
      .innerJoin('tasks as t', 't.id', 'a.task_id')
      .select(['a.id', 't.number'])
      .where('a.unit_id', '=', FINANCE)
      .where('a.plan_id', '=', planId)
      .execute();
    const byId = new Map(printed.map((p) => [Number(p.id), Number(p.number)]));
    rows.forEach((r, i) => {
      expect(numbers[i]).toBe(byId.get(r.id));
    });
    const target = rows[0]!;
    const filled = await edit(bytes, (w) => {
      w.getCell(target.row, 6).value = '2023年12月底前';
      w.getCell(target.row, 9).value = '已与财政局核对';
    });
    const preview = await previewLedgerSheet(as(), filled);
    expect(preview.changes.map((c) => c.field)).toEqual(['备注']);
    const refused = preview.ignored.filter((i) => i.code === 'locked-column');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.message).toMatch(new RegExp(`第 ${target.row} 行改动了「完成时限」.*改动未导入`));
  });

  it('reads defensively: foreign, tampered, renamed, moved, deleted and oversized files', async () => {
    const { bytes } = await exportLedgerSheet(as(office, '2023-05-09'), { planId });
    const ctx = as(office, '2023-05-09');
    const message = async (b: Uint8Array) =>
      (await failure(previewLedgerSheet(ctx, b, { name: 'x.xlsx' }))).userMessage;

    expect(await message(new TextEncoder().encode('序号,工作任务\n1,公开'))).toMatch(/不是本系统导出的工作台账/);
    const foreign = new ExcelJS.Workbook();
    foreign.addWorksheet('工作台账').addRow(['序号', '工作任务', '具体要求']);
    expect(await message(await save(foreign))).toMatch(/「x\.xlsx」不是本系统导出的工作台账（缺少导出记录）/);
    expect(await message(bytes.slice(0, bytes.length - 100))).toMatch(/损坏/);

    const tampered = await edit(bytes, (_ws, _rows, wb) => {
      wb.getWorksheet('_taizhang')!.getCell('C3').value = '偷改的导出值';
    });
    expect(await message(tampered)).toMatch(/导出记录已被改动/);
    let target = 0;
    const strange = await edit(bytes, (ws, rows) => {
      target = rows[11]!.row;
      ws.getCell(target, 10).value = 999999;
    });
    expect(await message(strange)).toBe(
      `工作表「工作台账」第 ${target} 行：找不到任务分工编号 999999（J 列），此行不是这次导出的内容`,
    );
    const copied = await edit(bytes, (ws, rows) => {
      ws.getCell(rows[12]!.row, 10).value = rows[3]!.id;
    });
    expect(await message(copied)).toMatch(/第 \d+ 行：任务分工编号 \d+ 与第 \d+ 行重复/);
    const broken = await edit(bytes, (ws) => {
      ws.name = '我的台账';
      ws.getCell('H3').value = '进展';
    });
    expect(await message(broken)).toMatch(/找不到工作表「工作台账」（工作表被改名或删除）；现有工作表：「我的台账」/);

    // Renamed, rows moved (two swapped) and one deleted: still read, by the hidden ids.
    let deleted = 0;
    let swappedNote = 0;
    const shuffled = await edit(bytes, (ws, rows) => {
      ws.name = '财政局填报';
      const a = rows[0]!;
      const b = rows[19]!;
      // 责任单位 … 编号 (D–J) of the first and last rows swapped, as cutting and pasting rows would.
      for (let c = 4; c <= 10; c++) {
        const x = ws.getCell(a.row, c).value;
        ws.getCell(a.row, c).value = ws.getCell(b.row, c).value;
        ws.getCell(b.row, c).value = x;
      }
      ws.getCell(a.row, 9).value = '移动后的备注';
      swappedNote = b.id;
      deleted = rows[18]!.id;
      for (let c = 4; c <= 10; c++) ws.getCell(rows[18]!.row, c).value = null;
      ws.getCell(30, 8).value = '表外写的一行';
    });
    const read = await previewLedgerSheet(ctx, shuffled);
    expect(read.changes.map((c) => [c.key, c.to])).toEqual([[`${swappedNote}:note`, '移动后的备注']]);
    expect(read.ignored.map((i) => [i.code, i.assignmentId])).toEqual(
      expect.arrayContaining([
        ['row-deleted', deleted],
        ['not-a-ledger-row', null],
      ]),
    );

    // Sheets of ours naming an assignment this database does not have, a plan it does not have, and a plan
    // with this one's id from another installation.
    const sheet = (planId: number, planKey: string | null, id: number) =>
      writeLedgerSheet(
        { planId, planKey, planTitle: 't', exportedAt: '2023-05-09T04:00:00.000Z', unitId: null, unitName: null },
        [alienRow(id)],
      );
    const alienEdited = await edit(await sheet(planId, null, 987654), (ws) => {
      ws.getCell('H4').value = '有人填写';
    });
    expect(await message(alienEdited)).toMatch(/第 4 行：找不到任务分工编号 987654/);
    expect(await message(await sheet(424242, null, 1))).toMatch(/方案 #424242，系统中没有这个方案/);
    expect(await message(await sheet(planId, 'feedfeedfeedfeed', 1))).toMatch(/文件可能来自另一套系统/);

    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(bytes.subarray(0, 4));
    expect((await failure(previewLedgerSheet(ctx, big))).code).toBe('file-too-large');
    expect((await failure(applyLedgerSheet(ctx, bytes, { accept: ['1:progress', 'x'] }))).code).toBe('invalid-input');
  });

  it('does not apply what cannot be: a cleared 完成情况, another rich value, an over-long note', async () => {
    const { bytes } = await exportLedgerSheet(as(office, '2023-05-11'), { planId });
    let reported = 0;
    let formula = 0;
    let long = 0;
    const filled = await edit(bytes, (ws, rows) => {
      const r = rows.find((x) => x.progress)!;
      reported = r.id;
      ws.getCell(r.row, 8).value = null;
      formula = rows[16]!.id;
      ws.getCell(rows[16]!.row, 8).value = { formula: 'CONCAT("已","完成")', result: '已完成' };
      long = rows[17]!.id;
      ws.getCell(rows[17]!.row, 9).value = '长'.repeat(2001);
    });
    const preview = await previewLedgerSheet(as(office, '2023-05-11'), filled);
    expect(preview.changes.map((c) => [c.key, c.to])).toEqual([[`${formula}:progress`, '已完成']]);
    expect(preview.ignored.map((i) => [i.key, i.code])).toEqual([
      [`${reported}:progress`, 'not-applicable'],
      [`${long}:note`, 'invalid-value'],
    ]);
    expect(preview.ignored[0]!.message).toMatch(/完成情况不能清空/);
  });
});

function alienRow(id: number) {
  return {
    assignmentId: id,
    taskId: 1,
    section: '一、公开',
    group: null,
    requirement: '要求',
    unit: '某单位',
    role: '牵头',
    deadline: '',
    stateLabel: '未开始',
    progress: '',
    note: '',
    reportId: null,
    state: 'not_started',
  };
}
