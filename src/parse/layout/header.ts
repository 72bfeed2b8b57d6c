import { fold } from '../../domain/fold.js';
import { memoByText } from '../text/memo.js';

/** What a column holds, as its header names it. `textual` columns are told apart later by their content. */
export type HeaderRole = 'number' | 'textual' | 'units' | 'deadline' | 'status' | 'note' | 'person';
export type UnitColumnRole = 'lead' | 'cooperate' | 'responsible';

export interface HeaderInfo {
  role: HeaderRole;
  /** For unit columns: the role the header gives units that carry no role word of their own. */
  unitRole?: UnitColumnRole;
}

const MAX_HEADER_CHARS = 14;

/** Reads a column header such as 牵头落实单位 / 完成时限 / 具 体 要 求; null when it is not a header word. */
export const readHeader: (text: string) => HeaderInfo | null = memoByText(readHeaderUncached, 5000, 60);

function readHeaderUncached(text: string): HeaderInfo | null {
  if (text.length > 40) return null;
  const h = fold(text).replace(/[\s*]/g, '').replace(/:$/, '');
  if (h.length === 0 || h.length > MAX_HEADER_CHARS || h.includes(':')) return null;
  // Cell values that happen to contain a header word: «按时序推进», «已完成».
  if (/^(?:按|已|未|正在|需|待)/.test(h)) return null;
  if (/[。；;，,]/.test(h) || /^[(（]?[一二三四五六七八九十\d]+[、.)）]/.test(h)) return null;
  if (/^(序号?|编号|序列号|号)$/.test(h)) return { role: 'number' };
  if (/备注|说明$/.test(h)) return { role: 'note' };
  if (/(完成|进展|推进|落实|办理|整改|执行|工作)(情况|进度|进展)|进度|进展|^状态$|完成状态|完成率/.test(h)) {
    return { role: 'status' };
  }
  if (/时限|时间|期限|时序|节点|日期|截止|完成期/.test(h)) return { role: 'deadline' };
  // «牵头单位及主要负责人» names units (with a person beside each); «分管市领导» names people only.
  // «县政务公开工作领导小组» is a unit (a group), not the people who lead.
  if (/领导(?!小组)|责任人|联系人|分管|经办人|负责人/.test(h) && !/单位|部门|科室|处室/.test(h))
    return { role: 'person' };
  if (/单位|部门|科室|处室|股室|主体|牵头|配合|协办|协助|协同|协作|负责|责任方|参与/.test(h)) {
    // A header is made of role words and generic nouns only: «牵头落实单位», not «市政管办负责».
    if (h.replace(/(?:及|和)?(?:主要)?(?:负责人|责任人)$/, '').replace(UNIT_HEADER_WORDS, '') !== '') return null;
    return { role: 'units', unitRole: unitRoleOfHeader(h) };
  }
  if (
    /任务|要求|内容|措施|事项|目标|工作|指标|项目|举措|重点|实事|分工|名称|类别|大类|类型|板块|领域|方面|问题|标准|事实/.test(
      h,
    )
  ) {
    // Headers are short nouns («具体要求», «2024年建设内容»); «做好主动公开基础工作» is a task name.
    const core = h.replace(/^(?:19|20)\d{2}年度?/, '');
    if (core.length > 8 || VERB.test(core)) return null;
    return { role: 'textual' };
  }
  return null;
}

const VERB =
  /做好|加强|推进|推动|强化|深化|完善|建立|健全|落实|开展|提升|提高|规范|优化|加快|严格|坚持|持续|积极|认真|切实|进一步/;

const UNIT_HEADER_WORDS =
  /牵头|主办|主责|主要|其他|相关|协作|责任|具体|落实|负责|配合|协办|协助|协同|参与|承办|实施|单位|部门|科室|处室|股室|主体|机构|方|名称|及|和|与|或|[、/()]/g;

function unitRoleOfHeader(h: string): UnitColumnRole {
  if (h.includes('牵头')) return 'lead';
  if (/配合|协办|协同|协作|协助|参与/.test(h)) return 'cooperate';
  return 'responsible';
}

/** A cell that starts with an outline label or is a bare number: content, not a header. */
function isContentCell(t: string): boolean {
  return /^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,3}(?:[.、．]|$))/.test(
    fold(t).trim(),
  );
}

/**
 * True when a row reads as the column headers: short cells, at least half of them (and two) header words;
 * the others may name columns no rule knows («建设地点», «投资金额（万元）»).
 */
export function isHeaderRow(cells: readonly string[]): boolean {
  let headers = 0;
  let content = 0;
  for (const c of cells) {
    const t = c.trim();
    if (t === '') continue;
    content++;
    if (readHeader(t)) headers++;
    else if (t.replace(/\s+/g, '').length > 14 || /[。；;]/.test(t) || isContentCell(t)) return false;
  }
  return content >= 2 && headers >= Math.max(2, Math.ceil(content * 0.5));
}
