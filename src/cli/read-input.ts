import { readFile, stat } from 'node:fs/promises';
import { AppError } from '../domain/errors.js';
import { MAX_INPUT_BYTES } from '../parse/index.js';

/** Reads a file argument, or standard input for «-», with a clear error naming the file and the reason. */
export async function readInput(file: string): Promise<Uint8Array> {
  if (file === '-') return readStdin();
  let size: number;
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw new AppError('file-unreadable', `无法读取 ${file}：这是一个目录`);
    size = s.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('file-unreadable', `无法读取 ${file}：${reason(e)}`, String(e));
  }
  if (size > MAX_INPUT_BYTES) {
    throw new AppError(
      'file-too-large',
      `无法读取 ${file}：文件过大（${Math.round(size / 1048576)} MB），上限为 64 MB`,
    );
  }
  try {
    return await readFile(file);
  } catch (e) {
    throw new AppError('file-unreadable', `无法读取 ${file}：${reason(e)}`, String(e));
  }
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return '文件不存在';
  if (code === 'EACCES' || code === 'EPERM') return '没有读取权限';
  if (code === 'EISDIR') return '这是一个目录';
  return (e as Error).message ?? String(e);
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    total += b.length;
    if (total > MAX_INPUT_BYTES) throw new AppError('file-too-large', '标准输入过大，上限为 64 MB');
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
