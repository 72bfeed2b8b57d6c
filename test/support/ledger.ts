import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import { AppError } from '../../src/domain/errors.js';
import { chooseUnits } from '../../src/services/choose-units.js';
import type { ServiceContext } from '../../src/services/context.js';
import { importDirectory } from '../../src/services/directory.js';
import type { Store } from '../../src/store/store.js';
import { directoryFromCsv } from '../../src/units/exchange.js';
import { repoRoot } from './paths.js';

/** The promise fails with an AppError of this code (and a user message matching `message`). */
export async function rejects(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e, 'expected an AppError').toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  if (message) expect((e as AppError).userMessage).toMatch(message);
}

/** Service contexts for tests: a chosen actor and a fixed "now" (noon in China on the given day). */
export function contextFor(store: Store, actor: Actor, day = '2022-06-01'): ServiceContext {
  const now = new Date(`${day}T12:00:00+08:00`);
  return { store, actor, now: () => now };
}

export const operator: Actor = { id: 'cli:test', name: 'test', role: 'operator', unitId: null };
export const office: Actor = { id: 'acct:office', name: '公开办', role: 'office', unitId: null };
export const leader: Actor = { id: 'acct:leader', name: '领导', role: 'leader', unitId: null };
export const unitUser = (unitId: string): Actor => ({ id: `acct:${unitId}`, name: unitId, role: 'unit', unitId });

export async function loadDemoDirectory(store: Store): Promise<void> {
  const data = directoryFromCsv(readFileSync(join(repoRoot, 'demo/directory.csv'), 'utf8'), 'directory.csv');
  await importDirectory(contextFor(store, operator), data);
}

/** A county plan in the genre's table layout: dated, ongoing, quarterly, relative, yearly and «有关单位» tasks. */
export const COUNTY_PLAN = [
  '庆元县2023年政务公开工作要点分工方案',
  '工作任务\t具体要求\t牵头单位\t完成时限',
  '一、公开\t1.全面公开财政预决算。\t县财政局\t2023年6月底前',
  '\t2.做好项目信息公开。\t县发改局、县住建局\t长期推进',
  '\t3.规范发布涉农补贴信息。\t县农业农村局牵头，各乡镇配合\t每季度',
  '二、解读\t4.政策文件同步解读。\t县府办\t2023年3月底前',
  '\t5.依申请公开答复。\t县司法局\t收到后15个工作日',
  '\t6.做好信息公开年报。\t各有关单位\t每年1月31日前',
].join('\n');

/** Settles every open choice of a plan (有关单位, unknown names) with one unit, so that it can be confirmed. */
export async function settlePending(ctx: ServiceContext, planId: number, unitId: string): Promise<void> {
  const open = await ctx.store.db
    .selectFrom('pending_choices')
    .select('id')
    .where('plan_id', '=', planId)
    .where('resolved_at', 'is', null)
    .execute();
  for (const c of open) await chooseUnits(ctx, Number(c.id), [unitId]);
}
