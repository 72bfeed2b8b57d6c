import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared materials (seeds, gold, scorer, fixtures) live beside the repository. */
export const sharedDir = resolve(process.env.TAIZHANG_SHARED ?? resolve(repoRoot, '../shared'));

export function requireShared(): string {
  if (!existsSync(resolve(sharedDir, 'tools/score-plan.mjs'))) {
    throw new Error(`../shared not found at ${sharedDir}: set TAIZHANG_SHARED to the shared materials`);
  }
  return sharedDir;
}
