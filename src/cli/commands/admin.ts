import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { backupData, restoreData } from '../../services/backup-data.js';
import { checkAuditLog } from '../../services/verify-audit.js';
import { migrateToLatest } from '../../store/migrate.js';
import { anchorAuditHead, configFromEnv, openStore } from '../../store/store.js';
import { withStore } from '../service-context.js';

export function registerAdmin(program: Command): void {
  program
    .command('backup')
    .description('备份全部数据（数据库与文件）到一个文件；运行中也可备份')
    .argument('<file>', '备份文件（.zip）')
    .action(async (file: string) => {
      const m = await withStore((ctx) => backupData(ctx, file));
      const rows = Object.values(m.counts).reduce((a, b) => a + b, 0);
      process.stdout.write(`已备份到 ${file}：${rows} 行数据，${m.files} 个文件\n`);
    });

  program
    .command('restore')
    .description('从备份文件恢复到空数据库')
    .argument('<file>', '备份文件')
    .action(async (file: string) => {
      const m = await withStore((ctx) => restoreData(ctx, file));
      const rows = Object.values(m.counts).reduce((a, b) => a + b, 0);
      process.stdout.write(`已恢复 ${m.createdAt} 的备份：${rows} 行数据，${m.files} 个文件\n`);
    });

  program
    .command('db')
    .description('数据库维护')
    .command('migrate')
    .description('把数据库结构升级到当前版本（启动时也会自动执行）')
    .action(async () => {
      const store = await openStore({ ...configFromEnv(), migrate: false });
      try {
        const done = await migrateToLatest(store.db, store.dialect);
        process.stdout.write(done.length ? `已执行迁移：${done.join('、')}\n` : '数据库已是最新版本\n');
      } finally {
        await store.close();
      }
    });

  const audit = program.command('audit').description('审计日志');
  audit
    .command('verify')
    .description('用审计密钥与锚点文件校验审计日志的哈希链，发现篡改即报告')
    .action(async () => {
      const v = await withStore((ctx) => checkAuditLog(ctx));
      if (v.ok) {
        process.stdout.write(`审计日志完整：${v.events} 条记录，链头 ${v.head}，核对锚点 ${v.anchors ?? 0} 个\n`);
        return;
      }
      throw new AppError('conflict', `审计日志被篡改：第 ${v.brokenAt?.id} 条，${v.brokenAt?.reason}`);
    });
  audit
    .command('anchor')
    .description('把审计日志的链头（带签名）追加到锚点文件；服务运行时也定时写入')
    .action(async () => {
      const a = await withStore((ctx) => anchorAuditHead(ctx.store, ctx.now()));
      process.stdout.write(`${a.written ? '已写入锚点' : '链头未变，锚点已是最新'}：第 ${a.id} 条 ${a.hash}\n`);
    });
}
