import { basename } from 'node:path';
import type { Command } from 'commander';
import { readBlocks } from '../../parse/index.js';
import { planFromBlocks } from '../../parse/pipeline.js';
import { renderLedger } from '../ledger-table.js';
import { readInput } from '../read-input.js';
import { renderBlocks } from '../render-blocks.js';

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('解析工作方案文件，打印任务台账（--json 输出方案 JSON）')
    .argument('<file>', '方案文件（txt、docx、pdf、html、xlsx、doc、wps、ofd），- 表示标准输入')
    .option('--json', '输出方案 JSON（见 README「方案 JSON」）')
    .option('--blocks', '输出块模型（段落与表格），用于排查版式')
    .action(async (file: string, opts: { json?: boolean; blocks?: boolean }) => {
      const bytes = await readInput(file);
      const name = file === '-' ? null : basename(file);
      const doc = await readBlocks(bytes, { name });
      if (opts.blocks) {
        process.stdout.write(opts.json ? `${JSON.stringify(doc, null, 2)}\n` : `${renderBlocks(doc)}\n`);
        return;
      }
      const plan = planFromBlocks(doc, { name });
      const columns = process.stdout.columns ?? 120;
      process.stdout.write(opts.json ? `${JSON.stringify(plan, null, 2)}\n` : `${renderLedger(plan, columns)}\n`);
    });
}
