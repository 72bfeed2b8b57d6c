import { beforeAll, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { addTask } from '../src/services/add-task.js';
import { editTask } from '../src/services/edit-task.js';
import { importPlanFile } from '../src/services/import-plan.js';
import { changePlanState, confirmChecklist } from '../src/services/plan-state.js';
import type { Store } from '../src/store/store.js';
import { COUNTY_PLAN, contextFor, loadDemoDirectory, office, settlePending } from './support/ledger.js';
import { describeEachDialect } from './support/stores.js';

/**
 * What holds a confirm: advert-shaped text in a task (the import keeps what a web mirror injected out of the
 * stored text; text typed back in review stays flagged until the task no longer carries it), and a task left
 * with no responsible unit; both named by 第 N 项, on SQLite and PostgreSQL.
 */
describeEachDialect('confirm checklist', (f) => {
  let store: Store;
  let planId: number;
  const ctx = () => contextFor(store, office, '2023-02-01');

  beforeAll(async () => {
    store = await f.open();
    await loadDemoDirectory(store);
    const plan = COUNTY_PLAN.replace('2.做好项目信息公开。', '2.做好项目信息公开。yd8899买球官网唯一入口的');
    planId = (await importPlanFile(ctx(), new TextEncoder().encode(plan), { name: 'plan.txt' })).planId;
    await settlePending(ctx(), planId, 'unit:庆元县府办');
    // A task the office added and has not yet given a unit.
    await addTask(ctx(), planId, { text: '建设政务公开专区。' });
  });

  it('lists flagged text and tasks without a unit, and refuses to confirm with that list', async () => {
    const tasks = await store.db
      .selectFrom('tasks')
      .select(['id', 'seq', 'text'])
      .where('plan_id', '=', planId)
      .execute();
    const second = tasks.find((t) => Number(t.seq) === 2)!;
    // The injected advert never reached the stored task.
    expect(second.text).toBe('做好项目信息公开。');
    expect(await confirmChecklist(ctx(), planId)).toEqual([expect.objectContaining({ kind: 'no-unit', seq: 7 })]);
    // Typed back in review, advert-shaped text holds the confirm.
    await editTask(ctx(), Number(second.id), { text: '做好项目信息公开，详见www.yd8899.com。' });
    const list = await confirmChecklist(ctx(), planId);
    expect(list.map((b) => [b.kind, b.seq, b.detail])).toEqual([
      ['suspicious-text', 2, 'www.yd8899.com'],
      ['no-unit', 7, null],
    ]);
    const refused = await changePlanState(ctx(), planId, 'confirm').then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).userMessage).toBe(
      '还有 2 处须先处理，才能确认下达：第2项任务文字夹杂疑似广告内容「www.yd8899.com」；第7项没有责任单位',
    );
    expect((refused as AppError).details).toMatchObject({ blockers: list });
  });

  it('clears each item once the task is fixed, then confirms', async () => {
    const tasks = await store.db.selectFrom('tasks').select(['id', 'seq']).where('plan_id', '=', planId).execute();
    const id = (seq: number) => Number(tasks.find((t) => Number(t.seq) === seq)!.id);
    await editTask(ctx(), id(2), { text: '做好项目信息公开。' });
    await editTask(ctx(), id(7), { unitsText: '县司法局' });
    expect(await confirmChecklist(ctx(), planId)).toEqual([]);
    expect(await changePlanState(ctx(), planId, 'confirm')).toBe('confirmed');
  });
});
