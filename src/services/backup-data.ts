import { type BackupManifest, backup, restore } from '../store/backup.js';
import { isoNow, type ServiceContext } from './context.js';
import { authorize } from './policy.js';

/** Backup and restore of everything: database rows and stored files (see store/backup). */
export async function backupData(ctx: ServiceContext, file: string): Promise<BackupManifest> {
  authorize(ctx.actor, 'backup');
  return backup(ctx.store, file, isoNow(ctx));
}

export async function restoreData(ctx: ServiceContext, file: string): Promise<BackupManifest> {
  authorize(ctx.actor, 'backup');
  return restore(ctx.store, file);
}
