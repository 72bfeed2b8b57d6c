import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppError } from '../../domain/errors.js';
import type { BlockDocument } from '../blocks.js';
import { BlockBuilder } from './builder.js';
import type { ReaderContext } from './context.js';
import type { Matrix, PageContent } from './geometry.js';
import { placeDoubts } from './ocr/doubts.js';
import { ocrTools, scanPages, withScratch } from './ocr/scan.js';
import { pagesToBlocks } from './page-flow.js';
import { layoutPage, type PageLayout } from './page-layout.js';
import { type OperatorList, type PdfFonts, readOperatorList } from './pdf-content.js';
import { portPair } from './pdf-port.js';
import type { FontInfo } from './pdf-text.js';

/**
 * PDF, read with pdf.js (legacy build for Node 20; in Node it runs its "worker" in this thread, which is
 * itself the isolated reader worker). Per page: the text with its positions and the ruling lines, both
 * from the operator list, reduced at once to a page layout so no page's operator list outlives its page.
 * Fonts are never fetched or installed; images are not decoded (text and lines are all that is needed).
 */
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfWorker = InstanceType<PdfJs['PDFWorker']>;

/** pdf.js's API and the worker half's entry point, which answers requests over a port. */
interface Library {
  pdfjs: PdfJs;
  workerSide: { initializeFromPort(port: unknown): void };
}

export async function readPdf(bytes: Uint8Array, ctx: ReaderContext): Promise<BlockDocument> {
  assertComplete(bytes, ctx.label);
  const lib = await loadPdfJs();
  const { pdfjs } = lib;
  const worker = startWorker(lib);
  const task = pdfjs.getDocument({
    worker,
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    // Font faces stay "enabled" so the worker does not trace every glyph's outline into a path for drawing
    // (what it does for disabled faces); installing the faces is switched off below instead.
    disableFontFace: false,
    useWasm: false,
    // Predefined CJK CMaps (UniGB-UCS2-H and kin) are read from the package's own files, never fetched.
    cMapUrl: cmapDir(),
    cMapPacked: true,
    // Images are only painted, never read: dropping them saves decoding scans and seals.
    maxImageSize: 1,
    verbosity: 0,
  });
  const b = new BlockBuilder();
  try {
    const doc = await task.promise.catch((e: unknown) => {
      throw openError(e, ctx.label);
    });
    skipFontInstall(doc);
    const count = Math.min(doc.numPages, ctx.limits.maxPages);
    if (doc.numPages > count) {
      b.notice('pages-truncated', `${ctx.label} 共 ${doc.numPages} 页，只读取了前 ${count} 页`);
    }
    const pages: PageLayout[] = [];
    const blank: PageContent[] = [];
    for (let n = 1; n <= count; n++) {
      const content = await readPage(doc, n, pdfjs).catch((e: unknown) => {
        throw new AppError('format-corrupt', `${ctx.label} 第 ${n} 页已损坏，无法读取`, String(e));
      });
      if (content.runs.length === 0) blank.push(content);
      pages.push(layoutPage(content));
    }
    const scan = blank.length ? await recognise(bytes, blank, pages, ctx, b) : null;
    pagesToBlocks(pages, b);
    const built = b.build('pdf', { pages: doc.numPages });
    if (scan) built.scanned = { pages: scan.pages, doubts: placeDoubts(built, scan.doubts, scan.sizes) };
    return built;
  } finally {
    await task.destroy();
    worker.destroy();
  }
}

/**
 * Pages without a text layer (scans) read by OCR into their place in `pages`, within the OCR page limit.
 * When OCR is unavailable, a document with no text at all is refused and one with some is read without them.
 */
async function recognise(
  bytes: Uint8Array,
  blank: PageContent[],
  pages: PageLayout[],
  ctx: ReaderContext,
  b: BlockBuilder,
) {
  const all = blank.length === pages.length;
  const tools = await ocrTools(ctx);
  if (typeof tools === 'string') {
    if (all) {
      throw new AppError(
        'format-scanned',
        `${ctx.label} 没有文字层（可能是扫描件或图片），${tools}，无法识别文字；请提供可复制文字的 PDF 或原始 Word 文件`,
      );
    }
    b.notice(
      'pages-without-text',
      `${ctx.label} 第 ${blank.map((p) => p.page).join('、')} 页没有文字层（扫描页或空白页），${tools}，其内容未读取`,
    );
    return null;
  }
  const todo = blank.slice(0, ctx.limits.maxOcrPages);
  if (blank.length > todo.length) {
    b.notice(
      'ocr-pages-truncated',
      `${ctx.label} 有 ${blank.length} 页需要文字识别，只识别了前 ${todo.length} 页（第 ${blank[todo.length]!.page} 页起未读取）`,
    );
  }
  const dpi = ctx.ocr?.dpi ?? 200;
  const result = await withScratch(async (dir) => {
    const pdf = join(dir, 'input.pdf');
    await writeFile(pdf, bytes);
    return scanPages(
      todo.map((c) => ({ page: c.page, pdf, widthPt: c.width, heightPt: c.height, dpi })),
      tools,
      ctx,
      dir,
    );
  });
  const read: number[] = [];
  for (const content of result.contents) {
    if (content.runs.length === 0) continue;
    read.push(content.page);
    pages[content.page - 1] = layoutPage({ ...content, scanned: true });
  }
  if (read.length === 0 && all) {
    throw new AppError(
      'format-scanned',
      `${ctx.label} 没有文字层，文字识别（OCR）也未识别出文字；请提供更清晰的扫描件或原始文件`,
    );
  }
  const empty = result.contents.filter((c) => c.runs.length === 0).map((c) => c.page);
  if (empty.length) {
    b.notice(
      'pages-without-text',
      `${ctx.label} 第 ${empty.join('、')} 页没有文字层，文字识别也未识别出文字（空白页？）`,
    );
  }
  if (read.length) {
    b.notice('ocr', `${ctx.label} 第 ${read.join('、')} 页是扫描图像，文字由 OCR 识别，请对照原件核对`);
  }
  const sizes = new Map(result.contents.map((c) => [c.page, { width: c.width, height: c.height }]));
  return { pages: read, doubts: result.doubts, sizes };
}

/** A pdf.js worker in this thread, reached over a port that copies messages in script (see pdf-port). */
function startWorker({ pdfjs, workerSide }: Library): PdfWorker {
  const [api, side] = portPair();
  workerSide.initializeFromPort(side);
  // A worker given its port is left to its owner by getDocument: readPdf destroys it after the document.
  return new pdfjs.PDFWorker({ port: api as unknown as null, verbosity: 0 });
}

type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

async function readPage(doc: PdfDocument, n: number, pdfjs: PdfJs): Promise<PageContent> {
  const page = await doc.getPage(n);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const base = viewport.transform as unknown as Matrix;
    // Annotations (form fields, stamps) are not the document's text: left out, as text extraction does.
    const list = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
    const fonts: PdfFonts = {
      font: (name) => (page.commonObjs.has(name) ? (page.commonObjs.get(name) as FontInfo) : null),
      normalize: pdfjs.normalizeUnicode,
    };
    const { runs, rules } = readOperatorList(list as OperatorList, pdfjs.OPS, base, fonts);
    return { page: n, width: viewport.width, height: viewport.height, runs, rules };
  } finally {
    page.cleanup();
  }
}

/**
 * pdf.js hands each font it sends over to its font loader, which installs it as a face in a document (a
 * DOM in browsers; in Node there is none, and the failure makes the worker trace every glyph as a path).
 * Text is never drawn here, so the loader is made to skip it: fonts then arrive with their metrics only.
 */
function skipFontInstall(doc: PdfDocument): void {
  const transport = (doc as unknown as { _transport?: { fontLoader?: { bind?: unknown } } })._transport;
  if (transport?.fontLoader) transport.fontLoader.bind = async () => {};
}

let loaded: Promise<Library> | null = null;
// Named through a constant: the package ships no types for its worker module.
const WORKER = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

/**
 * pdf.js's legacy build brings core-js, which replaces the engine's own `Array.prototype.push` (for an
 * edge case of array-likes longer than 2^32) with a script version that makes pdf.js itself — font
 * conversion pushes every byte — about twice as slow. Both modules (the API and the worker half) are
 * loaded before the native method is put back.
 */
function loadPdfJs(): Promise<Library> {
  loaded ??= (async () => {
    const push = Object.getOwnPropertyDescriptor(Array.prototype, 'push')!;
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const worker = (await import(WORKER)) as { WorkerMessageHandler: Library['workerSide'] };
    Object.defineProperty(Array.prototype, 'push', push);
    return { pdfjs, workerSide: worker.WorkerMessageHandler };
  })();
  return loaded;
}

function cmapDir(): string {
  const require = createRequire(import.meta.url);
  return `${join(dirname(require.resolve('pdfjs-dist/package.json')), 'cmaps')}/`;
}

/**
 * A PDF cut short in transfer lacks its end marker, and pdf.js would quietly read what is left. The marker
 * is looked for near the end, past any padding (NULs, blanks) that some systems append.
 */
function assertComplete(bytes: Uint8Array, label: string): void {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0 || bytes[end - 1]! <= 0x20)) end--;
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, end)
    .subarray(Math.max(0, end - 2048))
    .toString('latin1');
  if (!tail.includes('%%EOF')) {
    throw new AppError('format-corrupt', `${label} 不完整（文件末尾缺失，可能下载或传输中断），无法读取`, 'no %%EOF');
  }
}

function openError(e: unknown, label: string): AppError {
  const name = (e as { name?: string })?.name ?? '';
  if (name === 'PasswordException') {
    return new AppError('format-encrypted', `${label} 设有打开密码，无法读取；请提供未加密的文件`, String(e));
  }
  return new AppError('format-corrupt', `${label} 已损坏或不是有效的 PDF 文件，无法读取`, String(e));
}
