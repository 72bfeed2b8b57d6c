import { type BackupManifest, backup, checkBackup, restore } from '../store/backup.js';
import type { BackupCipher } from '../store/backup-envelope.js';
import { isoNow, type ServiceContext } from './context.js';
import { authorize } from './policy.js';

/** Backup and restore of everything: database rows and stored files (see store/backup). */
export async function backupData(
  ctx: ServiceContext,
  file: string,
  options: { passphrase?: string; cipher?: BackupCipher } = {},
): Promise<BackupManifest> {
  authorize(ctx.actor, 'backup');
  return backup(ctx.store, file, isoNow(ctx), options);
}

export async function restoreData(
  ctx: ServiceContext,
  file: string,
  options: { passphrase?: string } = {},
): Promise<BackupManifest> {
  authorize(ctx.actor, 'backup');
  return restore(ctx.store, file, options);
}

/** Reads a backup through and checks every part, touching no database: is this file restorable? */
export async function checkBackupFile(file: string, options: { passphrase?: string } = {}): Promise<BackupManifest> {
  return checkBackup(file, options.passphrase);
}
