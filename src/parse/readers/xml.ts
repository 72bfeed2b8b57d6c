import { Parser } from 'htmlparser2';
import { AppError } from '../../domain/errors.js';
import { MAX_NESTING } from './limits.js';

/**
 * A small element tree from XML (OOXML, OFD): names, attributes, children. Documents that declare a
 * DOCTYPE or entities are refused outright — office formats never need them, and they are how external
 * entity (XXE) and entity-expansion attacks arrive. The parser never fetches anything.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export function parseXml(text: string, label: string, maxNodes: number): XmlElement {
  if (/<!DOCTYPE|<!ENTITY/i.test(text.slice(0, 4096)) || /<!ENTITY/i.test(text)) {
    throw new AppError('format-unsafe', `${label} 含有 DTD 或实体声明，已拒绝`, 'DOCTYPE/ENTITY in XML');
  }
  const root: XmlElement = { name: '#root', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let nodes = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (++nodes > maxNodes) throw new AppError('format-unsafe', `${label} 结构过于庞大，已拒绝`);
        if (stack.length > MAX_NESTING)
          throw new AppError('format-unsafe', `${label} 的 XML 嵌套超过 ${MAX_NESTING} 层，已拒绝`);
        const el: XmlElement = { name, attrs, children: [] };
        stack[stack.length - 1]!.children.push(el);
        stack.push(el);
      },
      ontext(t) {
        const top = stack[stack.length - 1]!;
        const last = top.children[top.children.length - 1];
        if (typeof last === 'string') top.children[top.children.length - 1] = last + t;
        else top.children.push(t);
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(text);
  parser.end();
  const el = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!el) throw new AppError('format-corrupt', `${label} 的 XML 内容为空或已损坏`);
  return el;
}

/** Local name without namespace prefix («w:p» → «p»). */
export function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

export function children(el: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (typeof c !== 'string' && (name === undefined || local(c.name) === name)) out.push(c);
  return out;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (typeof c !== 'string' && local(c.name) === name) return c;
  return undefined;
}

/** Attribute by local name («w:val» found as «val»). */
export function attr(el: XmlElement | undefined, name: string): string | undefined {
  if (!el) return undefined;
  if (name in el.attrs) return el.attrs[name];
  for (const [k, v] of Object.entries(el.attrs)) if (local(k) === name) return v;
  return undefined;
}

/** All text under an element. */
export function textOf(el: XmlNode): string {
  if (typeof el === 'string') return el;
  let s = '';
  const stack: XmlNode[] = [el];
  while (stack.length) {
    const n = stack.pop()!;
    if (typeof n === 'string') s += n;
    else for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return s;
}

/** Depth-first walk over elements. */
export function* walk(el: XmlElement): Generator<XmlElement> {
  const stack: XmlElement[] = [el];
  while (stack.length) {
    const e = stack.pop()!;
    yield e;
    for (let i = e.children.length - 1; i >= 0; i--) {
      const c = e.children[i]!;
      if (typeof c !== 'string') stack.push(c);
    }
  }
}
