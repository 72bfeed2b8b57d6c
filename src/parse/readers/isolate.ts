import { Worker } from 'node:worker_threads';
import { config } from '../../config.js';
import { AppError, type ErrorCode } from '../../domain/errors.js';
import type { BlockDocument } from '../blocks.js';
import type { ReaderContext } from './context.js';
import type { ReadReply, ReadRequest } from './worker.js';

/**
 * Runs readers of structured formats in a worker thread with a heap limit and a deadline. One worker is
 * kept warm and reused; a worker that times out, runs out of memory or crashes is discarded and the next
 * read starts a fresh one. `TAIZHANG_READER_ISOLATION=0` reads in-process (debugging).
 */
const HEAP_MB = 768;

type Pending = Map<
  number,
  { resolve: (d: unknown) => void; reject: (e: unknown) => void; extend?: (ms: number) => void }
>;

/** The warm worker and the reads it owes; a discarded worker's late exit touches only its own reads. */
let current: { worker: Worker; pending: Pending } | null = null;
let nextId = 1;

function spawn(): { worker: Worker; pending: Pending } {
  const pending: Pending = new Map();
  const resourceLimits = { maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: 64 };
  // Under the test runner the sources are TypeScript: the worker registers tsx before loading them.
  const w = import.meta.url.endsWith('.ts')
    ? new Worker(
        `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); });`,
        { eval: true, resourceLimits },
      )
    : new Worker(new URL('./worker.js', import.meta.url), { resourceLimits });
  w.unref();
  w.on('message', (reply: ReadReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    if ('extend' in reply) {
      p.extend?.(reply.extend);
      return;
    }
    pending.delete(reply.id);
    if ('doc' in reply) p.resolve(reply.doc);
    else if ('code' in reply.error)
      p.reject(new AppError(reply.error.code as ErrorCode, reply.error.userMessage, reply.error.message));
    else p.reject(new Error(reply.error.message));
  });
  const fail = (err: unknown): void => {
    if (current?.worker === w) current = null;
    const oom = (err as NodeJS.ErrnoException)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(oom ? new AppError('format-unsafe', '读取该文件所需内存超出限制，已停止') : err);
    }
  };
  w.on('error', fail);
  w.on('exit', (code) => {
    if (current?.worker === w) current = null;
    if (pending.size) fail(new Error(`reader worker exited with code ${code}`));
  });
  return { worker: w, pending };
}

export function readIsolated(format: string, bytes: Uint8Array, ctx: ReaderContext): Promise<BlockDocument> {
  return runIsolated<BlockDocument>(format, bytes, ctx);
}

/** Any job of the worker (a reader, or the rows of a sheet for the unit directory), under the same bounds. */
export function runIsolated<T>(format: string, bytes: Uint8Array, ctx: ReaderContext): Promise<T> {
  if (!config().readers.isolated) {
    return import('./worker.js').then((m) => m.runRead(format, bytes, ctx) as Promise<T>);
  }
  current ??= spawn();
  const { worker: w, pending } = current;
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    const expire = (ms: number) =>
      setTimeout(() => {
        pending.delete(id);
        if (current?.worker === w) current = null;
        void w.terminate();
        reject(new AppError('timeout', `读取 ${ctx.label} 超时（${Math.round(ms / 1000)} 秒），已停止`));
      }, ms);
    let timer = expire(ctx.limits.timeoutMs);
    pending.set(id, {
      // OCR asks before each page (itself killed at its own deadline): the deadline moves, never beyond
      // what the reader's page limits allow.
      extend: (ms) => {
        clearTimeout(timer);
        timer = expire(Math.max(ms, ctx.limits.timeoutMs));
      },
      resolve: (d) => {
        clearTimeout(timer);
        resolve(d as T);
      },
      reject: (e) => {
        clearTimeout(timer);
        reject(e);
      },
    });
    w.ref();
    // The worker gets its own copy to own: transferring the caller's buffer would detach it (a Node Buffer's
    // slice() is a view, and a small Buffer may share the pool's ArrayBuffer with unrelated bytes).
    const own = new Uint8Array(bytes.byteLength);
    own.set(bytes);
    const req: ReadRequest = { id, format, bytes: own, ctx };
    w.postMessage(req, [own.buffer]);
  }).finally(() => {
    if (pending.size === 0) w.unref();
  });
}
