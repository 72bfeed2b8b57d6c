import { AppError } from '../domain/errors.js';

/**
 * Files from a multipart body, checked for count and size. The name a browser sent is kept for display
 * only (never a path); the content decides the type, in the service that takes the file.
 */
export interface Upload {
  name: string;
  bytes: Uint8Array;
}

export async function uploadedFiles(field: unknown, limits: { max: number; maxBytes: number }): Promise<Upload[]> {
  const items = (Array.isArray(field) ? field : field === undefined ? [] : [field]).filter(
    (f): f is File => f instanceof File,
  );
  if (items.length > limits.max) throw new AppError('invalid-input', `一次最多上传 ${limits.max} 个文件`);
  const out: Upload[] = [];
  for (const f of items) {
    if (f.size > limits.maxBytes)
      throw new AppError('file-too-large', `文件「${f.name}」过大，上限为 ${Math.round(limits.maxBytes / 1048576)} MB`);
    if (f.size === 0) throw new AppError('file-empty', `文件「${f.name}」是空的`);
    out.push({ name: f.name || '未命名文件', bytes: new Uint8Array(await f.arrayBuffer()) });
  }
  return out;
}
