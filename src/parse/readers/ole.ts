import { AppError } from '../../domain/errors.js';
import type { BlockDocument } from '../blocks.js';
import type { ReaderContext } from './context.js';
import { convertWithSoffice, findSoffice } from './soffice.js';
import { blocksFromText } from './text.js';

/**
 * Legacy binary Office files (.doc, .wps — WPS saves Word 97 streams — and .xls). LibreOffice converts them
 * to the XML formats, whose readers keep tables and merged cells. Without LibreOffice, a .doc's text is
 * extracted with word-extractor and the table structure is lost: the plan says so in a warning.
 */
export async function readOle(bytes: Uint8Array, ctx: ReaderContext): Promise<BlockDocument> {
  const kind = oleKind(bytes);
  if (kind === 'encrypted') throw new AppError('format-encrypted', `${ctx.label} 已加密，无法读取；请提供未加密的文件`);
  const soffice = ctx.soffice === undefined ? await findSoffice() : ctx.soffice;
  if (soffice) {
    const target = kind === 'xls' ? 'xlsx' : 'docx';
    const converted = await convertWithSoffice(soffice, bytes, kind === 'xls' ? 'xls' : 'doc', target, ctx);
    if (target === 'xlsx') return { ...(await (await import('./xlsx.js')).readXlsx(converted, ctx)), format: 'xls' };
    const doc = await (await import('./docx.js')).readDocx(converted, ctx);
    return { ...doc, format: kind };
  }
  if (kind === 'xls') {
    throw new AppError(
      'format-unsupported',
      `读取 .xls 文件需要安装 LibreOffice；请安装后重试，或另存为 .xlsx：${ctx.label}`,
    );
  }
  const { default: WordExtractor } = await import('word-extractor');
  let body: string;
  try {
    const extracted = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    body = extracted.getBody();
  } catch (e) {
    throw new AppError('format-corrupt', `${ctx.label} 已损坏或不是 Word 文档，无法读取`, String(e));
  }
  const doc = blocksFromText(body);
  doc.format = kind;
  doc.notices.push({
    code: 'structure-lost',
    message:
      '未安装 LibreOffice，只提取了文字，表格结构（行列与合并单元格）已丢失；安装 LibreOffice 后重新导入可获得完整结构',
  });
  return doc;
}

/** Which kind of compound file: judged from the names of its streams (stored as UTF-16LE). */
function oleKind(bytes: Uint8Array): 'doc' | 'wps' | 'xls' | 'encrypted' {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4 << 20)).toString('latin1');
  const u16 = (name: string): string => name.split('').join('\0');
  if (s.includes(u16('EncryptionInfo')) || s.includes(u16('EncryptedPackage'))) return 'encrypted';
  if (s.includes(u16('Workbook')) || s.includes(u16('Book'))) return 'xls';
  if (s.includes(u16('WordDocument'))) return 'doc';
  return 'wps';
}
