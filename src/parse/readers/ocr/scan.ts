import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../domain/errors.js';
import type { ReaderContext } from '../context.js';
import { extendDeadline } from '../deadline.js';
import type { PageContent } from '../geometry.js';
import { type Gray, writePgm } from './gray.js';
import { type Doubt, pageFromOcr } from './page.js';
import { findPdftoppm, rasterisePage } from './raster.js';
import { eraseRules, findPixelRules } from './rules.js';
import { findTesseract, OcrTimeout, runTesseract } from './tesseract.js';

/**
 * Text recognition of page images, page by page within the reader's limits: at most `maxOcrPages` pages,
 * each at most `maxOcrPixels` pixels, each page's rasterising and recognition killed at `ocrPageTimeoutMs`
 * (the reader worker's deadline is extended by that much per page, so a long scan is not cut off whole).
 */
export interface ScannedPages {
  contents: PageContent[];
  doubts: Doubt[];
}

/** A page to recognise: a PDF page (rasterised by poppler) or an image already decoded. */
export type PageSource =
  | { page: number; pdf: string; widthPt: number; heightPt: number; dpi: number }
  | { page: number; gray: () => Promise<Gray>; ptPerPx: number; width: number; height: number };

/** Whether OCR can run here: the setting is on and tesseract (chi_sim) and pdftoppm are installed. */
export async function ocrTools(ctx: ReaderContext): Promise<{ tesseract: string; pdftoppm: string } | string> {
  if (!ctx.ocr?.enabled) return '文字识别（OCR）未启用（TAIZHANG_OCR=off）';
  const tesseract = await findTesseract(ctx.ocr.tesseract);
  if (!tesseract) return '本机未安装 tesseract 中文识别（Debian 软件包 tesseract-ocr、tesseract-ocr-chi-sim）';
  const pdftoppm = await findPdftoppm(ctx.ocr.pdftoppm);
  if (!pdftoppm) return '本机未安装 pdftoppm（Debian 软件包 poppler-utils）';
  return { tesseract, pdftoppm };
}

export async function scanPages(
  sources: readonly PageSource[],
  tools: { tesseract: string; pdftoppm: string },
  ctx: ReaderContext,
  dir: string,
): Promise<ScannedPages> {
  const { maxOcrPixels, ocrPageTimeoutMs } = ctx.limits;
  const out: ScannedPages = { contents: [], doubts: [] };
  for (const src of sources) {
    const where = `${ctx.label} 第 ${src.page} 页`;
    const [w, h] =
      'pdf' in src
        ? [Math.ceil((src.widthPt * src.dpi) / 72), Math.ceil((src.heightPt * src.dpi) / 72)]
        : [src.width, src.height];
    if (w * h > maxOcrPixels) {
      throw new AppError(
        'format-unsafe',
        `${where}的图像为 ${w}×${h} 像素，超过文字识别上限 ${Math.round(maxOcrPixels / 1e6)} 百万像素；请缩小后再上传`,
      );
    }
    extendDeadline(ocrPageTimeoutMs * 2);
    const started = Date.now();
    const left = () => Math.max(1, ocrPageTimeoutMs - (Date.now() - started));
    const timeout = () =>
      new AppError(
        'timeout',
        `${where}的文字识别超时（限 ${ctx.limits.ocrPageCpuSeconds} 秒处理器时间、${Math.round(ocrPageTimeoutMs / 1000)} 秒总时长），已停止`,
      );
    let gray: Gray;
    try {
      gray =
        'pdf' in src ? await rasterisePage(tools.pdftoppm, src.pdf, src.page, src.dpi, dir, left()) : await src.gray();
    } catch (e) {
      if ((e as { killed?: boolean }).killed) throw timeout();
      throw new AppError('format-corrupt', `${where}的图像无法读取，文件可能已损坏`, String(e));
    }
    const ptPerPx = 'pdf' in src ? 72 / src.dpi : src.ptPerPx;
    // Rules at least ~8 mm long: longer than any stroke of a character at body sizes.
    const rules = findPixelRules(gray, Math.round(22 / ptPerPx));
    const image = join(dir, `ocr-${src.page}.pgm`);
    await writeFile(image, writePgm(eraseRules(gray, rules)));
    let words: Awaited<ReturnType<typeof runTesseract>>;
    try {
      words = await runTesseract(tools.tesseract, image, {
        lang: 'chi_sim',
        // A ruled table page is read as sparse text (--psm 11): page segmentation (--psm 3) drops narrow
        // columns once the rules are erased, but keeps prose lines together better.
        psm: rules.filter((r) => r.axis === 'v').length >= 2 ? 11 : 3,
        timeoutMs: left(),
        cpuSeconds: ctx.limits.ocrPageCpuSeconds,
        dpi: Math.round(72 / ptPerPx),
      });
    } catch (e) {
      if (e instanceof OcrTimeout) throw timeout();
      throw new AppError('format-corrupt', `${where}的文字识别失败`, String(e));
    }
    const page = pageFromOcr(words, rules, { page: src.page, width: gray.width, height: gray.height, ptPerPx });
    out.contents.push(page.content);
    out.doubts.push(...page.doubts);
  }
  return out;
}

/** A private temporary folder for one document's page images, removed afterwards whatever happens. */
export async function withScratch<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'taizhang-ocr-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
