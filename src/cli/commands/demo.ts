import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { loadDemoData } from '../../services/demo-data.js';
import { configFromEnv, openStore } from '../../store/store.js';
import { isoDate } from './ledger.js';

const DEMO_DIR = resolve(import.meta.dirname, '../../../demo');

/**
 * `taizhang demo`: the demo data set (directory, five plans, simulated progress) into an empty data directory,
 * without a server — for trying the CLI's documents and figures. `taizhang serve --demo` adds the accounts.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('把演示数据（单位目录、5 份方案、模拟进展）载入空的数据目录，不启动服务')
    .option('--as-of <date>', '只模拟到该日为止发生的进展', isoDate)
    .action(async (o: { asOf?: string }) => {
      const store = await openStore(configFromEnv());
      try {
        const any = await store.db.selectFrom('plans').select('id').limit(1).executeTakeFirst();
        if (any)
          throw new AppError('conflict', '数据目录中已有方案：演示数据只载入空的数据目录（可另设 TAIZHANG_DATA）');
        const r = await loadDemoData(store, DEMO_DIR, o.asOf ? { asOf: o.asOf } : {});
        process.stdout.write(
          `已载入 ${r.plans} 份方案、${r.reports} 条进展报送${o.asOf ? `（模拟至 ${o.asOf}）` : ''}。\n`,
        );
      } finally {
        await store.close();
      }
    });
}
