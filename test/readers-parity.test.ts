import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../src/parse/index.js';
import { compact, type Truth } from './support/cells.js';
import { requireShared } from './support/paths.js';
import { scoreAgainstSeed, seedFile } from './support/score.js';

/**
 * Parity: the whole parser on each office file scores within a point of the seed's text against the seed's
 * gold. Where the deadline score differs, the office file must show the deadline its own table has: the
 * fixtures fill in deadlines (merged cells) that the seed's text lost, and the reader must not lose them.
 */
const office = () => join(requireShared(), 'fixtures/office');

describe('parity of office formats with the seed text', () => {
  const cases: [string, string][] = [];
  for (const id of ['000', '002', '004'])
    for (const ext of ['docx', 'html', 'xlsx', 'doc']) if (!(id === '004' && ext === 'xlsx')) cases.push([id, ext]);
  for (const [id, ext] of cases) {
    it(`plan${id}.${ext}`, async () => {
      const file = join(office(), `plan${id}.${ext}`);
      const [f1, units, deadline] = scoreAgainstSeed(file, id);
      const [textF1, textUnits, textDeadline] = scoreAgainstSeed(seedFile(id), id);
      expect(f1).toBeGreaterThanOrEqual(textF1 - 1);
      expect(units).toBeGreaterThanOrEqual(textUnits - 1);
      if (deadline >= textDeadline - 1) return;
      // The deadlines that differ from the text's are the ones the file's own table prints for that task.
      const truth: Truth & { header: string[] } = JSON.parse(
        readFileSync(join(office(), `plan${id}.truth.json`), 'utf8'),
      );
      const col = truth.header.findIndex((h) => /时限/.test(h));
      const fromFile = await parsePlan(readFileSync(file), { name: file });
      const fromText = await parsePlan(readFileSync(seedFile(id)), { name: 'seed' });
      const differing = fromFile.tasks.filter((t) => {
        const twin = fromText.tasks.find((x) => x.number === t.number && x.text.slice(0, 8) === t.text.slice(0, 8));
        return compact(twin?.deadline?.text ?? '') !== compact(t.deadline?.text ?? '');
      });
      expect(differing.length).toBeGreaterThan(0);
      for (const t of differing) {
        const row = truth.rows!.find((r) =>
          r.some((cell) => new RegExp(`(^|[。\\s])${t.number}\\.`).test(compact(cell))),
        );
        expect([t.number, compact(t.deadline?.text ?? '')]).toEqual([t.number, compact(row?.[col] ?? '')]);
      }
    });
  }
});
