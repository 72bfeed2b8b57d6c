import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSoffice } from '../src/parse/readers/soffice.js';
import { fontconfigFallbacks } from '../src/reports/fonts.js';
import { loadDemoData } from '../src/services/demo-data.js';
import { type DocumentFormat, type DocumentRequest, issueDocument } from '../src/services/issue-document.js';
import { openStore, type Store } from '../src/store/store.js';
import { importConfirmed } from './support/confirmed.js';
import { COUNTY_PLAN, contextFor, office, operator } from './support/ledger.js';
import { repoRoot } from './support/paths.js';

/**
 * Each document, made from the demo ledger, converted by LibreOffice to PDF and its first page drawn to PNG —
 * saved under test-artifacts/documents/ for people to look at. The PDFs must have pages, A4 pages, and the
 * 公文 fonts' stand-ins (the official fonts are commercial; fonts.ts maps them to Noto CJK for rendering).
 * Without LibreOffice the suite is skipped with a message, except under CI=true, where it fails.
 */
const soffice = await findSoffice();
const out = join(repoRoot, 'test-artifacts/documents');
if (!soffice) {
  const why =
    'LibreOffice (soffice) not found: install libreoffice-writer-nogui, libreoffice-calc-nogui, fonts-noto-cjk';
  if (process.env.CI === 'true') throw new Error(why);
  console.warn(`document rendering tests skipped: ${why}`);
}

const DOCUMENTS: [string, (ids: Record<string, number>) => DocumentRequest, DocumentFormat][] = [
  ['tishidan', (p) => ({ kind: 'tishidan', planId: p.seed002!, from: '2022-11-01', to: '2022-12-31' }), 'docx'],
  ['tishidan-sheet', (p) => ({ kind: 'tishidan', planId: p.seed002!, from: '2022-11-01', to: '2022-12-31' }), 'xlsx'],
  ['cuiban', () => ({ kind: 'cuiban', unitId: 'unit:潮州市财政局' }), 'docx'],
  ['tongbao', (p) => ({ kind: 'tongbao', planId: p.chaozhou!, year: 2022, quarter: 4 }), 'docx'],
  ['tongbao-sheet', (p) => ({ kind: 'tongbao', planId: p.chaozhou!, year: 2022, quarter: 4 }), 'xlsx'],
  ['nianbao', (p) => ({ kind: 'nianbao', planId: p.chaozhou! }), 'docx'],
  ['huitoukan', (p) => ({ kind: 'huitoukan', planId: p.qingyuan2023! }), 'docx'],
  ['huitoukan-sheet', (p) => ({ kind: 'huitoukan', planId: p.qingyuan2023! }), 'xlsx'],
];

describe.skipIf(!soffice)('documents rendered by LibreOffice', () => {
  let store: Store;
  const work = mkdtempSync(join(tmpdir(), 'tz-render-'));
  const files: string[] = [];

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    store = await openStore({ dataDir: join(work, 'data') });
    await loadDemoData(store, join(repoRoot, 'demo'));
    const ids: Record<string, number> = {};
    for (const p of await store.db.selectFrom('plans').select(['id', 'title']).execute()) {
      if (p.title === '2022年11—12月政务公开重点工作任务清单') ids.seed002 = Number(p.id);
      if (p.title?.startsWith('潮州市2022年')) ids.chaozhou = Number(p.id);
    }
    // This year's plan for 庆元县, so last year's (a demo plan) can be looked back on.
    const plan = new TextEncoder().encode(COUNTY_PLAN);
    const imported = await importConfirmed(contextFor(store, operator, '2023-01-05'), plan, {
      name: 'plan.txt',
    });
    ids.qingyuan2023 = imported.planId;
    const ctx = contextFor(store, office, '2023-01-10');
    for (const [name, req, format] of DOCUMENTS) {
      const doc = await issueDocument(ctx, req(ids), format);
      const file = join(work, `${name}.${format}`);
      writeFileSync(file, doc.bytes);
      writeFileSync(join(out, `${name}.${format}`), doc.bytes);
      files.push(file);
    }
    // One LibreOffice run for all files, in a profile of its own so parallel runs do not collide.
    const fonts = join(work, 'fonts.conf');
    writeFileSync(fonts, fontconfigFallbacks());
    const profile = `file://${join(tmpdir(), `lo-${randomBytes(6).toString('hex')}`)}`;
    await new Promise<void>((resolve, reject) =>
      execFile(
        soffice!,
        [
          `-env:UserInstallation=${profile}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf',
          '--outdir',
          work,
          ...files,
        ],
        { timeout: 240_000, killSignal: 'SIGKILL', env: { ...process.env, FONTCONFIG_FILE: fonts } },
        (err, _out, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve()),
      ),
    );
    rmSync(new URL(profile), { recursive: true, force: true });
  }, 300_000);

  afterAll(async () => {
    await store?.close();
    rmSync(work, { recursive: true, force: true });
  });

  for (const [name, , format] of DOCUMENTS) {
    it(`${name}.${format}: PDF on A4 (${format === 'xlsx' ? 'landscape' : 'portrait'}), first page as PNG`, async () => {
      const pdf = join(work, `${name}.pdf`);
      expect(existsSync(pdf), `${name}.pdf was not written`).toBe(true);
      const bytes = new Uint8Array(readFileSync(pdf));
      writeFileSync(join(out, `${name}.pdf`), bytes);
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, verbosity: 0 }).promise;
      expect(doc.numPages).toBeGreaterThan(0);
      const page = await doc.getPage(1);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const size = [Math.round(x1 - x0), Math.round(y1 - y0)];
      expect(size).toEqual(format === 'xlsx' ? [842, 595] : [595, 842]);
      // The 公文 fonts fell back to their serif stand-in, not to a sans default.
      expect(Buffer.from(bytes).toString('latin1')).toMatch(/NotoSerifCJK/);
      const png = await pagePng(page);
      if (png) {
        writeFileSync(join(out, `${name}.png`), png);
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        expect(png.length).toBeGreaterThan(20_000);
      }
      // A letter's attachment (the table) starts on page 2: worth looking at too.
      if (format === 'docx' && doc.numPages > 1) {
        const second = await pagePng(await doc.getPage(2));
        if (second) writeFileSync(join(out, `${name}-2.png`), second);
      }
      await doc.destroy();
    });
  }
});

interface PdfPage {
  getViewport(o: { scale: number }): { width: number; height: number };
  render(o: unknown): { promise: Promise<void> };
}

/** pdf.js draws the page on @napi-rs/canvas (pdfjs-dist's optional dependency); null when it is absent. */
async function pagePng(page: unknown): Promise<Buffer | null> {
  const canvasModule = '@napi-rs/canvas';
  const mod = (await import(canvasModule).catch(() => null)) as {
    createCanvas(w: number, h: number): { toBuffer(mime: 'image/png'): Buffer };
  } | null;
  if (!mod) {
    console.warn('PNG not drawn: @napi-rs/canvas is not installed (the PDF was checked)');
    return null;
  }
  const p = page as PdfPage;
  const viewport = p.getViewport({ scale: 1.5 });
  const canvas = mod.createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await p.render({ canvas, viewport }).promise;
  return canvas.toBuffer('image/png');
}
