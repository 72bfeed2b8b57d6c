import { FIELD_LABELS } from '../domain/plan-diff.js';
import type { ImportSummary, PendingKind } from '../services/import-plan.js';
import type { PendingRevision } from '../services/plan-revision.js';
import type { PlanRevisionDiff } from '../services/revise-plan.js';

const PENDING_LABELS: Record<PendingKind, string> = {
  choose: '须指定具体单位',
  'no-members': '目录中还没有该群组的成员，导入单位目录后重新核对',
  unknown: '单位目录中找不到',
};

import { PLAN_STATE_LABELS } from '../services/plan-state.js';

/** The review summary printed after an import: what was stored, what the office still has to settle. */
export function renderImportSummary(s: ImportSummary): string {
  const out: string[] = [];
  out.push(`方案 #${s.planId}：${s.title ?? '（未识别标题）'}`);
  out.push(
    `发文机关：${s.issuer.name}${s.issuerInferred ? `（方案未写明，按${s.issuerInferred}推定）` : ''}  年度：${s.year}  第 ${s.revision} 版  状态：${PLAN_STATE_LABELS[s.state]}`,
  );
  if (s.unchanged) {
    out.push('与已导入的文件完全相同，未作改动。');
    return out.join('\n');
  }
  out.push(`任务 ${s.tasks} 项，分工 ${s.assignments} 条，涉及 ${s.units} 个单位`);
  if (s.directoryAdded.length) {
    out.push(
      '',
      `单位目录中原无此地的单位，已按方案补入 ${s.directoryAdded.length} 项（请核对，可用 taizhang units export 导出）：`,
    );
    out.push(`  ${s.directoryAdded.slice(0, 40).join('、')}${s.directoryAdded.length > 40 ? ` 等` : ''}`);
  }
  if (s.divisionsAdded) {
    const d = s.divisionsAdded;
    out.push(
      '',
      `按行政区划（${d.source}，区划代码 ${d.code}）为${d.government}补入下级政府、乡镇（街道）${d.units.length} 个（随方案草稿待公开办核对）：`,
      `  ${d.units.slice(0, 40).join('、')}${d.units.length > 40 ? ' 等' : ''}`,
    );
  }
  if (s.pendingRevision) {
    if (s.confirmWithheld.length) out.push('', '要求直接生效，但修订稿中还有须先处理的事项，已改为待确认。');
    out.push('', ...renderPendingRevision(s.pendingRevision).split('\n'));
    return out.join('\n');
  }
  if (s.diff) out.push('', ...renderDiff(s.diff));
  if (s.pending.length) {
    // One line per printed name: «各县、区人民政府» left open on forty tasks is one thing to settle.
    const byName = new Map<
      string,
      { kind: PendingKind; tasks: number[]; suggestions: Set<string>; standard: string | null }
    >();
    for (const p of s.pending) {
      const key = `${p.kind}|${p.printed}`;
      const cur = byName.get(key) ?? {
        kind: p.kind,
        tasks: [],
        suggestions: new Set<string>(),
        standard: p.standardName,
      };
      cur.tasks.push(p.taskSeq);
      for (const x of p.suggestions) cur.suggestions.add(x);
      byName.set(key, cur);
    }
    out.push('', `待公开办确定 ${s.pending.length} 项：`);
    for (const [key, v] of byName) {
      const printed = key.slice(key.indexOf('|') + 1);
      const what = PENDING_LABELS[v.kind];
      const tasks =
        v.tasks.length > 8
          ? `第 ${v.tasks.slice(0, 8).join('、')} 等 ${v.tasks.length} 项`
          : `第 ${v.tasks.join('、')} 项`;
      const hint =
        v.kind === 'unknown' && v.suggestions.size ? `；可能是：${[...v.suggestions].slice(0, 5).join('、')}` : '';
      const standard = v.standard ? `；标准名称：${v.standard}（可新建）` : '';
      out.push(`  「${printed}」${what}（${tasks}）${hint}${standard}`);
    }
  }
  const notable = s.warnings.filter((w) => w.code !== 'units-inherited' && w.code !== 'deadline-inherited');
  if (notable.length) {
    out.push('', `解析提示 ${notable.length} 条：`);
    for (const w of notable.slice(0, 20)) out.push(`  ${w.task ? `[${w.task}] ` : ''}${w.message}`);
  }
  if (s.confirmWithheld.length && !s.pendingRevision) out.push('', ...renderWithheld(s));
  else if (s.state === 'draft') out.push('', `核对无误后确认下达：taizhang plan confirm ${s.planId}`);
  return out.join('\n');
}

/** Asked to confirm at import, but the checklist is not empty: the plan stays a draft, and this says why. */
function renderWithheld(s: ImportSummary): string[] {
  const list = s.confirmWithheld;
  return [
    `未确认下达：还有 ${list.length} 处须先处理，方案已存为草稿：`,
    ...list.slice(0, 20).map((b) => `  第 ${b.seq} 项：${b.message}`),
    ...(list.length > 20 ? [`  …… 共 ${list.length} 处`] : []),
    `处理后确认下达：taizhang plan confirm ${s.planId}（待指定的单位：taizhang plan choose）`,
  ];
}

function renderDiff(d: PlanRevisionDiff): string[] {
  const out = [
    `与第 ${d.fromRevision} 版相比：新增 ${d.added.length} 项，删除 ${d.removed.length} 项，修改 ${d.changed.length} 项，未变 ${d.unchanged} 项；已报送的 ${d.keptReports} 条进展全部保留。`,
  ];
  for (const t of d.added) out.push(`  + 第 ${t.seq} 项 ${brief(t.text)}`);
  for (const t of d.removed)
    out.push(`  - 原第 ${t.seq} 项 ${brief(t.text)}${t.reports ? `（已有 ${t.reports} 条进展，保留备查）` : ''}`);
  for (const t of d.changed) {
    out.push(`  ~ 第 ${t.seq} 项 ${brief(t.text)}（${t.fields.map((f) => FIELD_LABELS[f]).join('、')}有变化）`);
    for (const c of t.changes ?? [])
      if (c.field !== 'text')
        out.push(`      ${FIELD_LABELS[c.field]}：${c.before ?? '（无）'} → ${c.after ?? '（无）'}`);
  }
  return out;
}

/** A revision of an issued plan waiting for review: the diff, its effect per unit, what blocks it, how to act. */
export function renderPendingRevision(r: PendingRevision): string {
  const out = [`修订稿（${r.sourceName}）待公开办确认，现行台账未作任何改动。`, ...renderDiff(r.review.diff)];
  if (r.review.effect.length) {
    out.push('', '对各单位的影响（考核计分事项 / 本周提醒事项，修订前 → 修订后）：');
    for (const e of r.review.effect)
      out.push(`  ${e.unitName}：考核 ${e.scoredBefore} → ${e.scoredAfter}，提醒 ${e.remindBefore} → ${e.remindAfter}`);
  } else out.push('', '对各单位的考核计分事项和提醒事项没有影响。');
  if (r.review.blockers.length) {
    out.push('', `确认前须处理 ${r.review.blockers.length} 处：`);
    for (const b of r.review.blockers.slice(0, 20)) out.push(`  第 ${b.seq} 项：${b.message}`);
  }
  out.push(
    '',
    `确认生效：taizhang revision confirm ${r.planId} --reason 理由；放弃：taizhang revision discard ${r.planId} --reason 理由`,
  );
  return out.join('\n');
}

function brief(text: string): string {
  const t = text.replace(/\s+/g, '');
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}
