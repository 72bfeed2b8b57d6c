import type { Kysely } from 'kysely';
import { type AssignmentState, STATE_LABELS } from '../domain/assignment.js';
import { AppError } from '../domain/errors.js';
import type { DocumentHead } from '../reports/gbt9704-parts.js';
import type { Database } from '../store/schema.js';
import { type ServiceContext, today } from './context.js';

/**
 * What every document needs from the ledger: its plan (confirmed or archived — a draft is not yet the office's
 * word), the 版头 and 落款 (from the plan's jurisdiction unless the office says otherwise), and each
 * assignment's 完成情况 as units reported it.
 */
export interface DocumentPlan {
  id: number;
  title: string;
  year: number;
  jurisdictionId: string | null;
  /** Who issues the office's documents on this plan: its jurisdiction's 政务公开办公室, or the issuing unit. */
  office: string;
  /** 政务公开 when the plan is about it: the word the documents' titles use. */
  topic: string;
}

/** What the office may set on a document; the rest is derived. */
export interface HeadOptions {
  issuer?: string;
  /** 发文机关标志; null for no 版头. Default: the issuer's name. */
  mark?: string | null;
  docNumber?: string | null;
  addressee?: string | null;
  /** 成文日期 (ISO); default today. */
  date?: string;
}

export async function documentPlan(ctx: ServiceContext, planId: number): Promise<DocumentPlan> {
  const p = await ctx.store.db
    .selectFrom('plans as p')
    .leftJoin('units as u', 'u.id', 'p.jurisdiction_id')
    .select(['p.id', 'p.title', 'p.issuer', 'p.year', 'p.state', 'p.jurisdiction_id', 'u.name', 'u.kind'])
    .where('p.id', '=', planId)
    .executeTakeFirst();
  if (!p) throw new AppError('not-found', `没有编号为 ${planId} 的方案`);
  if (p.state === 'draft') throw new AppError('conflict', `方案 #${planId} 尚未确认下达，不能据此发文`);
  const title = p.title ?? `方案 #${planId}`;
  return {
    id: Number(p.id),
    title,
    year: Number(p.year ?? Number(today(ctx).slice(0, 4))),
    jurisdictionId: p.jurisdiction_id,
    office: officeOf(p.name ?? p.issuer ?? '', p.kind),
    topic: title.includes('政务公开') ? '政务公开' : '',
  };
}

/** 潮州市人民政府 → 潮州市政务公开办公室; a department issues its own. */
function officeOf(name: string, kind: string | null): string {
  if (kind !== 'government') return name || '政务公开办公室';
  const place = name.replace(/(人民政府|政府)(办公室|办公厅)?$|管理委员会$/, '');
  return `${place}政务公开办公室`;
}

export function documentHead(
  ctx: ServiceContext,
  plan: DocumentPlan,
  o: HeadOptions,
  addressee: string | null,
): DocumentHead {
  const issuer = o.issuer?.trim() || plan.office;
  return {
    issuer,
    mark: o.mark === undefined ? issuer : o.mark,
    docNumber: o.docNumber ?? null,
    addressee: o.addressee === undefined ? addressee : o.addressee,
    date: o.date ?? today(ctx),
  };
}

/** The date in China of an ISO instant (times are stored in UTC; deadlines are Chinese calendar days). */
export function chinaDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface AssignmentStatus {
  assignmentId: number;
  unitName: string;
  state: AssignmentState;
  /** 完成情况: the latest report's text, or the state's label before any report. */
  status: string;
}

/** Each assignment's latest progress report text (by time, then id), or its state's label. */
export async function statusesOf(
  db: Kysely<Database>,
  rows: { id: number; unitName: string; state: string }[],
): Promise<AssignmentStatus[]> {
  const latest = new Map<number, string>();
  const ids = rows.map((r) => r.id);
  // In slices: SQLite's bound-parameter limit, and PostgreSQL's, are far below a city plan's assignments.
  for (let i = 0; i < ids.length; i += 500) {
    const reports = await db
      .selectFrom('progress_reports')
      .select(['assignment_id', 'text'])
      .where('assignment_id', 'in', ids.slice(i, i + 500))
      .orderBy('assignment_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const r of reports) latest.set(Number(r.assignment_id), r.text);
  }
  return rows.map((r) => {
    const state = r.state as AssignmentState;
    return { assignmentId: r.id, unitName: r.unitName, state, status: latest.get(r.id) ?? STATE_LABELS[state] };
  });
}

/**
 * One task's 完成情况 over its units: the common text when all agree; each unit's when there are few; else how
 * many units stand in each state — a cell cannot hold forty units' reports, and the ledger has them all.
 */
export function summariseStatuses(list: AssignmentStatus[]): string {
  if (list.length === 0) return '';
  const texts = new Set(list.map((s) => s.status));
  if (texts.size === 1) return list[0]!.status;
  if (list.length <= 3) return list.map((s) => `${s.unitName}：${s.status}`).join('\n');
  const counts = new Map<AssignmentState, number>();
  for (const s of list) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  return (Object.keys(STATE_LABELS) as AssignmentState[])
    .filter((k) => counts.has(k))
    .map((k) => `${STATE_LABELS[k]}${counts.get(k)}个单位`)
    .join('\n');
}

/** 2022-11-01 … 2022-12-31 → 2022年11—12月; whole months read as months, other spans as dates. */
export function periodLabel(from: string, to: string): string {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const monthEnd = new Date(Date.UTC(ty, tm, 0)).toISOString().slice(0, 10) === to;
  if (fd === 1 && monthEnd && fy === ty) return fm === tm ? `${fy}年${fm}月` : `${fy}年${fm}—${tm}月`;
  const d = (s: string) => s.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日');
  return `${d(from)}至${d(to)}`;
}
