import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { findUnit } from '../../services/directory.js';
import { exportLedgerSheet } from '../../services/export-ledger.js';
import {
  applyLedgerSheet,
  type LedgerSheetApplied,
  type LedgerSheetPreview,
  previewLedgerSheet,
  type SheetChange,
  type SheetConflict,
  type SheetIgnored,
} from '../../services/import-ledger-sheet.js';
import { readInput } from '../read-input.js';
import { withStore } from '../service-context.js';
import { positiveInt } from './ledger.js';

/**
 * The ledger's Excel round trip on the command line: `export` writes the 工作台账 sheet units fill in offline;
 * `import-xlsx` shows what a filled-in sheet would change (and what conflicts with newer online data), and
 * with --apply writes the accepted changes.
 */
export function registerExcel(program: Command): void {
  program
    .command('export')
    .description('导出方案的工作台账（Excel），供各单位线下填写「完成情况」「备注」后导入')
    .requiredOption('--plan <id>', '方案编号', positiveInt)
    .option('--unit <unit>', '只导出该单位的任务（编号、全称或别名）')
    .option('-o, --output <file>', '输出文件（.xlsx）；默认按方案名称命名，存在当前目录')
    .action(async (o: { plan: number; unit?: string; output?: string }) => {
      const out = await withStore(async (ctx) => {
        const unitId = o.unit ? await findUnit(ctx, o.unit) : undefined;
        return exportLedgerSheet(ctx, { planId: o.plan, ...(unitId ? { unitId } : {}) });
      });
      const file = o.output ?? out.fileName;
      try {
        await writeFile(file, out.bytes);
      } catch (e) {
        throw new AppError('file-unreadable', `无法写入 ${file}：${(e as Error).message}`, String(e));
      }
      process.stdout.write(`已导出 ${out.rows} 行到 ${file}\n`);
    });

  program
    .command('import-xlsx')
    .description('导入填写后的工作台账：列出修改与冲突；加 --apply 才写入')
    .argument('<file>', '由 taizhang export 导出并填写的 .xlsx 文件')
    .option('--apply <keys>', '写入修改：all（全部无冲突的修改），或用逗号分隔的修改编号（如 12:progress,15:note）')
    .option('--force <keys>', '冲突也写入（覆盖系统中更新的内容）：用逗号分隔的修改编号，会记入审计日志')
    .option('--json', '以 JSON 输出')
    .action(async (file: string, o: { apply?: string; force?: string; json?: boolean }) => {
      const bytes = await readInput(file);
      const name = basename(file);
      const force = keys(o.force);
      if (o.apply === undefined && force.length === 0) {
        const preview = await withStore((ctx) => previewLedgerSheet(ctx, bytes, { name }));
        process.stdout.write(o.json ? `${JSON.stringify(preview, null, 2)}\n` : renderPreview(preview));
        return;
      }
      const accept = o.apply?.trim() === 'all' ? 'all' : keys(o.apply);
      const result = await withStore((ctx) => applyLedgerSheet(ctx, bytes, { accept, force, name }));
      process.stdout.write(o.json ? `${JSON.stringify(result, null, 2)}\n` : renderApplied(result));
    });
}

function keys(list: string | undefined): string[] {
  return (list ?? '')
    .split(/[,，、\s]+/)
    .map((k) => k.trim())
    .filter(Boolean);
}

export function renderPreview(p: LedgerSheetPreview): string {
  const out: string[] = [
    `方案 #${p.planId} ${p.planTitle ?? ''}（导出时间 ${chinaTime(p.exportedAt)}）`,
    p.changes.length ? `修改 ${p.changes.length} 处：` : '没有可导入的修改。',
    ...p.changes.flatMap(change),
  ];
  if (p.conflicts.length)
    out.push(
      `冲突 ${p.conflicts.length} 处（导出后系统中已有更新，不会覆盖；确需覆盖请用 --force 编号）：`,
      ...p.conflicts.flatMap(conflict),
    );
  if (p.ignored.length) out.push(`未导入 ${p.ignored.length} 处：`, ...p.ignored.map(ignored));
  if (p.changes.length) out.push('确认无误后：taizhang import-xlsx 文件 --apply all（或 --apply 编号,编号）');
  return `${out.join('\n')}\n`;
}

export function renderApplied(r: LedgerSheetApplied): string {
  const reports = r.applied.filter((c) => c.field === '完成情况').length;
  const out = [
    `已导入 ${r.applied.length} 处（完成情况 ${reports} 处记为新的进展报送，备注 ${r.applied.length - reports} 处）。`,
  ];
  if (r.forced.length) out.push(`按 --force 覆盖冲突 ${r.forced.length} 处：`, ...r.forced.flatMap(conflict));
  if (r.conflicts.length)
    out.push(`未覆盖的冲突 ${r.conflicts.length} 处（系统中的内容保持不变）：`, ...r.conflicts.flatMap(conflict));
  if (r.refused.length) out.push(`未能导入 ${r.refused.length} 处：`, ...r.refused.map(ignored));
  if (r.notAccepted.length) out.push(`未选择导入的修改 ${r.notAccepted.length} 处。`);
  return `${out.join('\n')}\n`;
}

function where(c: SheetChange): string {
  return `[${c.key}] 第 ${c.row} 行 ${c.unit.name} · 任务 ${c.task.seq}「${clip(c.task.text, 24)}」·「${c.field}」`;
}

function change(c: SheetChange): string[] {
  return [`  ${where(c)}`, `      原：${clip(c.from, 80) || '（空）'}`, `      新：${clip(c.to, 80) || '（清空）'}`];
}

function conflict(c: SheetConflict): string[] {
  return [
    `  ${where(c)}：${c.reason}`,
    `      文件：${clip(c.to, 80) || '（清空）'}`,
    `      系统：${clip(c.online, 80) || '（空）'}`,
  ];
}

function ignored(i: SheetIgnored): string {
  return `  ${i.key ? `[${i.key}] ` : ''}${i.message}`;
}

function clip(s: string, n: number): string {
  const one = s.replace(/\s*\n\s*/g, ' / ');
  return one.length > n ? `${one.slice(0, n)}…` : one;
}

function chinaTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : iso;
}
