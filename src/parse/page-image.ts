import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { config } from '../config.js';
import { AppError } from '../domain/errors.js';
import { detectFormat } from './readers/detect.js';
import { imageSize } from './readers/ocr/gray.js';
import { findPdftoppm } from './readers/ocr/raster.js';
import { withScratch } from './readers/ocr/scan.js';

/**
 * One page of a source document as an image for review (the page a scanned task was read from, its box
 * drawn over it by the screen): a photo as it was uploaded, a PDF page rendered by poppler at screen size.
 */
const DPI = 100;
const TIMEOUT_MS = 60_000;

export async function pageImage(
  bytes: Uint8Array,
  page: number,
  label: string,
): Promise<{ bytes: Uint8Array; mime: 'image/png' | 'image/jpeg' }> {
  const format = detectFormat(bytes);
  if (format === 'image') {
    if (page !== 1) throw new AppError('not-found', `${label} 只有 1 页`);
    return { bytes, mime: imageSize(bytes)?.kind === 'jpeg' ? 'image/jpeg' : 'image/png' };
  }
  if (format !== 'pdf') throw new AppError('not-found', `${label} 不是 PDF 或图片，没有页面图像`);
  const pdftoppm = await findPdftoppm(config().readers.ocr.pdftoppm);
  if (!pdftoppm) throw new AppError('format-unsupported', '本机未安装 pdftoppm（poppler-utils），无法显示页面图像');
  return withScratch(async (dir) => {
    const input = join(dir, 'source.pdf');
    await writeFile(input, bytes);
    const out = join(dir, 'page');
    await new Promise<void>((resolve, reject) => {
      execFile(
        pdftoppm,
        ['-f', String(page), '-l', String(page), '-r', String(DPI), '-png', '-singlefile', input, out],
        { timeout: TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 1 << 20 },
        (err) =>
          err
            ? reject(new AppError('not-found', `${label} 没有第 ${page} 页，或该页无法显示`, String(err)))
            : resolve(),
      );
    });
    return { bytes: await readFile(`${out}.png`), mime: 'image/png' as const };
  });
}
