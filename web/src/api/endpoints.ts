import { api } from './client';
import type {
  AccountView,
  AuditRow,
  AuditVerification,
  Directory,
  ExtensionListing,
  ImportSummary,
  LedgerRow,
  Overview,
  Page,
  PlanDetail,
  PlanListing,
  PublicPlan,
  PublicPlanSummary,
  Role,
  Session,
  Settings,
  TaskView,
  Unit,
} from './types';

/** Every endpoint the screens use, typed. Paths and bodies follow /api/openapi.json. */
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

export interface TaskPatch {
  text?: string;
  name?: string | null;
  unitsText?: string;
  deadlineText?: string | null;
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
  archive: (id: number) => api<{ state: string }>(`/api/plans/${id}/archive`, { method: 'POST' }),
  publish: (id: number, published: boolean) =>
    api<{ ok: true }>(`/api/plans/${id}/published`, { method: 'PUT', json: { published } }),
  editTask: (taskId: number, patch: TaskPatch) =>
    api<{ ok: true }>(`/api/tasks/${taskId}`, { method: 'PATCH', json: patch }),
  choose: (pendingId: number, unitIds: string[]) =>
    api<{ assignments: number }>(`/api/pending/${pendingId}`, { json: { unitIds } }),
};

export const ledger = {
  list: (q: LedgerQuery) => api<Page<LedgerRow>>('/api/ledger', { query: { ...q } }),
  mine: (q: Pick<LedgerQuery, 'state' | 'overdue' | 'dueWithin'> = {}) =>
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
  get: () => api<Directory>('/api/units'),
  save: (unit: Unit) => {
    const { id, ...body } = unit;
    return api<{ ok: true }>(`/api/units/${encodeURIComponent(id)}`, { method: 'PUT', json: body });
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
};

export const publicPlans = {
  list: () => api<PublicPlanSummary[]>('/api/public/plans'),
  get: (id: number) => api<PublicPlan>(`/api/public/plans/${id}`),
};
