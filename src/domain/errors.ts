/**
 * The one error type the system raises on purpose: a stable code, a message safe to show users (Chinese),
 * and a technical detail for logs. Anything else that escapes is an internal error and is never shown raw.
 */
export type ErrorCode =
  | 'file-unreadable'
  | 'file-empty'
  | 'file-too-large'
  | 'format-unsupported'
  | 'format-corrupt'
  | 'format-encrypted'
  | 'format-scanned'
  | 'format-unsafe'
  | 'invalid-input'
  | 'not-found'
  | 'forbidden'
  | 'conflict'
  | 'busy'
  | 'too-many'
  | 'storage-full'
  | 'timeout';

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Shown to users. */
  readonly userMessage: string;
  /** Structured data a screen can act on (e.g. the checklist that blocks a confirm); safe to show. */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    userMessage: string,
    detail?: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(detail ?? userMessage, options);
    this.name = 'AppError';
    this.code = code;
    this.userMessage = userMessage;
    this.details = options?.details;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
