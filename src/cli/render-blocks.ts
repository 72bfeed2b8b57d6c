import type { BlockDocument } from '../parse/blocks.js';
import { fitWidth } from './text-width.js';

/** The block model as text: one line per paragraph, tables as rows of cells (for debugging a layout). */
export function renderBlocks(doc: BlockDocument): string {
  const out = [`格式 ${doc.format}${doc.encoding ? ` · 编码 ${doc.encoding}` : ''} · ${doc.blocks.length} 块`];
  for (const b of doc.blocks) {
    const where = `${b.span.start}-${b.span.end}${b.span.page ? ` p${b.span.page}` : ''}`;
    if (b.kind === 'paragraph') {
      out.push(`¶ [${where}] ${fitWidth(b.text, 100)}`);
      continue;
    }
    out.push(`▦ 表格 [${where}] ${b.rows.length} 行 (${b.origin})`);
    b.rows.forEach((r, i) => {
      const cells = r.cells.map((c) => {
        const t = c.text.replace(/\s+/g, ' ').trim();
        const merge = c.covered ? '↑' : c.rowspan > 1 || c.colspan > 1 ? `⊞${c.rowspan}×${c.colspan}` : '';
        return `${merge}${fitWidth(t, 24)}`;
      });
      out.push(`  ${String(i + 1).padStart(3)} │ ${cells.join(' │ ')}`);
    });
  }
  return out.join('\n');
}
