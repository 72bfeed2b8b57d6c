import { parentPort } from 'node:worker_threads';
import { AppError } from '../../domain/errors.js';
import type { BlockDocument } from '../blocks.js';
import type { Reader, ReaderContext } from './context.js';
import { setDeadlineExtender } from './deadline.js';

/**
 * The reader worker: reads one document per message with the reader for its format. It runs in its own
 * thread with a heap limit, so a hostile file that makes a reader loop or balloon is cut off by the main
 * thread (timeout → terminate, heap limit → worker exit) without harming the process.
 */
export interface ReadRequest {
  id: number;
  format: string;
  bytes: Uint8Array;
  ctx: ReaderContext;
}

export type ReadReply =
  | { id: number; doc: BlockDocument | string[][] }
  /** Not a reply: the read asks for its deadline to be moved to `extend` ms from now (OCR, page by page). */
  | { id: number; extend: number }
  | { id: number; error: { code: string; userMessage: string; message: string } | { message: string } };

const loaders: Record<string, () => Promise<Reader>> = {
  html: async () => (await import('./html.js')).readHtml,
  docx: async () => (await import('./docx.js')).readDocx,
  xlsx: async () => (await import('./xlsx.js')).readXlsx,
  ole: async () => (await import('./ole.js')).readOle,
  pdf: async () => (await import('./pdf.js')).readPdf,
  image: async () => (await import('./image.js')).readImage,
  ofd: async () => (await import('./ofd.js')).readOfd,
};

/** Jobs that are not plan readers: the first sheet of a workbook as rows of text (the unit directory). */
const jobs: Record<string, (bytes: Uint8Array, ctx: ReaderContext) => Promise<string[][]>> = {
  'xlsx-rows': async (bytes, ctx) => (await import('./xlsx.js')).readSheetRows(bytes, ctx),
};

export async function runRead(
  format: string,
  bytes: Uint8Array,
  ctx: ReaderContext,
): Promise<BlockDocument | string[][]> {
  const job = jobs[format];
  if (job) return job(bytes, ctx);
  const load = loaders[format];
  if (!load) throw new AppError('format-unsupported', `无法识别 ${ctx.label} 的文件格式`);
  return (await load())(bytes, ctx);
}

parentPort?.on('message', async (req: ReadRequest) => {
  let reply: ReadReply;
  setDeadlineExtender((ms) => parentPort?.postMessage({ id: req.id, extend: ms } satisfies ReadReply));
  try {
    reply = { id: req.id, doc: await runRead(req.format, req.bytes, req.ctx) };
  } catch (e) {
    reply =
      e instanceof AppError
        ? { id: req.id, error: { code: e.code, userMessage: e.userMessage, message: e.message } }
        : { id: req.id, error: { message: (e as Error)?.stack ?? String(e) } };
  }
  setDeadlineExtender(null);
  parentPort?.postMessage(reply);
});
