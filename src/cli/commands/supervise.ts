import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import type { HolidayTable } from '../../domain/calendar.js';
import { AppError } from '../../domain/errors.js';
import { loadHolidayYear } from '../../services/calendar.js';
import { carryOver } from '../../services/carry-over.js';
import { cascadePlan } from '../../services/cascade-plan.js';
import { coverage } from '../../services/coverage.js';
import { findUnit } from '../../services/directory.js';
import { exportScores } from '../../services/export-scores.js';
import { mailerFromEnv } from '../../services/mailer.js';
import { rollUp } from '../../services/roll-up.js';
import { addScoreAdjustment, scoreUnits } from '../../services/score-units.js';
import { sendDigests } from '../../services/send-reminders.js';
import { urgeUnit } from '../../services/urge-unit.js';
import { withStore } from '../service-context.js';
import { isoDate, positiveInt } from './ledger.js';

const period = (v: string): string => {
  const m = /^(\d{4})(?:-?Q([1-4]))?$/i.exec(v.trim());
  if (!m) throw new InvalidArgumentError('格式如 2024 或 2024-Q2');
  return m[2] ? `${m[1]}-Q${m[2]}` : m[1]!;
};

export function registerSupervise(program: Command): void {
  program
    .command('remind')
    .description(
      '发送本周到期提醒：每个单位一份汇总（逾期与 5 个工作日内到期），配置了 SMTP 时同时发邮件；同一周不重复',
    )
    .option('--as-of <date>', '以该日期为“今天”', isoDate)
    .action(async (o: { asOf?: string }) => {
      const mailer = await mailerFromEnv();
      const r = await withStore((ctx) => sendDigests(ctx, mailer), o.asOf);
      process.stdout.write(
        `${r.period}：向 ${r.units} 个单位发出汇总提醒，共 ${r.items} 项；${r.skipped} 个单位本周已提醒过；邮件 ${mailer ? `${r.emailed} 封` : '未配置（仅站内）'}\n`,
      );
      for (const f of r.failures) process.stdout.write(`  邮件未送达：${f}\n`);
    });

  program
    .command('urge')
    .description('催办：对一个单位的逾期事项发出催办并留痕')
    .argument('<unit>', '单位（编号、全称或别名）')
    .option('--plan <id>', '只催办该方案的事项', positiveInt)
    .option('--note <text>', '催办说明')
    .option('--as-of <date>', '以该日期为“今天”', isoDate)
    .option('--dry-run', '只列出将催办的事项，不记录')
    .option('--json', '以 JSON 输出（事项数与清单）')
    .action(
      async (unit: string, o: { plan?: number; note?: string; asOf?: string; dryRun?: boolean; json?: boolean }) => {
        const r = await withStore(
          async (ctx) =>
            urgeUnit(ctx, {
              unitId: await findUnit(ctx, unit),
              ...(o.plan ? { planId: o.plan } : {}),
              ...(o.note ? { note: o.note } : {}),
              ...(o.dryRun ? { dryRun: true } : {}),
            }),
          o.asOf,
        );
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        if (r.reminderId === null) {
          process.stdout.write(`将催办 ${r.items} 项逾期事项（未记录）：\n`);
          for (const i of r.list)
            process.stdout.write(
              `  · ${i.text.replace(/\s+/g, '').slice(0, 40)}（${i.period ? `${i.period}进展未报送` : `时限 ${i.due}`}）\n`,
            );
          return;
        }
        process.stdout.write(
          `已催办 ${r.items} 项逾期事项（记录 #${r.reminderId}）；可用 taizhang doc cuiban 生成催办单\n`,
        );
      },
    );

  const score = program.command('score').description('考核计分');
  score
    .command('show', { isDefault: true })
    .description('按考核期计算各单位得分（每一分都有理由和依据）')
    .requiredOption('--period <period>', '考核期：2024 或 2024-Q2', period)
    .option('--plan <id>', '只计该方案', positiveInt)
    .option('--unit <unit>', '只计该单位')
    .option('--as-of <date>', '统计截至日（默认：考核期末，考核期未结束时为今天）', isoDate)
    .option('--json', '以 JSON 输出')
    .option('--xlsx <file>', '另存为 Excel（汇总与得分明细）')
    .action(
      async (o: { period: string; plan?: number; unit?: string; asOf?: string; json?: boolean; xlsx?: string }) => {
        if (o.xlsx) {
          const file = o.xlsx;
          const f = await withStore(
            async (ctx) =>
              exportScores(ctx, {
                period: o.period,
                ...(o.plan ? { planId: o.plan } : {}),
                ...(o.unit ? { unitId: await findUnit(ctx, o.unit) } : {}),
              }),
            o.asOf,
          );
          writeFileSync(file, f.bytes);
          process.stdout.write(`已导出 ${file}\n`);
          return;
        }
        const r = await withStore(
          async (ctx) =>
            scoreUnits(ctx, {
              period: o.period,
              ...(o.asOf ? { asOf: o.asOf } : {}),
              ...(o.plan ? { planId: o.plan } : {}),
              ...(o.unit ? { unitId: await findUnit(ctx, o.unit) } : {}),
            }),
          o.asOf,
        );
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        process.stdout.write(`考核期 ${r.period}（${r.start} 至 ${r.end}，截至 ${r.asOf}），按单位名称排列：\n`);
        for (const u of r.units) {
          process.stdout.write(
            `\n${u.unitName}  ${u.card.score} 分（应完成 ${u.card.due} 项：按时完成 ${u.card.onTime}，逾期完成 ${u.card.late}，待审核 ${u.card.submitted}，逾期未完成 ${u.card.overdue}，未到期 ${u.card.notDue}；进展应报送 ${u.card.reports.periods} 期，未报送 ${u.card.reports.missed} 期）\n`,
          );
          for (const l of u.card.lines) process.stdout.write(`  ${l.points > 0 ? '+' : ''}${l.points}  ${l.reason}\n`);
        }
      },
    );
  score
    .command('adjust')
    .description('加分或减分（须写明理由）')
    .argument('<unit>', '单位')
    .requiredOption('--period <period>', '考核期', period)
    .requiredOption('--points <n>', '分值，减分为负数', (v: string) => Number(v))
    .requiredOption('--reason <text>', '理由')
    .action(async (unit: string, o: { period: string; points: number; reason: string }) => {
      const id = await withStore(async (ctx) =>
        addScoreAdjustment(ctx, {
          unitId: await findUnit(ctx, unit),
          period: o.period,
          points: o.points,
          reason: o.reason,
        }),
      );
      process.stdout.write(`已记录加减分 #${id}\n`);
    });

  program
    .command('cascade')
    .description('从上级方案分解出本单位方案（待分解到内设科室）')
    .requiredOption('--from <plan>', '上级方案编号', positiveInt)
    .requiredOption('--unit <unit>', '本单位')
    .action(async (o: { from: number; unit: string }) => {
      const r = await withStore(async (ctx) =>
        cascadePlan(ctx, { fromPlanId: o.from, unitId: await findUnit(ctx, o.unit) }),
      );
      process.stdout.write(`已生成方案 #${r.planId}（${r.tasks} 项任务，草稿）；请为每项任务指定承办科室后确认下达\n`);
    });

  program
    .command('roll-up')
    .description('把分解方案的进展汇总到上级方案')
    .argument('<plan>', '分解方案编号', positiveInt)
    .action(async (plan: number) => {
      const lines = await withStore((ctx) => rollUp(ctx, plan));
      for (const l of lines)
        process.stdout.write(
          `上级任务 ${l.parentTaskId}：科室办结 ${l.done}/${l.total}，${{ submitted: '已申请办结', reported: '已报送进展', none: '无变化' }[l.action]}${l.reason ? `（${l.reason}）` : ''}\n`,
        );
    });

  program
    .command('coverage')
    .description('对照上级方案：哪些上级任务在本方案中没有对应任务')
    .argument('<plan>', '本方案编号', positiveInt)
    .option('--higher <plan>', '上级方案编号（分解方案可省略）', positiveInt)
    .action(async (plan: number, o: { higher?: number }) => {
      const c = await withStore((ctx) =>
        coverage(ctx, { planId: plan, ...(o.higher ? { higherPlanId: o.higher } : {}) }),
      );
      process.stdout.write(
        `上级方案 #${c.higherPlanId} 中涉及本单位的任务 ${c.considered} 项，已覆盖 ${c.covered.length} 项，未覆盖 ${c.uncovered.length} 项：\n`,
      );
      for (const u of c.uncovered)
        process.stdout.write(
          `  [${u.taskId}] ${u.number ? `${u.number}. ` : ''}${u.text.replace(/\s+/g, '').slice(0, 60)}\n`,
        );
    });

  program
    .command('carry-over')
    .description('回头看：把上年度方案未完成的任务转入本年度方案')
    .requiredOption('--from <plan>', '上年度方案编号', positiveInt)
    .requiredOption('--to <plan>', '本年度方案编号', positiveInt)
    .option('--deadline <text>', '转入任务的完成时限，如「2025年6月底前」（默认本年度年底前）')
    .action(async (o: { from: number; to: number; deadline?: string }) => {
      const r = await withStore((ctx) =>
        carryOver(ctx, { fromPlanId: o.from, toPlanId: o.to, ...(o.deadline ? { deadlineText: o.deadline } : {}) }),
      );
      process.stdout.write(`已转入 ${r.tasks} 项任务、${r.assignments} 条分工，完成时限：${r.deadline}\n`);
    });

  program
    .command('calendar')
    .description('工作日历')
    .command('load')
    .description('载入一年的节假日与调休表（JSON：{"holidays": ["2027-01-01", …], "workdays": ["2027-02-06", …]}）')
    .argument('<file>', 'JSON 文件')
    .action(async (file: string) => {
      let table: HolidayTable;
      try {
        table = JSON.parse(await readFile(file, 'utf8')) as HolidayTable;
      } catch (e) {
        throw new AppError('invalid-input', `无法读取 ${file}：${(e as Error).message}`);
      }
      if (!Array.isArray(table.holidays) || !Array.isArray(table.workdays))
        throw new AppError('invalid-input', `${file} 须含 holidays 与 workdays 两个日期数组`);
      const r = await withStore((ctx) => loadHolidayYear(ctx, table));
      process.stdout.write(`已载入 ${r.year} 年节假日表\n`);
    });
}
