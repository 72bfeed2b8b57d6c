import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../domain/errors.js';
import type { BlockDocument } from '../blocks.js';
import { BlockBuilder } from './builder.js';
import type { ReaderContext } from './context.js';
import { placeDoubts } from './ocr/doubts.js';
import { decodePng, imageSize, jpegAsPdf, jpegComponents } from './ocr/gray.js';
import { rasterisePage } from './ocr/raster.js';
import { ocrTools, scanPages, withScratch } from './ocr/scan.js';
import { pagesToBlocks } from './page-flow.js';
import { layoutPage } from './page-layout.js';

/**
 * A photo or scan of one page (PNG or JPEG), read by OCR. The image is taken as an A4-wide page: layout
 * judgements are made in points, and a page's text sizes are about the same whatever the camera.
 * PNG is decoded here (zlib); JPEG is handed to poppler wrapped in a one-page PDF.
 */
const PAGE_WIDTH_PT = 595;

export async function readImage(bytes: Uint8Array, ctx: ReaderContext): Promise<BlockDocument> {
  const size = imageSize(bytes);
  if (!size || size.width === 0 || size.height === 0) {
    throw new AppError('format-corrupt', `${ctx.label} 不是完整的 PNG 或 JPEG 图片，无法读取`);
  }
  const tools = await ocrTools(ctx);
  if (typeof tools === 'string') {
    throw new AppError('format-scanned', `${ctx.label} 是图片，${tools}，无法识别其中文字`);
  }
  const { width, height } = size;
  const b = new BlockBuilder();
  const scan = await withScratch(async (dir) => {
    const gray = async () => {
      if (size.kind === 'png') return decodePng(bytes);
      const pdf = join(dir, 'photo.pdf');
      await writeFile(pdf, jpegAsPdf(bytes, width, height, jpegComponents(bytes)));
      return rasterisePage(tools.pdftoppm, pdf, 1, 72, dir, ctx.limits.ocrPageTimeoutMs);
    };
    return scanPages([{ page: 1, gray, ptPerPx: PAGE_WIDTH_PT / width, width, height }], tools, ctx, dir);
  });
  const content = scan.contents[0];
  if (!content || content.runs.length === 0) {
    throw new AppError('format-scanned', `${ctx.label} 中未识别出文字；请提供更清晰的图片或原始文件`);
  }
  b.notice('ocr', `${ctx.label} 是图片，文字由 OCR 识别，请对照原件核对`);
  pagesToBlocks([layoutPage({ ...content, scanned: true })], b);
  const doc = b.build('image', { pages: 1 });
  const sizes = new Map([[1, { width: content.width, height: content.height }]]);
  doc.scanned = { pages: [1], doubts: placeDoubts(doc, scan.doubts, sizes) };
  return doc;
}
