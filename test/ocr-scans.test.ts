import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePlan } from '../src/parse/index.js';
import { repoRoot, requireShared } from './support/paths.js';

/**
 * The bar for scans: each office fixture PDF rasterised at 150 dpi and rebuilt as an image-only
 * PDF (pdftoppm, img2pdf), parsed through the CLI, scored by the shared scorer against the gold beside
 * the same plan's text seed: plan004 within 3 points units-exact, plan000 and plan002 within 10.
 * OCR takes seconds a page on a small machine: the suite is long, and times nothing.
 */
const TOOLS = ['tesseract', 'pdftoppm', 'img2pdf'];
const missing = TOOLS.filter((t) => {
  try {
    execFileSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
});
if (missing.length && process.env.CI === 'true')
  throw new Error(`OCR tests need ${missing.join(', ')} (CI installs them)`);

const cli = `node ${JSON.stringify(join(repoRoot, 'bin/taizhang.js'))} parse {file} --json`;
const PLANS = [
  { plan: 'plan004', id: '004_cdc8212ff34390a1', within: 3 },
  { plan: 'plan000', id: '000_d32ce278218e3896', within: 10 },
  { plan: 'plan002', id: '002_4354457bd10285a1', within: 10 },
];

function score(docs: string, gold: string, cmd = cli): { f1: number; units: number; out: string } {
  const out = execFileSync(
    process.execPath,
    [join(requireShared(), 'tools/score-plan.mjs'), '--docs', docs, '--gold', gold, '--cmd', cmd, '--verbose'],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const m = /SCORE item-F1 ([\d.]+) units-exact ([\d.]+)/.exec(out);
  if (!m) throw new Error(`scorer printed no score:\n${out}`);
  return { f1: Number(m[1]), units: Number(m[2]), out };
}

/** The fixture PDF as the issue builds its scan: every page an image at 150 dpi, no text layer. */
function scanOf(pdf: string, dir: string): string {
  const pages = join(dir, 'pages');
  mkdirSync(pages);
  execFileSync('pdftoppm', ['-r', '150', '-png', pdf, join(pages, 'p')]);
  const images = readdirSync(pages)
    .sort()
    .map((f) => join(pages, f));
  const out = join(dir, 'scan.pdf');
  execFileSync('img2pdf', [...images, '-o', out]);
  return out;
}

describe.skipIf(missing.length > 0)('OCR: office fixtures as image-only PDFs', () => {
  const shared = requireShared();
  for (const { plan, id, within } of PLANS) {
    it(`${plan}: units-exact within ${within} points of its text seed`, { timeout: 60 * 60_000 }, () => {
      const dir = mkdtempSync(join(tmpdir(), `tz-ocr-${plan}-`));
      const scan = scanOf(join(shared, 'fixtures/office', `${plan}.pdf`), dir);
      expect(execFileSync('pdftotext', [scan, '-'], { encoding: 'utf8' }).trim()).toBe('');
      const gold = join(dir, 'gold');
      const docs = join(dir, 'docs');
      const seed = join(dir, 'seed');
      for (const d of [gold, docs, seed]) mkdirSync(d);
      symlinkSync(join(shared, 'gold', `${id}.json`), join(gold, `${id}.json`));
      symlinkSync(scan, join(docs, `${id}.pdf`));
      symlinkSync(join(shared, 'seeds', `${id}.txt`), join(seed, `${id}.txt`));
      const text = score(seed, gold);
      // The scorer gives a command 60 s a document; OCR of a long scan on a busy machine takes longer. The CLI
      // parses it here, without a limit, and the scorer reads what it printed.
      const parsed = join(dir, 'parsed.json');
      writeFileSync(
        parsed,
        execFileSync(process.execPath, [join(repoRoot, 'bin/taizhang.js'), 'parse', scan, '--json'], {
          encoding: 'utf8',
          maxBuffer: 64 << 20,
        }),
      );
      const scanned = score(docs, gold, `cat ${JSON.stringify(parsed)} #{file}`);
      expect({ plan, units: scanned.units, misses: scanned.out.split('\n').slice(0, 30) }).toEqual({
        plan,
        units: expect.toSatisfy((u: number) => u >= text.units - within),
        misses: expect.anything(),
      });
      expect(scanned.f1).toBeGreaterThanOrEqual(text.f1 - within);
    });
  }
});

describe.skipIf(missing.length > 0)('OCR: a photographed page', () => {
  const shared = requireShared();
  let png: Uint8Array;
  let jpeg: Uint8Array;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-ocr-photo-'));
    const pdf = join(shared, 'fixtures/office/plan000.pdf');
    execFileSync('pdftoppm', ['-f', '2', '-l', '2', '-r', '150', '-png', '-singlefile', pdf, join(dir, 'page')]);
    execFileSync('pdftoppm', ['-f', '2', '-l', '2', '-r', '150', '-jpeg', '-singlefile', pdf, join(dir, 'page')]);
    png = readFileSync(join(dir, 'page.png'));
    jpeg = readFileSync(join(dir, 'page.jpg'));
  });

  it('reads a PNG of a table page into tasks whose fields keep their page and box', {
    timeout: 10 * 60_000,
  }, async () => {
    const plan = await parsePlan(png, { name: '照片.png' });
    expect(plan.source.format).toBe('image');
    const t = plan.tasks.find((x) => x.text.includes('主动公开目录'));
    expect(t?.units.map((u) => u.name)).toEqual(['各县、区人民政府（管委会）', '市直各单位']);
    expect(t?.fields.units?.page).toBe(1);
    const [x0, y0, x1, y1] = t!.fields.units!.box!;
    // The 牵头落实单位 column: right of the middle of the page, inside it.
    expect(x0).toBeGreaterThan(0.6);
    expect(x1).toBeLessThan(0.95);
    expect(y1).toBeGreaterThan(y0);
    expect(plan.warnings.some((w) => w.message.includes('照片.png 是图片，文字由 OCR 识别'))).toBe(true);
  });

  it('reads a JPEG the same way (poppler decodes it)', { timeout: 10 * 60_000 }, async () => {
    const plan = await parsePlan(jpeg, { name: '照片.jpg' });
    expect(plan.tasks.some((x) => x.text.includes('基层政务公开标准化规范化要求'))).toBe(true);
  });

  it('refuses an image over the pixel limit, naming the file and page, before recognising it', async () => {
    await expect(parsePlan(png, { name: '大图.png', limits: { maxOcrPixels: 1_000_000 } })).rejects.toThrow(
      /大图\.png 第 1 页的图像为 1754×1241 像素，超过文字识别上限/,
    );
  });
});
