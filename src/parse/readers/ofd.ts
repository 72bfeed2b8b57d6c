import { AppError } from '../../domain/errors.js';
import type { BlockDocument } from '../blocks.js';
import { BlockBuilder } from './builder.js';
import type { ReaderContext } from './context.js';
import { type OfdObjects, readContent } from './ofd-page.js';
import { pagesToBlocks } from './page-flow.js';
import { layoutPage, type PageLayout } from './page-layout.js';
import { attr, child, children, parseXml, textOf, type XmlElement } from './xml.js';
import { ZipArchive } from './zip.js';

/**
 * OFD (GB/T 33190), the fixed-layout format of Chinese government documents: a zip whose `OFD.xml` names
 * the document, whose `Document.xml` lists the pages, and each page's `Content.xml` places text and
 * paths in millimetres. Pages (with the templates they use) are reduced to text runs and ruling lines and
 * then read exactly as PDF pages are.
 */
const PT_PER_MM = 72 / 25.4;

export async function readOfd(bytes: Uint8Array, ctx: ReaderContext): Promise<BlockDocument> {
  const zip = ZipArchive.open(bytes, ctx.limits, ctx.label);
  const corrupt = (why: string, detail?: string) =>
    new AppError('format-corrupt', `${ctx.label} 不是有效的 OFD 文件（${why}）`, detail ?? why);
  const xml = (name: string): XmlElement | null => {
    const text = zip.readText(name);
    return text === null || text.trim() === '' ? null : parseXml(text, ctx.label, ctx.limits.maxXmlNodes);
  };
  const ofd = xml('OFD.xml');
  if (!ofd) throw corrupt('缺少 OFD.xml');
  const rootPath = resolve('', textOf(child(child(ofd, 'DocBody') ?? ofd, 'DocRoot') ?? ofd).trim());
  if (!rootPath.endsWith('.xml')) throw corrupt('OFD.xml 未指明文档根节点');
  const document = xml(rootPath);
  if (!document) throw corrupt(`缺少 ${rootPath}`);
  const base = rootPath.slice(0, rootPath.lastIndexOf('/') + 1);
  const common = child(document, 'CommonData');
  const defaultBox = box(child(child(common ?? document, 'PageArea') ?? document, 'PhysicalBox'));
  const templates = new Map<string, string>();
  for (const t of children(common ?? document, 'TemplatePage')) {
    const id = attr(t, 'ID');
    const loc = attr(t, 'BaseLoc');
    if (id && loc) templates.set(id, resolve(base, loc));
  }
  const list = children(child(document, 'Pages') ?? document, 'Page');
  if (list.length === 0) throw corrupt('没有页面');
  const count = Math.min(list.length, ctx.limits.maxPages);
  const b = new BlockBuilder();
  if (list.length > count) b.notice('pages-truncated', `${ctx.label} 共 ${list.length} 页，只读取了前 ${count} 页`);
  const pages: PageLayout[] = [];
  let images = 0;
  for (let i = 0; i < count; i++) {
    const loc = attr(list[i], 'BaseLoc');
    const page = loc ? xml(resolve(base, loc)) : null;
    if (!page) throw corrupt(`第 ${i + 1} 页缺失`, `page ${i + 1}: ${loc}`);
    const objects: OfdObjects = { runs: [], rules: [], images: 0 };
    // Templates hold what repeats on pages (a red header line, page furniture): drawn under the page's own content.
    for (const t of children(page, 'Template')) {
      const tpl = templates.get(attr(t, 'TemplateID') ?? '');
      const content = tpl ? xml(tpl) : null;
      if (content) readContent(content, objects);
    }
    readContent(page, objects);
    images += objects.images;
    const [w, h] = box(child(child(page, 'Area') ?? page, 'PhysicalBox')) ?? defaultBox ?? [210, 297];
    pages.push(
      layoutPage({
        page: i + 1,
        width: w * PT_PER_MM,
        height: h * PT_PER_MM,
        runs: objects.runs,
        rules: objects.rules,
      }),
    );
  }
  if (pages.every((p) => p.lines.length === 0 && p.tables.length === 0)) {
    if (images > 0) {
      throw new AppError(
        'format-scanned',
        `${ctx.label} 只有图片没有文字（可能是扫描件），暂不支持文字识别（OCR）；请提供含文字的 OFD、PDF 或 Word 文件`,
      );
    }
    throw corrupt('页面上没有文字');
  }
  pagesToBlocks(pages, b);
  return b.build('ofd', { pages: list.length });
}

/** 「x y w h」 as [w, h], when it is one. */
function box(el: XmlElement | undefined): [number, number] | null {
  const v = textOf(el ?? { name: '', attrs: {}, children: [] })
    .trim()
    .split(/\s+/)
    .map(Number);
  return v.length >= 4 && v[2]! > 0 && v[3]! > 0 ? [v[2]!, v[3]!] : null;
}

/** A location inside the package: absolute from its root when it starts with 「/」, else relative to `base`. */
function resolve(base: string, loc: string): string {
  const path = loc.replace(/\\/g, '/');
  const parts = (path.startsWith('/') ? path : base + path).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}
