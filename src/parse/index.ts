import { config } from '../config.js';
import type { WorkingDayCalendar } from '../domain/calendar.js';
import type { Deadline } from '../domain/deadline.js';
import { AppError } from '../domain/errors.js';
import type { ParsedPlan, PlanUnit } from '../domain/plan.js';
import type { BlockDocument } from './blocks.js';
import { normalizeDeadline } from './extract/deadline.js';
import { parseResponsibility } from './extract/units.js';
import { planFromBlocks } from './pipeline.js';
import type { ReaderContext } from './readers/context.js';
import { type DocumentFormat, detectFormat } from './readers/detect.js';
import { readIsolated, runIsolated } from './readers/isolate.js';
import { DEFAULT_LIMITS, type ReaderLimits } from './readers/limits.js';
import { readTextBytes } from './readers/text.js';

export type { BlockDocument } from './blocks.js';
export type { DocumentFormat } from './readers/detect.js';

export interface ParseOptions {
  /** The file name, for messages and the plan's source record (the format is detected from content). */
  name?: string | null;
  calendar?: WorkingDayCalendar;
  limits?: Partial<ReaderLimits>;
  /** Path of LibreOffice's soffice for .doc/.wps; found on PATH when not given, `null` to never use it. */
  soffice?: string | null;
}

/** Largest input accepted: plans are a few hundred KB; anything near this is not a plan. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

const STRUCTURED: ReadonlySet<DocumentFormat> = new Set(['html', 'docx', 'xlsx', 'ole', 'pdf', 'ofd', 'image']);

/** Reads any supported document into the block model. */
export async function readBlocks(bytes: Uint8Array, options: ParseOptions = {}): Promise<BlockDocument> {
  const label = options.name ?? '输入';
  if (bytes.length === 0) throw new AppError('file-empty', `文件为空：${label}`);
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new AppError(
      'file-too-large',
      `文件过大（${Math.round(bytes.length / 1048576)} MB），上限为 64 MB：${label}`,
    );
  }
  const format = detectFormat(bytes);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  if ((format === 'txt' || format === 'html') && bytes.length > limits.maxTextBytes)
    throw new AppError(
      'file-too-large',
      `${label} 是 ${Math.round(bytes.length / 1048576)} MB 的${format === 'txt' ? '纯文本' : '网页'}，超过上限 ${Math.round(limits.maxTextBytes / 1048576)} MB（一份工作方案的文本通常不到 1 MB）`,
    );
  if (format === 'txt') return readTextBytes(bytes);
  if (!STRUCTURED.has(format)) {
    throw new AppError(
      'format-unsupported',
      format === 'zip'
        ? `${label} 是压缩包，不是可识别的文档格式`
        : `无法识别 ${label} 的文件格式（不是文本、Word、PDF、网页、Excel、OFD 文件或 PNG/JPEG 图片）`,
      `format ${format}`,
    );
  }
  const ctx: ReaderContext = { label, limits, ocr: config().readers.ocr };
  if (options.soffice !== undefined) ctx.soffice = options.soffice;
  // Readers of structured formats run isolated (own heap, deadline): each loads only when its format arrives.
  return readIsolated(format, bytes, ctx);
}

/**
 * The first sheet of an .xlsx workbook as rows of text (the unit directory's sheet), read in the reader
 * worker under the same limits as a plan — archive, row count, heap and a deadline.
 */
export async function readSheetRows(
  bytes: Uint8Array,
  options: { name?: string; limits?: Partial<ReaderLimits> } = {},
): Promise<string[][]> {
  const label = options.name ?? '输入';
  if (bytes.length === 0) throw new AppError('file-empty', `文件为空：${label}`);
  if (detectFormat(bytes) !== 'xlsx') throw new AppError('format-unsupported', `${label} 不是 Excel（.xlsx）文件`);
  return runIsolated<string[][]>('xlsx-rows', bytes, { label, limits: { ...DEFAULT_LIMITS, ...options.limits } });
}

/** Parses a work plan document into the plan (see PARSE_CONTRACT and README). */
export async function parsePlan(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedPlan> {
  const doc = await readBlocks(bytes, options);
  return planFromBlocks(doc, options);
}

/** Parses plan text already in memory (tests, paste-in). */
export function parsePlanText(text: string, options: ParseOptions = {}): ParsedPlan {
  return planFromBlocks(readTextBytes(new TextEncoder().encode(text)), options);
}

/** The units a responsibility phrase names, with their roles («县财政局牵头，县审计局配合»): for edits by hand. */
export function readUnitsText(
  text: string,
  columnRole: 'lead' | 'cooperate' | 'responsible' | null = null,
): PlanUnit[] {
  return parseResponsibility(text, columnRole).units.map((u) => ({ name: u.name, role: u.role }));
}

/** A deadline as printed («2023年6月底前», «每季度», «长期推进»), in the plan's year: for edits by hand. */
export function readDeadlineText(text: string, ctx: { year: number | null; issueDate: string | null }): Deadline {
  return normalizeDeadline(text, ctx);
}

export { planPeriod } from './extract/due.js';
