import type { ParsedPlan, PlanTask } from '../domain/plan.js';
import { displayWidth, fitWidth, padWidth } from './text-width.js';

/**
 * The plan as a readable ledger in the terminal: one line per task with its place in the outline, the
 * requirement (cut to fit), the units (lead units marked ★, cooperating ☆) and the deadline.
 */
export function renderLedger(plan: ParsedPlan, columns = 120): string {
  const out: string[] = [];
  out.push(plan.title ?? '（未识别标题）');
  const meta = [plan.meta.issuer, plan.meta.docNumber, plan.meta.issueDate].filter(Boolean).join('  ');
  if (meta) out.push(meta);
  out.push(
    `共 ${plan.tasks.length} 项任务 · 版式 ${plan.layout}${plan.warnings.length ? ` · ${plan.warnings.length} 条提示` : ''}`,
  );
  out.push('');
  const wPath = 12;
  const wUnits = Math.max(20, Math.floor((columns - wPath - 16) * 0.35));
  const wDeadline = 14;
  const wText = Math.max(20, columns - wPath - wUnits - wDeadline - 6);
  const header = [padWidth('编号', wPath), padWidth('任务', wText), padWidth('责任单位', wUnits), '时限'].join('  ');
  out.push(header);
  out.push('─'.repeat(Math.min(columns, displayWidth(header) + 8)));
  for (const t of plan.tasks) {
    out.push(
      [
        padWidth(fitWidth(pathOf(t), wPath), wPath),
        padWidth(fitWidth(t.text.replace(/\s+/g, ''), wText), wText),
        padWidth(fitWidth(unitsOf(t), wUnits), wUnits),
        fitWidth(t.deadline?.text ?? '—', wDeadline),
      ].join('  '),
    );
  }
  if (plan.warnings.length) {
    out.push('');
    out.push('提示：');
    for (const w of plan.warnings.slice(0, 50)) out.push(`  ${w.task ? `[${w.task}] ` : ''}${w.message}`);
    if (plan.warnings.length > 50) out.push(`  …另有 ${plan.warnings.length - 50} 条`);
  }
  return out.join('\n');
}

function pathOf(t: PlanTask): string {
  return [t.section?.label, t.group?.label, t.number].filter(Boolean).join(' ') || t.id;
}

function unitsOf(t: PlanTask): string {
  if (t.units.length === 0) return '（无）';
  return t.units
    .map((u) => (u.role === 'lead' ? `★${u.name}` : u.role === 'cooperate' ? `☆${u.name}` : u.name))
    .join('、');
}
