import { basename } from 'node:path';
import { type BackupManifest, backup, checkBackup, restore } from '../store/backup.js';
import type { BackupCipher } from '../store/backup-envelope.js';
import { recordBackupEvent } from './audit-log.js';
import { isoNow, type ServiceContext } from './context.js';
import { authorize } from './policy.js';

/** Backup and restore of everything: database rows and stored files (see store/backup). */
export async function backupData(
  ctx: ServiceContext,
  file: string,
  options: { passphrase?: string; cipher?: BackupCipher } = {},
): Promise<BackupManifest> {
  authorize(ctx.actor, 'backup');
  const m = await backup(ctx.store, file, isoNow(ctx), options);
  await recordBackupEvent(ctx.store, ctx.actor, ctx.now(), {
    kind: 'backup',
    file: basename(file),
    detail: { rows: summed(m.counts), files: m.files, sealed: !!options.passphrase, auditHead: m.auditHead },
  });
  return m;
}

export async function restoreData(
  ctx: ServiceContext,
  file: string,
  options: { passphrase?: string } = {},
): Promise<BackupManifest> {
  authorize(ctx.actor, 'backup');
  const m = await restore(ctx.store, file, options);
  // Recorded in the restored log, continuing its chain: the auditor sees when and from what it came back.
  await recordBackupEvent(ctx.store, ctx.actor, ctx.now(), {
    kind: 'restore',
    file: basename(file),
    detail: { createdAt: m.createdAt, rows: summed(m.counts), files: m.files, auditHead: m.auditHead },
  });
  return m;
}

const summed = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** Reads a backup through and checks every part, touching no database: is this file restorable? */
export async function checkBackupFile(file: string, options: { passphrase?: string } = {}): Promise<BackupManifest> {
  return checkBackup(file, options.passphrase);
}
