import { AppError } from '../domain/errors.js';
import type { ServiceContext } from './context.js';
import { type NianbaoRequest, nianbaoData } from './document-annual.js';
import { type TongbaoRequest, tongbaoData } from './document-figures.js';
import { type CuibanRequest, cuibanData, type TishidanRequest, tishidanData } from './document-lists.js';
import { type HuitoukanRequest, unfinishedLastYear } from './unfinished-last-year.js';

/**
 * The documents the office issues from the ledger, as files: 任务提示单, 催办单, 季度通报, the 年报 section and
 * 回头看, in the 公文 layout (DOCX) and, where a table is the point, as a spreadsheet (XLSX). Each document's
 * data function checks who may have it; the renderers (and docx, exceljs) load only when a document is asked for.
 */
export type DocumentRequest =
  | ({ kind: 'tishidan' } & TishidanRequest)
  | ({ kind: 'cuiban' } & CuibanRequest)
  | ({ kind: 'tongbao' } & TongbaoRequest)
  | ({ kind: 'nianbao' } & NianbaoRequest)
  | ({ kind: 'huitoukan' } & HuitoukanRequest);

export type DocumentKind = DocumentRequest['kind'];
export type DocumentFormat = 'docx' | 'xlsx';

export const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  tishidan: '任务提示单',
  cuiban: '催办单',
  tongbao: '季度通报',
  nianbao: '年报重点工作任务落实情况',
  huitoukan: '回头看',
};

export const DOCUMENT_FORMATS: Record<DocumentKind, readonly DocumentFormat[]> = {
  tishidan: ['docx', 'xlsx'],
  cuiban: ['docx'],
  tongbao: ['docx', 'xlsx'],
  nianbao: ['docx'],
  huitoukan: ['docx', 'xlsx'],
};

export const MIME: Record<DocumentFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface IssuedDocument {
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

export async function issueDocument(
  ctx: ServiceContext,
  req: DocumentRequest,
  format: DocumentFormat = 'docx',
): Promise<IssuedDocument> {
  if (!DOCUMENT_FORMATS[req.kind].includes(format))
    throw new AppError('invalid-input', `${DOCUMENT_LABELS[req.kind]}只提供 Word（docx）格式`);
  const { name, bytes } = await render(ctx, req, format);
  return { fileName: `${safeName(name)}.${format}`, mime: MIME[format], bytes };
}

async function render(
  ctx: ServiceContext,
  req: DocumentRequest,
  format: DocumentFormat,
): Promise<{ name: string; bytes: Uint8Array }> {
  const xlsx = format === 'xlsx';
  switch (req.kind) {
    case 'tishidan': {
      const d = await tishidanData(ctx, req);
      const m = await import('../reports/tishidan.js');
      const { title, listTitle } = m.tishidanTitles(d);
      return xlsx
        ? { name: listTitle, bytes: await m.tishidanXlsx(d) }
        : { name: title, bytes: await m.tishidanDocx(d) };
    }
    case 'cuiban': {
      const d = await cuibanData(ctx, req);
      const m = await import('../reports/cuiban.js');
      return { name: `${m.cuibanTitle(d)}（${d.unit}）`, bytes: await m.cuibanDocx(d) };
    }
    case 'tongbao': {
      const d = await tongbaoData(ctx, req);
      const m = await import('../reports/tongbao.js');
      return { name: m.tongbaoTitle(d), bytes: await (xlsx ? m.tongbaoXlsx(d) : m.tongbaoDocx(d)) };
    }
    case 'nianbao': {
      const d = await nianbaoData(ctx, req);
      const m = await import('../reports/nianbao.js');
      return { name: `${d.year}${m.nianbaoTitle(d)}`, bytes: await m.nianbaoDocx(d) };
    }
    case 'huitoukan': {
      const d = await unfinishedLastYear(ctx, req);
      const m = await import('../reports/huitoukan.js');
      const { title, listTitle } = m.huitoukanTitles(d);
      return xlsx
        ? { name: listTitle, bytes: await m.huitoukanXlsx(d) }
        : { name: title, bytes: await m.huitoukanDocx(d) };
    }
  }
}

/**
 * The figures a document states, as data (`taizhang doc … --json`): the same functions the documents are
 * rendered from, so what is printed and what is checked cannot differ.
 */
export async function documentFigures(ctx: ServiceContext, req: DocumentRequest): Promise<Record<string, unknown>> {
  switch (req.kind) {
    case 'tongbao': {
      const { head: _h, ...d } = await tongbaoData(ctx, req);
      return { document: DOCUMENT_LABELS.tongbao, ...d };
    }
    case 'cuiban': {
      const { head: _h, items, ...d } = await cuibanData(ctx, req);
      return { document: DOCUMENT_LABELS.cuiban, ...d, items: items.length, list: items };
    }
    case 'nianbao': {
      const { head: _h, ...d } = await nianbaoData(ctx, req);
      return { document: DOCUMENT_LABELS.nianbao, ...d };
    }
    default:
      throw new AppError('invalid-input', `${DOCUMENT_LABELS[req.kind]}不提供 --json 数字`);
  }
}

/** A file name every system accepts: no path separators or characters Windows refuses. */
function safeName(s: string): string {
  return s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '').slice(0, 120) || '文件';
}
