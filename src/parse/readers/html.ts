import type { ChildNode, Element } from 'domhandler';
import { DomHandler, Parser } from 'htmlparser2';
import { appendAll } from '../../domain/arrays.js';
import { AppError } from '../../domain/errors.js';
import type { BlockDocument } from '../blocks.js';
import { BlockBuilder, type SourceRow } from './builder.js';
import type { ReaderContext } from './context.js';
import { MAX_NESTING } from './limits.js';

/**
 * Web pages: the charset from the BOM, the meta tag or the bytes (GBK/GB2312 pages are common), site chrome
 * (navigation, footers, share buttons, scripts) dropped, tables kept with their rowspan/colspan, and the
 * rest as paragraphs. Layout tables (a page laid out in a table) are read as the blocks they contain.
 */
export async function readHtml(bytes: Uint8Array, ctx: ReaderContext): Promise<BlockDocument> {
  const { text, encoding } = decodeHtml(bytes);
  return htmlToBlocks(text, encoding, ctx.label);
}

/** The DOM, refused as soon as elements nest deeper than any page does (see MAX_NESTING). */
class BoundedHandler extends DomHandler {
  private depth = 0;
  constructor(private readonly label: string) {
    super();
  }
  override onopentag(name: string, attribs: Record<string, string>): void {
    if (++this.depth > MAX_NESTING)
      throw new AppError('format-unsafe', `${this.label} 的网页标签嵌套超过 ${MAX_NESTING} 层，不是正常的网页，已拒绝`);
    super.onopentag(name, attribs);
  }
  override onclosetag(): void {
    this.depth--;
    super.onclosetag();
  }
}

export function htmlToBlocks(html: string, encoding: string, label = '网页'): BlockDocument {
  const handler = new BoundedHandler(label);
  new Parser(handler, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).end(html);
  const dom = handler.root;
  const b = new BlockBuilder();
  const walker = new Walker(b);
  walker.blocks(dom.children);
  walker.flush();
  return b.build('html', { encoding });
}

export function decodeHtml(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096)).toLowerCase();
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/.exec(head);
  let label = m?.[1] ?? '';
  if (/^(gb2312|gbk|gb18030|x-gbk|cp936)$/.test(label)) label = 'gb18030';
  if (label && label !== 'utf-8' && label !== 'utf8') {
    try {
      return { text: new TextDecoder(label).decode(bytes), encoding: label };
    } catch {
      // unknown label: judge from the bytes below
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'nav',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'option',
  'svg',
  'canvas',
  'object',
  'head',
  'title',
  'input',
  'textarea',
  'map',
]);
// Site furniture by class or id: navigation, footers, share bars, breadcrumbs, sidebars, pagination.
const CHROME =
  /(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|breadcrumb|crumb|share|sharebar|sidebar|copyright|toolbar|pagination|pager|login|topbar|banner|advert|ad-|ads|qrcode|related)(?:$|[\s_\d-])/i;
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'center',
  'address',
  'figure',
  'figcaption',
  'body',
  'html',
  'tbody',
  'thead',
  'tfoot',
]);

function isElement(n: ChildNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

function isChrome(el: Element): boolean {
  if (SKIP_TAGS.has(el.name)) return true;
  const cls = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`;
  if (cls.trim() && CHROME.test(cls)) return true;
  const style = el.attribs.style ?? '';
  return /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

class Walker {
  private line = '';
  private heading = 0;

  constructor(private readonly b: BlockBuilder) {}

  flush(): void {
    const lines = this.line.split('\n');
    for (const l of lines) {
      const t = l.replace(/[ \t\u00a0]+/g, ' ').trim();
      if (t) this.b.paragraph(t, this.heading ? { heading: this.heading } : {});
    }
    this.line = '';
  }

  /**
   * Walks the nodes with a stack of its own (a page's depth never reaches the call stack); a frame's `exit`
   * runs when its children are done — the flush after a block, the heading level restored.
   */
  blocks(nodes: readonly ChildNode[]): void {
    const stack: Frame[] = [{ nodes, i: 0 }];
    while (stack.length) {
      const f = stack[stack.length - 1]!;
      if (f.i >= f.nodes.length) {
        stack.pop();
        f.exit?.();
        continue;
      }
      const n = f.nodes[f.i++]!;
      if (n.type === 'text') {
        this.line += n.data.replace(/\s+/g, ' ');
        continue;
      }
      if (!isElement(n) || isChrome(n)) continue;
      if (n.name === 'br') {
        this.line += '\n';
        continue;
      }
      if (n.name === 'table') {
        this.flush();
        const layout = this.table(n);
        // A layout table's cells are read as blocks, in order: pushed last first.
        for (let k = layout.length - 1; k >= 0; k--)
          stack.push({ nodes: layout[k]!.children, i: 0, exit: () => this.flush() });
        continue;
      }
      if (BLOCK_TAGS.has(n.name)) {
        this.flush();
        const h = /^h([1-6])$/.exec(n.name);
        const before = this.heading;
        if (h) this.heading = Number(h[1]);
        stack.push({
          nodes: n.children,
          i: 0,
          exit: () => {
            this.flush();
            this.heading = before;
          },
        });
        continue;
      }
      stack.push({ nodes: n.children, i: 0 });
    }
  }

  /** A data table goes to the builder; a layout table's cells come back, to be read as blocks. */
  private table(t: Element): Element[] {
    const rows = rowsOf(t);
    // A layout table (one cell, or cells that hold tables or long runs of blocks) is read as blocks.
    const cells = rows.flatMap((r) => r.cells);
    const nested = cells.some((c) => findFirst(c.el, 'table'));
    if (cells.length <= 1 || nested) return cells.map((c) => c.el);
    const source: SourceRow[] = rows.map((r) => ({
      cells: r.cells.map((c) => ({
        text: cellText(c.el),
        rowspan: span(c.el.attribs.rowspan),
        colspan: span(c.el.attribs.colspan),
      })),
    }));
    this.b.table(source.filter((r) => r.cells.length > 0));
    return [];
  }
}

interface Frame {
  nodes: readonly ChildNode[];
  i: number;
  exit?: () => void;
}

function span(v: string | undefined): number {
  const n = Number.parseInt(v ?? '1', 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 1000) : 1;
}

/** Rows of a table in order, through thead/tbody/tfoot, not into nested tables. */
function rowsOf(t: Element): { cells: { el: Element }[] }[] {
  const out: { cells: { el: Element }[] }[] = [];
  const stack: Frame[] = [{ nodes: t.children, i: 0 }];
  while (stack.length) {
    const f = stack[stack.length - 1]!;
    if (f.i >= f.nodes.length) {
      stack.pop();
      continue;
    }
    const n = f.nodes[f.i++]!;
    if (!isElement(n)) continue;
    if (n.name === 'tr')
      out.push({
        cells: n.children
          .filter(isElement)
          .filter((c) => c.name === 'td' || c.name === 'th')
          .map((el) => ({ el })),
      });
    else if (n.name === 'thead' || n.name === 'tbody' || n.name === 'tfoot') stack.push({ nodes: n.children, i: 0 });
  }
  return out;
}

function findFirst(el: Element, name: string): Element | null {
  const stack: ChildNode[] = [...el.children];
  while (stack.length) {
    const n = stack.pop()!;
    if (!isElement(n)) continue;
    if (n.name === name) return n;
    appendAll(stack, n.children);
  }
  return null;
}

/** A cell's text: block boundaries and <br> become line breaks, runs of spaces collapse. */
function cellText(el: Element): string {
  let s = '';
  const stack: Frame[] = [{ nodes: el.children, i: 0 }];
  while (stack.length) {
    const f = stack[stack.length - 1]!;
    if (f.i >= f.nodes.length) {
      stack.pop();
      f.exit?.();
      continue;
    }
    const n = f.nodes[f.i++]!;
    if (n.type === 'text') {
      s += n.data.replace(/\s+/g, ' ');
      continue;
    }
    if (!isElement(n) || SKIP_TAGS.has(n.name)) continue;
    if (n.name === 'br') {
      s += '\n';
      continue;
    }
    const block = BLOCK_TAGS.has(n.name) || n.name === 'tr';
    const cell = n.name === 'td' || n.name === 'th';
    if (block && s && !s.endsWith('\n')) s += '\n';
    stack.push({
      nodes: n.children,
      i: 0,
      exit: () => {
        if (cell) s += ' ';
        if (block && s && !s.endsWith('\n')) s += '\n';
      },
    });
  }
  return s
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}
