import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Gray, readPgm } from './gray.js';

/**
 * One PDF page rasterised in grey by poppler's `pdftoppm` (Debian's poppler-utils), killed at its deadline.
 * The page's size is checked against the pixel limit before this is called (see scan.ts).
 */
export async function rasterisePage(
  pdftoppm: string,
  pdfPath: string,
  page: number,
  dpi: number,
  dir: string,
  timeoutMs: number,
): Promise<Gray> {
  const out = join(dir, `page-${page}`);
  await new Promise<void>((resolve, reject) => {
    execFile(
      pdftoppm,
      ['-f', String(page), '-l', String(page), '-r', String(dpi), '-gray', '-singlefile', pdfPath, out],
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20 },
      (err, _stdout, stderr) => {
        if (err)
          reject(
            Object.assign(new Error(`pdftoppm failed: ${err.message} ${stderr}`), {
              killed: (err as { killed?: boolean }).killed,
            }),
          );
        else resolve();
      },
    );
  });
  return readPgm(await readFile(`${out}.pgm`));
}

let found: Promise<string | null> | null = null;

export function findPdftoppm(configured: string | null): Promise<string | null> {
  found ??= (async () => {
    for (const c of [configured, 'pdftoppm', '/usr/bin/pdftoppm']) {
      if (!c) continue;
      const ok = await new Promise<boolean>((resolve) => {
        execFile(c, ['-v'], { timeout: 20_000 }, (err) => resolve(!err));
      });
      if (ok) return c;
    }
    return null;
  })();
  return found;
}
