import { fold } from '../domain/fold.js';

/**
 * Unit names as plans print them, reduced to comparable parts: the matching form (folded, no spaces,
 * full-width brackets), the level prefix (市卫生健康局 → 市), and the type suffix that says what kind of body
 * it is (局, 委, 办, 中心 …).
 */
export function matchForm(name: string): string {
  return fold(name)
    .replace(/\s+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/[,.;:、。]+$/, '')
    .replace(/(?<=.{2})等$/, '');
}

export type LevelChar = '省' | '市' | '州' | '县' | '区' | '镇' | '乡' | '旗';

const LEVEL_PREFIX = /^(省|市|州|县|区|镇|乡|旗)(?!直|级|委书记)/;

/** «市卫生健康局» → { level: '市', rest: '卫生健康局' }; no prefix → level null. */
export function splitLevel(name: string): { level: LevelChar | null; rest: string } {
  const m = LEVEL_PREFIX.exec(name);
  if (!m || name.length < 3) return { level: null, rest: name };
  return { level: m[1] as LevelChar, rest: name.slice(1) };
}

// Type suffixes, longest first. 委员会 and 办公室 read as 委 and 办.
const TYPES = [
  '委员会',
  '办公室',
  '管委会',
  '人民政府',
  '政府',
  '办事处',
  '分局',
  '支队',
  '大队',
  '中队',
  '中心',
  '公司',
  '集团',
  '小组',
  '专班',
  '局',
  '委',
  '办',
  '厅',
  '部',
  '科',
  '股',
  '处',
  '室',
  '所',
  '站',
  '院',
  '馆',
  '队',
  '社',
  '会',
  '署',
  '司',
  '行',
  '校',
  '联',
];

export interface TypedName {
  stem: string;
  type: string;
}

/** Splits the type suffix off: «发展和改革委员会» → { stem: '发展和改革', type: '委' }. */
export function typed(name: string): TypedName {
  for (const t of TYPES) {
    if (name.length > t.length && name.endsWith(t)) {
      const type = t === '委员会' ? '委' : t === '办公室' ? '办' : t === '人民政府' ? '政府' : t;
      return { stem: name.slice(0, -t.length), type };
    }
  }
  return { stem: name, type: '' };
}

/** Types that different places use for the same body: a 委 in one city is a 局 in another. */
export function typesCompatible(a: string, b: string): 'same' | 'related' | 'different' {
  if (a === b) return 'same';
  const related = [
    ['局', '委'],
    ['办', '室'],
  ];
  return related.some(([x, y]) => (a === x && b === y) || (a === y && b === x)) ? 'related' : 'different';
}
