import { basename } from 'node:path';
import type { Command } from 'commander';
import { STATE_LABELS } from '../../domain/assignment.js';
import { AppError } from '../../domain/errors.js';
import { findAssignment } from '../../services/find-assignment.js';
import { decideExtension, requestExtension } from '../../services/request-extension.js';
import { reviewCompletion } from '../../services/review-completion.js';
import { submitProgress } from '../../services/submit-progress.js';
import { readInput } from '../read-input.js';
import { withStore } from '../service-context.js';
import { isoDate, positiveInt } from './ledger.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export function registerProgress(program: Command): void {
  program
    .command('progress')
    .description('报送任务进展（可附佐证文件和链接；--complete 表示申请办结）')
    .argument('<task>', '任务编号（见 taizhang ledger）', positiveInt)
    .option('--unit <unit>', '责任单位（任务有多个责任单位时必填）')
    .requiredOption('--text <text>', '进展情况')
    .option('--complete', '本单位承担的工作已完成，申请办结')
    .option('--file <file>', '佐证文件（可多次使用）', collect)
    .option('--link <url>', '佐证链接（可多次使用）', collect)
    .action(
      async (
        task: number,
        o: { unit?: string; text: string; complete?: boolean; file?: string[]; link?: string[] },
      ) => {
        const files: { name: string; bytes: Uint8Array }[] = [];
        for (const f of o.file ?? []) files.push({ name: basename(f), bytes: await readInput(f) });
        const receipt = await withStore(async (ctx) => {
          const assignmentId = await findAssignment(ctx, task, o.unit);
          return submitProgress(ctx, {
            assignmentId,
            text: o.text,
            claim: o.complete ? 'complete' : 'in_progress',
            files,
            links: o.link ?? [],
          });
        });
        process.stdout.write(
          `已报送（进展 #${receipt.reportId}${receipt.period ? `，${receipt.period}` : ''}），任务状态：${STATE_LABELS[receipt.state]}\n`,
        );
      },
    );

  program
    .command('review')
    .description('审核办结申请：办结、退回，或重新打开已办结的任务')
    .argument('<task>', '任务编号', positiveInt)
    .option('--unit <unit>', '责任单位')
    .option('--accept', '同意办结')
    .option('--return <reason>', '退回，并写明理由')
    .option('--reopen <reason>', '重新打开已办结的任务，并写明理由')
    .action(async (task: number, o: { unit?: string; accept?: boolean; return?: string; reopen?: string }) => {
      const chosen = [o.accept, o.return !== undefined, o.reopen !== undefined].filter(Boolean).length;
      if (chosen !== 1) throw new AppError('invalid-input', '请在 --accept、--return、--reopen 中选择一项');
      const { state } = await withStore(async (ctx) => {
        const id = await findAssignment(ctx, task, o.unit);
        if (o.accept) return reviewCompletion(ctx, id, { decision: 'accept' });
        if (o.return !== undefined) return reviewCompletion(ctx, id, { decision: 'return', reason: o.return });
        return reviewCompletion(ctx, id, { decision: 'reopen', reason: o.reopen ?? '' });
      });
      process.stdout.write(`任务状态：${STATE_LABELS[state]}\n`);
    });

  const ext = program.command('extension').description('延期申请与审批');
  ext
    .command('request')
    .description('申请延期')
    .argument('<task>', '任务编号', positiveInt)
    .option('--unit <unit>', '责任单位')
    .requiredOption('--to <date>', '申请的完成时限（YYYY-MM-DD）', isoDate)
    .requiredOption('--reason <reason>', '理由')
    .action(async (task: number, o: { unit?: string; to: string; reason: string }) => {
      const r = await withStore(async (ctx) =>
        requestExtension(ctx, {
          assignmentId: await findAssignment(ctx, task, o.unit),
          requestedDue: o.to,
          reason: o.reason,
        }),
      );
      process.stdout.write(`已提交延期申请 #${r.requestId}，待公开办审批\n`);
    });
  ext
    .command('decide')
    .description('审批延期申请')
    .argument('<request>', '延期申请编号', positiveInt)
    .option('--approve', '同意')
    .option('--reject <reason>', '不同意，并写明理由')
    .action(async (id: number, o: { approve?: boolean; reject?: string }) => {
      if (!!o.approve === (o.reject !== undefined))
        throw new AppError('invalid-input', '请在 --approve 与 --reject 中选择一项');
      const r = await withStore((ctx) =>
        decideExtension(ctx, { requestId: id, approve: !!o.approve, ...(o.reject ? { note: o.reject } : {}) }),
      );
      process.stdout.write(
        o.approve ? `已同意，完成时限改为 ${r.due}\n` : `已不同意，完成时限仍为 ${r.due ?? '原时限'}\n`,
      );
    });
}
