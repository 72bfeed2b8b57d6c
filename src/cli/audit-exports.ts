import type { Command } from 'commander';
import { recordDownload } from '../services/audit-log.js';
import { operatorActor } from '../services/context.js';
import { configFromEnv, openStore } from '../store/store.js';

/**
 * Exports from the command line (the 台账 sheet, 考核, 公文, the unit directory) are audited like downloads
 * from the web: which command, with what, by whom — recorded after the command has done its work.
 */
const EXPORTS = new Set(['export', 'score', 'units export']);

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export async function auditCliExport(cmd: Command): Promise<void> {
  const path = commandPath(cmd);
  if (!EXPORTS.has(path) && !path.startsWith('doc ')) return;
  const store = await openStore(configFromEnv());
  try {
    await recordDownload(store, operatorActor(), new Date(), {
      path: `taizhang ${path}`,
      fileName: JSON.stringify({ args: cmd.args, options: cmd.opts() }).slice(0, 500),
      bytes: 0,
    });
  } finally {
    await store.close();
  }
}
