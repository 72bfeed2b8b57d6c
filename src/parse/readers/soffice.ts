import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config } from '../../config.js';
import { AppError } from '../../domain/errors.js';
import type { ReaderContext } from './context.js';

/**
 * LibreOffice headless as a converter (an optional system dependency: Debian's libreoffice-writer-nogui).
 * Each conversion runs in a fresh temporary folder with its own user profile, so conversions can run side
 * by side, and is killed at the reader's time limit.
 */
let found: Promise<string | null> | null = null;

export function findSoffice(): Promise<string | null> {
  found ??= (async () => {
    const candidates = [
      config().readers.soffice,
      'soffice',
      'libreoffice',
      '/usr/bin/soffice',
      '/usr/lib/libreoffice/program/soffice',
    ];
    for (const c of candidates) {
      if (!c) continue;
      const ok = await new Promise<boolean>((resolve) => {
        execFile(c, ['--version'], { timeout: 20_000 }, (err) => resolve(!err));
      });
      if (ok) return c;
    }
    return null;
  })();
  return found;
}

export async function convertWithSoffice(
  soffice: string,
  bytes: Uint8Array,
  fromExt: string,
  toExt: string,
  ctx: ReaderContext,
): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'taizhang-convert-'));
  try {
    const input = join(dir, `input.${fromExt}`);
    await writeFile(input, bytes);
    const profile = `file://${join(dir, 'profile')}`;
    await new Promise<void>((resolve, reject) => {
      execFile(
        soffice,
        [
          `-env:UserInstallation=${profile}`,
          '--headless',
          '--norestore',
          '--convert-to',
          toExt,
          '--outdir',
          dir,
          input,
        ],
        { timeout: ctx.limits.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20 },
        (err, _stdout, stderr) => {
          if (err) {
            const timedOut = (err as NodeJS.ErrnoException & { killed?: boolean }).killed;
            reject(
              timedOut
                ? new AppError('timeout', `转换 ${ctx.label} 超时`)
                : new AppError('format-corrupt', `${ctx.label} 无法转换（文件可能已损坏）`, `${err.message} ${stderr}`),
            );
          } else resolve();
        },
      );
    });
    try {
      return await readFile(join(dir, `input.${toExt}`));
    } catch {
      throw new AppError('format-corrupt', `${ctx.label} 无法转换（文件可能已损坏或格式不符）`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
