import { AppError } from '../domain/errors.js';
import type { OutlineRef } from '../domain/plan.js';

/**
 * The checks a task's outline place and plain fields get when the office types them (edit or add), with the
 * messages the office reads. Blank means absent: an outline place with neither label nor title is none.
 */
export interface OutlineInput {
  label?: string | null;
  title?: string | null;
}

const LIMITS = { label: 50, title: 500, number: 50, status: 2000, note: 2000 } as const;

/** «一、» + «全面公开» → { label, title }; both blank → null. */
export function outlineRef(input: OutlineInput | null, what: '章节' | '分组'): OutlineRef | null {
  if (!input) return null;
  const label = input.label?.trim() ?? '';
  const title = input.title?.trim() ?? '';
  if (label.length > LIMITS.label) throw new AppError('invalid-input', `${what}序号不能超过 ${LIMITS.label} 字`);
  if (title.length > LIMITS.title) throw new AppError('invalid-input', `${what}标题不能超过 ${LIMITS.title} 字`);
  return label || title ? { label, title } : null;
}

/** A short optional field (任务序号, 完成情况, 备注): trimmed, blank → null, bounded. */
export function optionalField(value: string | null, field: 'number' | 'status' | 'note'): string | null {
  const v = value?.trim() ?? '';
  const label = { number: '任务序号', status: '完成情况', note: '备注' }[field];
  if (v.length > LIMITS[field]) throw new AppError('invalid-input', `${label}不能超过 ${LIMITS[field]} 字`);
  return v || null;
}

/** The requirement text: never blank. */
export function requirementText(value: string): string {
  const v = value.trim();
  if (!v) throw new AppError('invalid-input', '具体要求（text）不能为空');
  if (v.length > 5000) throw new AppError('invalid-input', '具体要求不能超过 5000 字');
  return v;
}
