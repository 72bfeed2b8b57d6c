import { api, download } from './client';
import type {
  AccountView,
  AuditRow,
  AuditVerification,
  CarryOverResult,
  CascadeResult,
  ChooseResult,
  ConfirmBlocker,
  Coverage,
  DigestRun,
  DigestStatus,
  Directory,
  DocumentFormat,
  DocumentKind,
  ExtensionListing,
  ImportSummary,
  LedgerRow,
  LedgerSheetApplied,
  LedgerSheetPreview,
  NewUnit,
  Overview,
  Page,
  PendingRevision,
  PlanDetail,
  PlanListing,
  PlanRevisionDiff,
  PublicPlan,
  PublicPlanSummary,
  ReminderView,
  RobotInput,
  RobotView,
  Role,
  RollUpLine,
  ScoreReport,
  ScoringRules,
  Session,
  Settings,
  SsoOptions,
  TaskView,
  Unit,
  UnitGroup,
  UrgeResult,
} from './types';
import { groupsInOrder, inDirectoryOrder } from './unit-order';

/** Every endpoint the screens use, typed. Paths and bodies follow /api/openapi.json. */
export const sso = {
  options: () => api<SsoOptions>('/api/sso'),
};

export const session = {
  get: () => api<Session>('/api/session'),
  login: (username: string, password: string) => api<Session>('/api/session', { json: { username, password } }),
  logout: () => api<{ ok: true }>('/api/session', { method: 'DELETE' }),
  changePassword: (current: string, next: string) =>
    api<{ ok: true }>('/api/session/password', { json: { current, next } }),
};

export const setup = {
  needed: () => api<{ needed: boolean }>('/api/setup'),
  create: (body: { token: string; username: string; displayName: string; password: string }) =>
    api<{ ok: true }>('/api/setup', { json: body }),
};

export interface LedgerQuery {
  plan?: number;
  unit?: string;
  state?: string;
  dueWithin?: number;
  overdue?: boolean;
  drafts?: boolean;
  limit?: number;
  offset?: number;
}

/** A place in the plan's outline (章节, 分组); null for none. */
export interface OutlinePlace {
  label: string;
  title: string;
}

export interface TaskPatch {
  text?: string;
  name?: string | null;
  unitsText?: string;
  deadlineText?: string | null;
  section?: OutlinePlace | null;
  group?: OutlinePlace | null;
  number?: string | null;
  status?: string | null;
  note?: string | null;
}

export interface PlanPatch {
  title?: string;
  issuer?: string | null;
  docNumber?: string | null;
  issueDate?: string | null;
  year?: number;
  /** Required once the plan is confirmed. */
  reason?: string;
}

export interface NewTask {
  text: string;
  name?: string | null;
  section?: OutlinePlace | null;
  group?: OutlinePlace | null;
  number?: string | null;
  unitsText?: string | null;
  deadlineText?: string | null;
  /** Insert before this task; absent: at the end. */
  beforeTaskId?: number | null;
}

export const plans = {
  list: () => api<PlanListing[]>('/api/plans'),
  get: (id: number) => api<PlanDetail>(`/api/plans/${id}`),
  importFile: (file: File, options: { issuer?: string; revise?: string }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    if (options.issuer) form.append('issuer', options.issuer);
    if (options.revise) form.append('revise', options.revise);
    return api<ImportSummary>('/api/plans', { form });
  },
  confirm: (id: number) => api<{ state: string }>(`/api/plans/${id}/confirm`, { method: 'POST' }),
  checklist: (id: number) => api<{ blockers: ConfirmBlocker[] }>(`/api/plans/${id}/checklist`),
  revision: (id: number) => api<{ revision: PendingRevision | null }>(`/api/plans/${id}/revision`),
  confirmRevision: (id: number, reason: string) =>
    api<{ diff: PlanRevisionDiff }>(`/api/plans/${id}/revision/confirm`, { json: { reason } }),
  discardRevision: (id: number, reason: string) =>
    api<{ ok: true }>(`/api/plans/${id}/revision/discard`, { json: { reason } }),
  archive: (id: number) => api<{ state: string }>(`/api/plans/${id}/archive`, { method: 'POST' }),
  publish: (id: number, published: boolean) =>
    api<{ ok: true }>(`/api/plans/${id}/published`, { method: 'PUT', json: { published } }),
  editTask: (taskId: number, patch: TaskPatch) =>
    api<{ ok: true }>(`/api/tasks/${taskId}`, { method: 'PATCH', json: patch }),
  editDetails: (id: number, patch: PlanPatch) =>
    api<{ redated: { taskId: number }[] }>(`/api/plans/${id}`, { method: 'PATCH', json: patch }),
  addTask: (id: number, task: NewTask) =>
    api<{ taskId: number; seq: number; assignments: number; pending: number }>(`/api/plans/${id}/tasks`, {
      json: task,
    }),
  choose: (pendingId: number, unitIds: string[], alias?: boolean) =>
    api<ChooseResult>(`/api/pending/${pendingId}`, { json: { unitIds, ...(alias === undefined ? {} : { alias }) } }),
  createUnit: (pendingId: number, unit: NewUnit) =>
    api<{ unitId: string; assignments: number; alsoSettled: number }>(`/api/pending/${pendingId}/unit`, {
      json: unit,
    }),
};

export const ledger = {
  list: (q: LedgerQuery) => api<Page<LedgerRow>>('/api/ledger', { query: { ...q } }),
  mine: (q: Pick<LedgerQuery, 'state' | 'overdue' | 'dueWithin' | 'limit' | 'offset'> = {}) =>
    api<Page<LedgerRow>>('/api/my/assignments', { query: { ...q } }),
  task: (id: number) => api<TaskView>(`/api/tasks/${id}`),
  dashboard: (plan?: number) => api<Overview>('/api/dashboard', { query: { plan } }),
};

export const assignments = {
  report: (id: number, body: { text: string; claim: 'in_progress' | 'complete'; files: File[]; links: string }) => {
    const form = new FormData();
    form.append('text', body.text);
    form.append('claim', body.claim);
    for (const f of body.files) form.append('files', f, f.name);
    if (body.links.trim()) form.append('links', body.links);
    return api<{ reportId: number; state: string; period: string | null }>(`/api/assignments/${id}/reports`, {
      form,
    });
  },
  review: (id: number, decision: 'accept' | 'return' | 'reopen', reason?: string) =>
    api<unknown>(`/api/assignments/${id}/review`, { json: { decision, ...(reason ? { reason } : {}) } }),
  requestExtension: (id: number, requestedDue: string, reason: string) =>
    api<{ requestId: number }>(`/api/assignments/${id}/extensions`, { json: { requestedDue, reason } }),
};

export const extensions = {
  pending: () => api<ExtensionListing[]>('/api/extensions'),
  decide: (id: number, approve: boolean, note?: string) =>
    api<{ due: string | null }>(`/api/extensions/${id}/decision`, { json: { approve, ...(note ? { note } : {}) } }),
};

export const evidenceUrl = (id: number): string => `/api/evidence/${id}`;

export const directory = {
  /** The directory in the order people look units up (each under its parent, siblings by pinyin). */
  get: () =>
    api<Directory>('/api/units').then((d) => ({
      ...d,
      units: inDirectoryOrder(d.units),
      groups: groupsInOrder(d.groups),
    })),
  save: (unit: Unit) => {
    const { id, ...body } = unit;
    return api<{ ok: true }>(`/api/units/${encodeURIComponent(id)}`, { method: 'PUT', json: body });
  },
  createGroup: (group: Omit<UnitGroup, 'id'> & { id?: string }) =>
    api<{ id: string }>('/api/unit-groups', { json: group }),
  saveGroup: (group: UnitGroup) => {
    const { id, ...body } = group;
    return api<{ id: string }>(`/api/unit-groups/${encodeURIComponent(id)}`, { method: 'PUT', json: body });
  },
  importFile: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<{ units: number; groups: number }>('/api/units/import', { form });
  },
  exportUrl: (format: 'xlsx' | 'csv'): string => `/api/units/export?format=${format}`,
};

export interface AccountInput {
  username: string;
  displayName: string;
  role: Role;
  unitId?: string | null;
  password: string;
  mustChangePassword?: boolean;
}

export interface AccountPatch {
  displayName?: string;
  role?: Role;
  unitId?: string | null;
  active?: boolean;
  password?: string;
  unlock?: boolean;
}

export const accounts = {
  list: () => api<AccountView[]>('/api/accounts'),
  create: (input: AccountInput) => api<AccountView>('/api/accounts', { json: input }),
  update: (id: number, patch: AccountPatch) =>
    api<AccountView>(`/api/accounts/${id}`, { method: 'PATCH', json: patch }),
  settings: () => api<Settings>('/api/settings'),
  saveSettings: (s: Settings) => api<Settings>('/api/settings', { method: 'PUT', json: s }),
};

export const audit = {
  list: (q: { action?: string; entity?: string; actor?: string; limit: number; offset: number }) =>
    api<Page<AuditRow>>('/api/audit', { query: q }),
  verify: () => api<AuditVerification>('/api/audit/verify'),
  pendingAccounts: () => api<AccountView[]>('/api/accounts/pending'),
  decideAccount: (id: number, approve: boolean) =>
    api<{ ok: true }>(`/api/accounts/${id}/approval`, { method: 'POST', json: { approve } }),
};

export const publicPlans = {
  list: () => api<PublicPlanSummary[]>('/api/public/plans'),
  get: (id: number) => api<PublicPlan>(`/api/public/plans/${id}`),
};

/** Each unit's overdue items by the counting model (src/services/overdue-work.ts). */
export const overdue = {
  byUnit: (plan?: number) =>
    api<{ unitId: string; unitName: string; items: number }[]>('/api/overdue', { query: { plan } }),
};

export const reminders = {
  sendDigest: () => api<DigestRun>('/api/reminders/digest', { method: 'POST' }),
  digestStatus: () => api<DigestStatus>('/api/reminders/digest'),
  /** A unit user always gets its own unit's; the office names the unit. */
  list: (unit?: string) => api<ReminderView[]>('/api/reminders', { query: { unit } }),
  markRead: (id: number) => api<{ ok: true }>(`/api/reminders/${id}/read`, { method: 'POST' }),
  urge: (unitId: string, body: { planId?: number; note?: string; dryRun?: boolean }) =>
    api<UrgeResult>(`/api/units/${encodeURIComponent(unitId)}/urge`, { json: body }),
};

export const scores = {
  list: (q: { period: string; plan?: number; unit?: string }) => api<ScoreReport>('/api/scores', { query: q }),
  download: (q: { period: string; plan?: number }) => download('/api/scores.xlsx', q, `scores-${q.period}.xlsx`),
  adjust: (body: { unitId: string; period: string; points: number; reason: string }) =>
    api<{ id: number }>('/api/scores/adjustments', { json: body }),
  rules: () => api<ScoringRules>('/api/scoring-rules'),
  saveRules: (rules: Partial<ScoringRules>) => api<ScoringRules>('/api/scoring-rules', { method: 'PUT', json: rules }),
};

export const planTools = {
  cascade: (planId: number, unitId: string) => api<CascadeResult>(`/api/plans/${planId}/cascade`, { json: { unitId } }),
  rollUp: (planId: number) => api<RollUpLine[]>(`/api/plans/${planId}/roll-up`, { method: 'POST' }),
  coverage: (planId: number, higher?: number) => api<Coverage>(`/api/plans/${planId}/coverage`, { query: { higher } }),
  carryOver: (planId: number, fromPlanId: number, deadlineText?: string) =>
    api<CarryOverResult>(`/api/plans/${planId}/carry-over`, { json: { fromPlanId, deadlineText } }),
};

export const ledgerSheets = {
  exportFile: (planId: number, unit?: string) =>
    download(`/api/plans/${planId}/ledger.xlsx`, { unit }, `ledger-${planId}.xlsx`),
  preview: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<LedgerSheetPreview>('/api/ledger-sheets/preview', { form });
  },
  /** Conflicts are written only when forced one by one; `force` names those the office chose to overwrite. */
  apply: (file: File, accept: string[], force: string[]) => {
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('accept', accept.join(','));
    if (force.length) form.append('force', force.join(','));
    return api<LedgerSheetApplied>('/api/ledger-sheets/apply', { form });
  },
};

export interface DocumentQuery {
  plan?: number;
  unit?: string;
  from?: string;
  to?: string;
  quarter?: string;
  previousPlan?: number;
  format: DocumentFormat;
  issuer?: string;
  docNumber?: string;
  addressee?: string;
  date?: string;
}

export const documents = {
  download: (kind: DocumentKind, q: DocumentQuery) =>
    download(`/api/documents/${kind}`, { ...q }, `${kind}.${q.format}`),
};

/** Group robots (钉钉, 企业微信, 飞书): the office's per-unit or per-plan chat groups. */
export const robots = {
  list: () => api<RobotView[]>('/api/robots'),
  add: (input: RobotInput) => api<RobotView>('/api/robots', { json: input }),
  remove: (id: number) => api<{ ok: true }>(`/api/robots/${id}`, { method: 'DELETE' }),
  test: (id: number) => api<{ ok: boolean; error: string | null }>(`/api/robots/${id}/test`, { method: 'POST' }),
};
