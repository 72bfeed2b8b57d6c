import { fold } from './fold.js';

/**
 * What a printed unit name looks like in this genre. Names end in an organisation noun (局, 委, 办, 中心,
 * 支队, 人民政府 …) or are group expressions (各单位, 市直有关单位, 各县市区政府). These tests work on
 * folded text and never on a particular city's names.
 */

// The head noun that ends an organisation's name. 街道/乡镇 are places, not heads: «各乡镇、街道» splits.
const HEAD =
  /(?:局|委|办|厅|部|院|室|科|股|处|所|站|队|中心|会|社|馆|署|司|公司|集团|单位|部门|机构|机关|政府|组|团|联|协|行|台|校|园|场|庭|班|关|府|盟|宫|军|区)$/;
// Units that are named by place alone: «街道», «各乡镇», «各县市区», «各地».
const PLACE_GROUP = /^(?:各|全)?(?:县|市|区|镇|乡|街道|村|社区|乡镇|县市区|县区|市县|地|级)+$/;
const GROUP_WORDS = /(?:各|有关|相关|其他|其它|所属|直属|成员)/;
const ACTION_WORDS =
  /推进|加强|做好|建立|完善|开展|提高|提升|加快|推动|严格|确保|进一步|强化|深化|健全|按照|根据|围绕|要求|及时|全面|认真|建成|启动|新建|迁建|完成|开工建设|实现|打造|培育|设立|成立|的/;

/** Removes bracketed groups at the end of a name: «市人民政府（管委会）» → «市人民政府». */
export function stripTrailingBrackets(name: string): string {
  let s = name;
  for (let k = 0; k < 4; k++) {
    const f = fold(s);
    if (!f.endsWith(')')) break;
    const open = matchingOpen(f, f.length - 1);
    if (open <= 0) break;
    s = s.slice(0, open);
  }
  return s;
}

function matchingOpen(f: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = f[i];
    if (c === ')') depth++;
    else if (c === '(') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** True when the name ends in an organisation noun (ignoring a trailing bracketed alias). */
export function hasHeadNoun(name: string): boolean {
  const core = fold(stripTrailingBrackets(name)).replace(/\s+/g, '');
  if (core.length < 2) return false;
  if (/(?:^|[县市区镇乡])街道$/.test(core) || /(?:县|市|区|镇|乡)$/.test(core)) return false;
  return HEAD.test(core);
}

/** A group of units named as such: 各单位, 市直有关单位, 各县、区人民政府（管委会）, 各乡镇. */
export function isGroupExpression(name: string): boolean {
  const f = fold(name).replace(/\s+/g, '');
  return GROUP_WORDS.test(f) || PLACE_GROUP.test(stripTrailingBrackets(f));
}

/** Whether the text contains the verbs of a requirement («建成», «推进», «完善»…). */
export function hasActionWord(text: string): boolean {
  return ACTION_WORDS.test(fold(text));
}

/** How much `name` looks like a unit's name (for telling unit cells from prose). */
export function looksLikeUnitName(name: string): boolean {
  const f = fold(name).replace(/\s+/g, '');
  if (f.length < 2 || f.length > 40) return false;
  if (/[。;!?！？:]/.test(f)) return false;
  if (/^\d/.test(f) || /\d{3,}/.test(f)) return false;
  if (/^(?:详见|见|更多|来源|相关阅读|点击|下同|以下)/.test(f)) return false;
  if (PLACE_GROUP.test(stripTrailingBrackets(f))) return true;
  const core = stripTrailingBrackets(f);
  if (!HEAD.test(core) && !/(?:^|[县市区镇乡])街道$/.test(core)) return false;
  // Long names full of verbs are sentences that happen to end in 中心 or 工作组.
  if (f.length > 10 && ACTION_WORDS.test(f)) return false;
  return true;
}

/**
 * A piece of a 、-list that does not stand alone: the piece after it carries a head noun they share
 * («各县、区人民政府» — «各县» is no unit on its own). A next piece that is itself a group expression
 * («各直属机构», «市直有关单位») stands alone.
 */
export function sharesHeadWith(piece: string, next: string, last: string): boolean {
  const p = fold(stripTrailingBrackets(piece)).replace(/\s+/g, '');
  const n = fold(next).replace(/\s+/g, '');
  if (p.length === 0 || p.length > 12) return false;
  if (hasHeadNoun(piece)) return false;
  if (/(?:各|有关|相关|其他|其它|所属|直属)/.test(n) || /^(?:市|县|区|省)直/.test(n)) return false;
  if (hasHeadNoun(last)) return true;
  // «人民大垸、荒湖管理区»: a zone shares its head with a bare place name, not with a group («各设区市»).
  return ZONE_HEAD.test(fold(last)) && !/^各/.test(p) && !/(?:市|县|区|镇|乡)$/.test(p);
}

const ZONE_HEAD = /(?:管理区|开发区|实验区|试验区|示范区|园区|新区|高新区|保税区|合作区|功能区)$/;
