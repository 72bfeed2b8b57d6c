import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/paths.js';

/**
 * Every string the interface shows comes from one catalogue (web/src/i18n/zh.ts, with its core zh-core.ts
 * that the light pages load alone): no Chinese — Han
 * characters, CJK punctuation or full-width forms — in the strings, templates or JSX text of any other source
 * file of the front end. Comments may name the domain's terms (方案核对, 台账); they are not shown.
 */
const webSrc = join(repoRoot, 'web/src');
const catalogue = join(webSrc, 'i18n/zh.ts');
const catalogueCore = join(webSrc, 'i18n/zh-core.ts');
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(?:ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

/** Text the program carries: string and template literals, regular expressions, JSX text. */
function literals(file: string): { line: number; text: string }[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteralLike(node) ||
      ts.isTemplateLiteralToken(node) ||
      ts.isJsxText(node) ||
      node.kind === ts.SyntaxKind.RegularExpressionLiteral
    ) {
      out.push({ line: src.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.getText() });
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return out;
}

describe('web catalogue', () => {
  it('keeps Chinese text in the catalogue (web/src/i18n/zh.ts and zh-core.ts) only', () => {
    const files = sources(webSrc).filter((f) => f !== catalogue && f !== catalogueCore);
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) =>
      literals(f)
        .filter((l) => CJK.test(l.text))
        .map((l) => `${relative(repoRoot, f)}:${l.line}: ${l.text.trim()}`),
    );
    expect(found, `Chinese outside the catalogue:\n${found.join('\n')}`).toEqual([]);
  });

  it('finds Chinese where it is, so the check above can fail', () => {
    expect(literals(catalogue).some((l) => CJK.test(l.text))).toBe(true);
    expect(literals(catalogueCore).some((l) => CJK.test(l.text))).toBe(true);
  });
});
