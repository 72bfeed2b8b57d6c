import { toChineseNumeral } from '../extract/numerals.js';
import { attr, child, children, type XmlElement } from './xml.js';

/**
 * Word's automatic numbering, turned into the label a reader of the printed page sees: «一、», «（一）»,
 * «1.», «①». numbering.xml defines abstract lists (a format and a label template per level) and the
 * numbering instances paragraphs point to; counters run per instance, and a level restarts when a level
 * above it advances.
 */
interface Level {
  start: number;
  format: string;
  text: string;
}

export class Numbering {
  private readonly levels = new Map<string, Map<number, Level>>();
  private readonly overrides = new Map<string, Map<number, number>>();
  private readonly counters = new Map<string, number[]>();

  constructor(numbering: XmlElement | null) {
    if (!numbering) return;
    const abstract = new Map<string, Map<number, Level>>();
    for (const a of children(numbering, 'abstractNum')) {
      const id = attr(a, 'abstractNumId') ?? '';
      const lv = new Map<number, Level>();
      for (const l of children(a, 'lvl')) {
        lv.set(Number(attr(l, 'ilvl') ?? 0), {
          start: Number(attr(child(l, 'start'), 'val') ?? 1),
          format: attr(child(l, 'numFmt'), 'val') ?? 'decimal',
          text: attr(child(l, 'lvlText'), 'val') ?? '',
        });
      }
      abstract.set(id, lv);
    }
    for (const n of children(numbering, 'num')) {
      const id = attr(n, 'numId') ?? '';
      const lv = abstract.get(attr(child(n, 'abstractNumId'), 'val') ?? '');
      if (lv) this.levels.set(id, lv);
      const starts = new Map<number, number>();
      for (const o of children(n, 'lvlOverride')) {
        const s = attr(child(o, 'startOverride'), 'val');
        if (s !== undefined) starts.set(Number(attr(o, 'ilvl') ?? 0), Number(s));
      }
      if (starts.size) this.overrides.set(id, starts);
    }
  }

  /** The label for the next paragraph of list `numId` at level `ilvl`, advancing the counters. */
  next(numId: string, ilvl: number): string | null {
    const levels = this.levels.get(numId);
    const level = levels?.get(ilvl);
    if (!levels || !level || numId === '0') return null;
    let counts = this.counters.get(numId);
    if (!counts) {
      counts = [];
      this.counters.set(numId, counts);
    }
    const startOf = (l: number): number => this.overrides.get(numId)?.get(l) ?? levels.get(l)?.start ?? 1;
    counts[ilvl] = counts[ilvl] === undefined ? startOf(ilvl) : counts[ilvl]! + 1;
    for (let l = ilvl + 1; l < counts.length; l++) counts[l] = undefined as unknown as number;
    counts.length = ilvl + 1;
    if (level.format === 'none' || level.format === 'bullet')
      return level.format === 'bullet' ? null : level.text || null;
    return level.text.replace(/%(\d)/g, (_, d: string) => {
      const l = Number(d) - 1;
      const value = counts![l] ?? startOf(l);
      return formatNumber(value, levels.get(l)?.format ?? 'decimal');
    });
  }
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const STEMS = '甲乙丙丁戊己庚辛壬癸';

export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'chineseLegalSimplified':
    case 'ideographDigital':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return toChineseNumeral(n);
    case 'ideographTraditional':
      return STEMS[(n - 1) % 10] ?? String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return CIRCLED[n - 1] ?? String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'upperLetter':
      return String.fromCharCode(64 + (((n - 1) % 26) + 1));
    case 'lowerLetter':
      return String.fromCharCode(96 + (((n - 1) % 26) + 1));
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'decimalZero':
      return String(n).padStart(2, '0');
    default:
      return String(n);
  }
}

function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  let v = n;
  for (const [k, s] of table) {
    while (v >= k) {
      out += s;
      v -= k;
    }
  }
  return out;
}
