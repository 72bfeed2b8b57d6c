import { zhCore as zh } from '../i18n/zh-core';

/**
 * The one way the screens talk to the server: JSON or multipart, the session cookie sent along, the
 * session's CSRF token on every request that changes something, and `{error:{code,message}}` answers
 * turned into an ApiError carrying the server's message (already in Chinese, safe to show).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  json?: unknown;
  form?: FormData;
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrf(token: string | null): void {
  csrfToken = token;
}

/** Called when a request that needed a session got 401 (expired or logged out elsewhere). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.json !== undefined || options.form ? 'POST' : 'GET');
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', zh.errors.network);
  }
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
    const e = new ApiError(res.status, err?.code ?? 'http', err?.message ?? zh.errors.http(res.status));
    if (res.status === 401 && path !== '/api/session') onUnauthenticated?.();
    throw e;
  }
  return data as T;
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return zh.errors.unknown;
}

/** The file name the server gave (RFC 5987 `filename*=UTF-8''…`), else the fallback. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const m = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (!m?.[1]) return fallback;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return fallback;
  }
}

/**
 * A generated file (台账 export, 文书) fetched first and only then saved: a refusal arrives as the server's
 * message instead of a JSON page saved as a document. Resolves with the saved file's name.
 */
export async function download(path: string, query?: Query, fallbackName = 'download'): Promise<string> {
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', zh.errors.network);
  }
  if (!res.ok) {
    const data = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    if (res.status === 401) onUnauthenticated?.();
    throw new ApiError(res.status, data?.error?.code ?? 'http', data?.error?.message ?? zh.errors.http(res.status));
  }
  const name = fileNameOf(res.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later: the browser reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
