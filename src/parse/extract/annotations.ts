import { fold, foldCode } from '../../domain/fold.js';
import { hasActionWord, hasHeadNoun, looksLikeUnitName } from '../../domain/unit-names.js';
import { memoByText } from '../text/memo.js';
import { parseResponsibility, startsWithResponsibilityLabel, unitLikeness } from './units.js';

/**
 * Unit annotations in prose: a bracketed responsibility phrase that closes a run of sentences,
 * «…营造良好环境。（县市场监督管理局牵头负责）». The bracket may open full-width and close half-width
 * (converters mix them) and may be broken by a page break. Brackets are matched with a depth counter in one
 * pass, so nesting or unbalanced brackets cost linear time.
 */
export interface Annotation {
  /** Offsets of the whole bracketed annotation, brackets included. */
  start: number;
  end: number;
  /** The phrase inside the brackets, whitespace removed. */
  inner: string;
}

const MAX_INNER = 160;

// Round brackets are the usual; square and lenticular ones are used the same way («[牵头单位:…]», «【…】»).
// Compared as folded char codes: the scan runs over whole joined items, so it neither folds nor allocates.
function isOpener(c: number): boolean {
  return c === 0x28 || c === 0x5b || c === 0x3010 || c === 0x3014; // ( [ 【 〔
}

function isCloser(c: number): boolean {
  return c === 0x29 || c === 0x5d || c === 0x3011 || c === 0x3015; // ) ] 】 〕
}

const WHITE = /\s+/g;

/** The annotations in `text`, in order; the scan stops once `limit` are found. */
export function findAnnotations(text: string, limit = Number.POSITIVE_INFINITY): Annotation[] {
  const out: Annotation[] = [];
  let depth = 0;
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = foldCode(text.charCodeAt(i));
    if (isOpener(c)) {
      if (depth === 0) open = i;
      depth++;
    } else if (isCloser(c) && depth > 0) {
      depth--;
      if (depth === 0 && open >= 0) {
        if (i - open - 1 <= MAX_INNER) {
          const inner = text.slice(open + 1, i).replace(WHITE, '');
          if (
            isAnnotation(inner) ||
            (closesSentenceRun(text, open, i) && (isBareUnitList(inner) || isRoleOnlyAnnotation(inner)))
          ) {
            out.push({ start: open, end: i + 1, inner });
            if (out.length >= limit) return out;
          }
        }
        open = -1;
      }
    } else if (depth > 0 && i - open > MAX_INNER + 1) {
      // An unclosed bracket: give up on it rather than scanning to the end for its partner.
      depth = 0;
      open = -1;
    }
  }
  return out;
}

// An annotation names a role or a responsibility label; brackets without one are remarks or citations.
const MARKER = /牵头|负责|配合|协助|协同|协作|协办|参与|参加|落实|单位|部门|科室|处室|股室|分工/;

/**
 * A bracket right after a finished sentence and at the end of its paragraph: «…增长8%左右。（工资处、就管中心）».
 * There a bare list of unit names (no role word, no label) is an annotation too.
 */
function closesSentenceRun(text: string, open: number, close: number): boolean {
  let b = open - 1;
  while (b >= 0 && isBlankCode(foldCode(text.charCodeAt(b)))) b--;
  if (b < 0 || !endsSentence(foldCode(text.charCodeAt(b)))) return false;
  let a = close + 1;
  while (a < text.length && isBlankCode(foldCode(text.charCodeAt(a)))) a++;
  return a >= text.length || text.charCodeAt(a) === 0x0a;
}

function isBlankCode(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function endsSentence(c: number): boolean {
  return c === 0x3002 || c === 0x3b || c === 0x21 || c === 0x3f; // 。 ; ! ?
}

// Both judge the phrase alone, and plans repeat the same annotations item after item: each is judged once.
const isBareUnitList = memoByText(isBareUnitListUncached, 20_000, MAX_INNER);

function isBareUnitListUncached(inner: string): boolean {
  const parsed = parseResponsibility(inner);
  return parsed.units.length > 0 && parsed.units.every((u) => hasHeadNoun(u.name) && looksLikeUnitName(u.name));
}

/**
 * After a finished sentence, «（发展改革牵头落实）»: short names without a head noun (a body known by its
 * field) still name the units when a role word closes them.
 */
const isRoleOnlyAnnotation = memoByText(
  (inner: string): boolean => {
    const parsed = parseResponsibility(inner);
    return (
      parsed.hasRoleWord &&
      parsed.units.length > 0 &&
      parsed.units.every(
        (u) => u.name.length >= 2 && u.name.length <= 10 && !/\d/.test(u.name) && !hasActionWord(u.name),
      )
    );
  },
  20_000,
  MAX_INNER,
);

/** A responsibility phrase: units with a role word at its end, or a labelled one (责任单位：…). */
export const isAnnotation: (inner: string) => boolean = memoByText(isAnnotationUncached, 20_000, MAX_INNER);

function isAnnotationUncached(inner: string): boolean {
  if (inner.length < 2) return false;
  const f = fold(inner);
  if (!MARKER.test(f)) return false;
  const labelled = startsWithResponsibilityLabel(f);
  const parsed = parseResponsibility(inner);
  if (parsed.units.length === 0) return false;
  if (!parsed.hasRoleWord && !labelled) return false;
  return unitLikeness(inner, parsed) >= 0.5;
}
