import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { backupData, checkBackupFile, restoreData } from '../../services/backup-data.js';
import { checkAuditLog } from '../../services/verify-audit.js';
import { BACKUP_CIPHERS, type BackupCipher } from '../../store/backup-envelope.js';
import { migrateToLatest } from '../../store/migrate.js';
import { anchorAuditHead, configFromEnv, openStore } from '../../store/store.js';
import { withStore } from '../service-context.js';

export function registerAdmin(program: Command): void {
  program
    .command('backup')
    .description('备份全部数据（数据库与文件）到一个文件；运行中也可备份。写完后自动复核，复核通过才保留')
    .argument('<file>', '备份文件（.tar.gz；加密时为 .tzb）')
    .option('--passphrase-file <file>', '用文件中的口令加密备份（- 为标准输入）；口令至少 12 个字符')
    .option('--cipher <cipher>', `加密算法：${BACKUP_CIPHERS.join(' | ')}`, 'aes-256-gcm')
    .action(async (file: string, o: { passphraseFile?: string; cipher: string }) => {
      if (!(BACKUP_CIPHERS as readonly string[]).includes(o.cipher))
        throw new AppError('invalid-input', `不支持的加密算法「${o.cipher}」，可选：${BACKUP_CIPHERS.join('、')}`);
      const passphrase = o.passphraseFile ? readPassphrase(o.passphraseFile, true) : undefined;
      const m = await withStore((ctx) =>
        backupData(ctx, file, { ...(passphrase ? { passphrase, cipher: o.cipher as BackupCipher } : {}) }),
      );
      const rows = Object.values(m.counts).reduce((a, b) => a + b, 0);
      process.stdout.write(
        `已备份到 ${file}${passphrase ? '（已加密）' : ''}：${rows} 行数据，${m.files} 个文件；已复核可恢复\n`,
      );
    });

  program
    .command('restore')
    .description('从备份文件恢复到空数据库；任何一步失败都不留下任何数据或文件')
    .argument('<file>', '备份文件')
    .option('--passphrase-file <file>', '加密备份的口令文件（- 为标准输入）')
    .option('--check', '只复核备份文件是否完整可恢复，不写入数据库')
    .action(async (file: string, o: { passphraseFile?: string; check?: boolean }) => {
      const passphrase = o.passphraseFile ? readPassphrase(o.passphraseFile, false) : undefined;
      const options = passphrase ? { passphrase } : {};
      const m = o.check
        ? await checkBackupFile(file, options)
        : await withStore((ctx) => restoreData(ctx, file, options));
      const rows = Object.values(m.counts).reduce((a, b) => a + b, 0);
      process.stdout.write(
        o.check
          ? `备份 ${file} 完整（${m.createdAt}）：${rows} 行数据，${m.files} 个文件，校验全部相符\n`
          : `已恢复 ${m.createdAt} 的备份：${rows} 行数据，${m.files} 个文件\n`,
      );
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

/** A passphrase from a file (or standard input), never from the command line, where `ps` would show it. */
function readPassphrase(file: string, choosing: boolean): string {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new AppError('file-unreadable', `口令文件 ${file} 无法读取（${(e as NodeJS.ErrnoException).code ?? e}）`);
  }
  const passphrase = text.replace(/\r?\n$/, '');
  if (!passphrase) throw new AppError('invalid-input', `口令文件 ${file} 是空的`);
  if (choosing && [...passphrase].length < 12)
    throw new AppError('invalid-input', `口令文件 ${file} 中的口令太短：至少 12 个字符`);
  return passphrase;
}
