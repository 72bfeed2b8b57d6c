import { basename } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { type AssignmentState, isAssignmentState, STATE_LABELS } from '../../domain/assignment.js';
import { AppError } from '../../domain/errors.js';
import { chooseUnits } from '../../services/choose-units.js';
import { findPendingChoice, findPendingChoicesNamed } from '../../services/confirm-checks.js';
import { findUnit } from '../../services/directory.js';
import { importPlanFile } from '../../services/import-plan.js';
import { listLedger } from '../../services/list-ledger.js';
import { listPlans } from '../../services/list-plans.js';
import { confirmRevision, discardRevision, pendingRevision } from '../../services/plan-revision.js';
import { changePlanState, confirmChecklist, PLAN_STATE_LABELS } from '../../services/plan-state.js';
import { renderImportSummary, renderPendingRevision } from '../import-summary.js';
import { renderLedgerRows } from '../ledger-rows.js';
import { readInput } from '../read-input.js';
import { withStore } from '../service-context.js';

export function registerLedger(program: Command): void {
  program
    .command('import')
    .description('解析方案文件并存入台账，打印核对摘要（同名方案按修订处理，显示差异）')
    .argument('<file>', '方案文件（txt、docx、pdf、html、xlsx、doc、wps、ofd）')
    .option('--issuer <unit>', '发文机关（目录中的编号或名称），方案正文看不出时使用')
    .option('--revise <plan>', '作为指定方案的修订版导入', positiveInt)
    .option('--new', '作为新方案导入，即使已有同名方案')
    .option('--add-unknown', '目录中没有的单位按方案写法补入目录')
    .option('--confirm', '导入后直接确认下达（默认存为草稿，待核对）；修订已下达的方案时须同时写明 --reason')
    .option('--reason <text>', '直接修订已下达方案的理由（记入审计日志）')
    .option('--json', '以 JSON 输出摘要')
    .action(
      async (
        file: string,
        o: {
          issuer?: string;
          revise?: number;
          new?: boolean;
          addUnknown?: boolean;
          confirm?: boolean;
          reason?: string;
          json?: boolean;
        },
      ) => {
        const bytes = await readInput(file);
        const summary = await withStore((ctx) =>
          importPlanFile(ctx, bytes, {
            name: basename(file),
            ...(o.issuer ? { issuer: o.issuer } : {}),
            revise: o.revise ?? (o.new ? 'new' : 'auto'),
            addUnknown: !!o.addUnknown,
            confirm: !!o.confirm,
            ...(o.reason ? { reason: o.reason } : {}),
          }),
        );
        process.stdout.write(o.json ? `${JSON.stringify(summary, null, 2)}\n` : `${renderImportSummary(summary)}\n`);
        // Stored, but not confirmed as asked: a script must notice (exit code 3, as documented in the README).
        if (summary.confirmWithheld.length) process.exitCode = 3;
      },
    );

  program
    .command('plans')
    .description('列出已导入的方案')
    .option('--json', '以 JSON 输出')
    .action(async (o: { json?: boolean }) => {
      const plans = await withStore((ctx) => listPlans(ctx));
      if (o.json) {
        process.stdout.write(`${JSON.stringify(plans, null, 2)}\n`);
        return;
      }
      if (plans.length === 0) process.stdout.write('还没有导入方案。用 taizhang import 文件 导入。\n');
      for (const p of plans) {
        process.stdout.write(
          `#${p.id}  ${p.title ?? '（无标题）'}  ${PLAN_STATE_LABELS[p.state]}  第${p.revision}版  任务 ${p.tasks} 项  已办结 ${p.done}/${p.assignments}\n`,
        );
      }
    });

  const plan = program.command('plan').description('方案状态：确认下达、归档');
  for (const [step, label] of [
    ['confirm', '确认下达（草稿 → 已下达，各单位可见并报送）'],
    ['archive', '归档（已下达 → 已归档，只读）'],
  ] as const) {
    plan
      .command(step)
      .description(label)
      .argument('<plan>', '方案编号', positiveInt)
      .action(async (id: number) => {
        const state = await withStore((ctx) => changePlanState(ctx, id, step));
        process.stdout.write(`方案 #${id} 现为「${PLAN_STATE_LABELS[state]}」\n`);
      });
  }

  plan
    .command('checklist')
    .description('确认下达前须处理的事项（待定单位、目录中没有的单位、疑似广告文字、没有责任单位的任务）')
    .argument('<plan>', '方案编号', positiveInt)
    .action(async (id: number) => {
      const list = await withStore((ctx) => confirmChecklist(ctx, id));
      if (list.length === 0) process.stdout.write(`方案 #${id} 没有须先处理的事项，可以确认下达\n`);
      for (const b of list) process.stdout.write(`第 ${b.seq} 项：${b.message}\n`);
    });
  plan
    .command('choose')
    .description('为方案某项任务的「有关单位」等待定名称指定具体单位')
    .argument('<plan>', '方案编号', positiveInt)
    .option('--task <n>', '第几项任务（不写时：方案中印有 --name 这一名称的各项一并指定）', positiveInt)
    .requiredOption('--units <list>', '单位（编号、全称或别名），逗号分隔')
    .option('--name <printed>', '方案上印的名称（任务中有多处待定时，或不写 --task 时）')
    .action(async (id: number, o: { task?: number; units: string; name?: string }) => {
      if (o.task === undefined && !o.name)
        throw new AppError('invalid-input', '请用 --task 指明第几项，或用 --name 指明方案上印的名称');
      const r = await withStore(async (ctx) => {
        const pendingIds =
          o.task === undefined
            ? await findPendingChoicesNamed(ctx.store.db, id, o.name!)
            : [await findPendingChoice(ctx.store.db, id, o.task, o.name)];
        const ids: string[] = [];
        for (const u of o.units.split(/[,，、]/).filter((x) => x.trim())) ids.push(await findUnit(ctx, u.trim()));
        let assignments = 0;
        for (const p of pendingIds) assignments += (await chooseUnits(ctx, p, ids)).assignments;
        return { items: pendingIds.length, assignments };
      });
      process.stdout.write(
        o.task === undefined
          ? `「${o.name}」${r.items} 处已指定，共新增分工 ${r.assignments} 条\n`
          : `第 ${o.task} 项已指定 ${r.assignments} 个单位\n`,
      );
    });

  const revision = program.command('revision').description('已下达方案的修订稿：查看、确认（生效）、放弃');
  revision
    .command('show')
    .description('查看待确认的修订稿：差异及对考核、提醒的影响')
    .argument('<plan>', '方案编号', positiveInt)
    .option('--json', '以 JSON 输出')
    .action(async (id: number, o: { json?: boolean }) => {
      const r = await withStore((ctx) => pendingRevision(ctx, id));
      if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else process.stdout.write(r ? `${renderPendingRevision(r)}\n` : `方案 #${id} 没有待确认的修订稿\n`);
    });
  for (const [step, label] of [
    ['confirm', '确认修订：修订稿生效（须写明理由）'],
    ['discard', '放弃修订稿，方案不变（须写明理由）'],
  ] as const) {
    revision
      .command(step)
      .description(label)
      .argument('<plan>', '方案编号', positiveInt)
      .requiredOption('--reason <text>', '理由（记入审计日志）')
      .action(async (id: number, o: { reason: string }) => {
        if (step === 'confirm') {
          const d = await withStore((ctx) => confirmRevision(ctx, id, o.reason));
          process.stdout.write(`方案 #${id} 已修订为第 ${d.toRevision} 版\n`);
        } else {
          await withStore((ctx) => discardRevision(ctx, id, o.reason));
          process.stdout.write(`方案 #${id} 的修订稿已放弃，方案未变\n`);
        }
      });
  }

  program
    .command('ledger')
    .description('查看台账：按方案、单位、状态、时限筛选')
    .option('--plan <id>', '方案编号', positiveInt)
    .option('--unit <unit>', '责任单位（编号、全称或别名）')
    .option(
      '--state <state>',
      `状态：${Object.entries(STATE_LABELS)
        .map(([k, v]) => `${k}(${v})`)
        .join('、')}；可用逗号分隔多个`,
      states,
    )
    .option('--due-within <span>', '在此期限内到期（含已逾期），如 30d、2w、1m', span)
    .option('--overdue', '只看已逾期')
    .option('--drafts', '包括尚未确认下达的方案')
    .option('--as-of <date>', '以该日期为“今天”判断逾期（YYYY-MM-DD）', isoDate)
    .option('--limit <n>', '最多显示条数', positiveInt, 200)
    .option('--offset <n>', '跳过条数', nonNegativeInt, 0)
    .option('--json', '以 JSON 输出')
    .action(
      async (o: {
        plan?: number;
        unit?: string;
        state?: AssignmentState[];
        dueWithin?: number;
        overdue?: boolean;
        drafts?: boolean;
        asOf?: string;
        limit: number;
        offset: number;
        json?: boolean;
      }) => {
        const result = await withStore(async (ctx) => {
          const unitId = o.unit ? await findUnit(ctx, o.unit) : undefined;
          return listLedger(ctx, {
            ...(o.plan !== undefined ? { planId: o.plan } : {}),
            ...(unitId ? { unitId } : {}),
            ...(o.state ? { states: o.state } : {}),
            ...(o.dueWithin !== undefined ? { dueWithinDays: o.dueWithin } : {}),
            overdue: !!o.overdue,
            includeDrafts: !!o.drafts,
            limit: o.limit,
            offset: o.offset,
          });
        }, o.asOf);
        process.stdout.write(
          o.json
            ? `${JSON.stringify(result, null, 2)}\n`
            : `${renderLedgerRows(result.rows, result.total, process.stdout.columns ?? 120)}\n`,
        );
      },
    );
}

export function positiveInt(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('须为正整数');
  return n;
}

function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('须为非负整数');
  return n;
}

function states(v: string): AssignmentState[] {
  const out = v
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const byLabel = new Map(Object.entries(STATE_LABELS).map(([k, l]) => [l, k]));
  return out.map((s) => {
    const k = byLabel.get(s) ?? s;
    if (!isAssignmentState(k)) throw new InvalidArgumentError(`未知的状态「${s}」`);
    return k;
  });
}

/** «30d», «2w», «1m», or plain days. */
export function span(v: string): number {
  const m = /^(\d{1,4})\s*(d|天|日|w|周|m|月)?$/i.exec(v.trim());
  if (!m) throw new InvalidArgumentError('格式如 30d、2w、1m');
  const n = Number(m[1]);
  const u = (m[2] ?? 'd').toLowerCase();
  return u === 'w' || u === '周' ? n * 7 : u === 'm' || u === '月' ? n * 30 : n;
}

export function isoDate(v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))
    throw new InvalidArgumentError('日期格式为 YYYY-MM-DD');
  return v;
}
