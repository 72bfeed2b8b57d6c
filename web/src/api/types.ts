/**
 * The shapes the API answers with: mirrors of the services' return types (src/services/*.ts), kept here so
 * the browser code does not compile server modules. Only fields the screens read are required to match.
 */
/** 'none' (待授权): an account single sign-on made, waiting for the administrator to grant a role. */
export type Role = 'admin' | 'office' | 'unit' | 'leader' | 'auditor' | 'operator' | 'none';
export type AssignmentState = 'not_started' | 'in_progress' | 'submitted' | 'done' | 'returned';
export type DueStatus = 'closed' | 'overdue' | 'due-soon' | 'on-track' | 'no-deadline';
export type UnitRole = 'lead' | 'cooperate' | 'responsible';
export type PlanState = 'draft' | 'confirmed' | 'archived';
export type PendingKind = 'choose' | 'no-members' | 'unknown';
export type TaskField = 'text' | 'units' | 'deadline' | 'place';

export interface Actor {
  id: string;
  name: string;
  role: Role;
  unitId: string | null;
  roleLabel: string;
}

/** GET /api/sso (SsoOptions in src/server/routes/sso.ts): the ways to log in this server offers. */
export interface SsoOptions {
  oidc: boolean;
  cas: boolean;
  localPasswords: boolean;
}

export interface Session {
  actor: Actor;
  csrf: string;
  mustChangePassword: boolean;
}

export interface SourceSpan {
  start: number;
  end: number;
  page?: number;
  /** On a page read by OCR: [left, top, right, bottom] as fractions of the page image. */
  box?: [number, number, number, number];
}

export interface TaskFields {
  text: SourceSpan;
  units?: SourceSpan;
  deadline?: SourceSpan;
  status?: SourceSpan;
  note?: SourceSpan;
}

export interface PlanWarning {
  code: string;
  message: string;
  task?: string;
  span?: SourceSpan;
}

export interface PlanListing {
  id: number;
  title: string | null;
  issuer: string | null;
  year: number | null;
  state: PlanState;
  revision: number;
  tasks: number;
  assignments: number;
  done: number;
  createdAt: string;
}

export interface PlanAssignment {
  id: number;
  unitId: string;
  unitName: string;
  role: UnitRole;
  state: AssignmentState;
  printed: string | null;
  viaGroup: boolean;
  /** How surely the printed name matched the unit (below 1: to check) and why; null when the office chose it. */
  confidence: number | null;
  reason: string | null;
}

export interface PlanTask {
  id: number;
  seq: number;
  section: string | null;
  group: string | null;
  sectionLabel: string | null;
  sectionTitle: string | null;
  groupLabel: string | null;
  groupTitle: string | null;
  number: string | null;
  name: string | null;
  text: string;
  unitsText: string | null;
  deadlineText: string | null;
  deadlineDue: string | null;
  /** Where the deadline was read: deadline 时限栏, note 备注, text 正文, plan 方案期限, office 公开办. */
  deadlineSource?: string | null;
  deadlinePrinted?: string | null;
  status: string | null;
  note: string | null;
  span: SourceSpan | null;
  fields: TaskFields | null;
  /** The parse's task id (T1 …) the parser's warnings name; null for a task added by hand. */
  parseTask: string | null;
  assignments: PlanAssignment[];
}

export interface PendingChoice {
  id: number;
  taskId: number;
  printed: string;
  role: UnitRole;
  kind: PendingKind;
  suggestions: { unitId: string; name: string }[];
  /** For a name the directory lacks: the unit «新建单位» proposes (`standard`: by the department's standard name). */
  proposal: (NewUnit & { standard?: true }) | null;
}

export interface NewUnit {
  name: string;
  parentId: string | null;
  kind: UnitKind;
}

export interface ChooseResult {
  assignments: number;
  alias: string | null;
  alsoSettled: number;
}

export interface PlanDetail {
  id: number;
  title: string | null;
  issuer: string | null;
  docNumber: string | null;
  issueDate: string | null;
  year: number | null;
  state: PlanState;
  revision: number;
  /** The higher plan this one was cut from (分解), if any. */
  parentPlanId: number | null;
  sourceName: string | null;
  sourceFormat: string;
  published: boolean;
  sourceText: string | null;
  warnings: PlanWarning[];
  tasks: PlanTask[];
  pending: PendingChoice[];
}

export interface TaskBrief {
  taskId: number;
  /** 第 N 项 in the plan. */
  seq: number;
  number: string | null;
  text: string;
}

export interface FieldChange {
  field: TaskField;
  before: string | null;
  after: string | null;
}

export type BlockerKind = 'choose' | 'unknown' | 'no-members' | 'suspicious-text' | 'no-unit';

/** Something that must be settled before the plan becomes binding. */
export interface ConfirmBlocker {
  kind: BlockerKind;
  taskId: number;
  seq: number;
  detail: string | null;
  message: string;
}

export interface UnitEffect {
  unitId: string;
  unitName: string;
  scoredBefore: number;
  scoredAfter: number;
  remindBefore: number;
  remindAfter: number;
}

export interface PendingRevision {
  id: number;
  planId: number;
  baseRevision: number;
  title: string | null;
  sourceName: string;
  createdAt: string;
  createdBy: string;
  createdByName?: string;
  review: { diff: PlanRevisionDiff; effect: UnitEffect[]; blockers: ConfirmBlocker[]; asOf: string };
}

export interface PlanRevisionDiff {
  fromRevision: number;
  toRevision: number;
  added: TaskBrief[];
  removed: (TaskBrief & { reports: number })[];
  changed: (TaskBrief & { fields: TaskField[]; changes?: FieldChange[] })[];
  unchanged: number;
  keptReports: number;
}

export interface ImportSummary {
  planId: number;
  revision: number;
  state: 'draft' | 'confirmed';
  title: string | null;
  issuer: { id: string; name: string };
  issuerInferred?: string | null;
  year: number;
  tasks: number;
  assignments: number;
  units: number;
  directoryAdded: string[];
  /** The issuer's 乡镇（街道） and lower governments set up from the division data, with its source and version. */
  divisionsAdded?: { source: string; government: string; code: string; units: string[] } | null;
  pending: {
    taskId: number;
    taskSeq: number;
    taskNumber: string | null;
    printed: string;
    kind: PendingKind;
    suggestions: string[];
    /** A department's standard name under the issuer's government, offered for 新建单位. */
    standardName?: string | null;
  }[];
  warnings: PlanWarning[];
  diff: PlanRevisionDiff | null;
  pendingRevision: PendingRevision | null;
  unchanged: boolean;
}

export interface LedgerRow {
  assignmentId: number;
  planId: number;
  planTitle: string | null;
  taskId: number;
  seq: number;
  section: string | null;
  group: string | null;
  number: string | null;
  text: string;
  deadlineText: string | null;
  unitId: string;
  unitName: string;
  role: UnitRole;
  printed: string | null;
  state: AssignmentState;
  due: string | null;
  dueStatus: DueStatus;
  ongoing: boolean;
  periodic: boolean;
  updatedAt: string;
  /** Periodic work: the period a report now counts for. */
  period?: string | null;
  /** 退回: the office's reason. */
  returnReason?: string | null;
}

export interface Page<T> {
  rows: T[];
  total: number;
}

export interface Evidence {
  id: number;
  kind: string;
  name: string | null;
  mime: string | null;
  size: number | null;
  url: string | null;
}

export interface Report {
  id: number;
  text: string;
  claim: string;
  author: string;
  createdAt: string;
  period: string | null;
  evidence: Evidence[];
}

export interface AssignmentView {
  id: number;
  unitId: string;
  unitName: string;
  role: UnitRole;
  state: AssignmentState;
  due: string | null;
  ongoing: boolean;
  periodic: boolean;
  periods: { id: number; due: string; label: string; reportedAt: string | null }[];
  reports: Report[];
  reviews: { decision: string; reason: string | null; reviewer: string; createdAt: string }[];
  extensions: {
    id: number;
    requestedDue: string;
    reason: string;
    state: string;
    createdAt: string;
    decisionNote: string | null;
  }[];
}

export interface TaskView {
  id: number;
  planId: number;
  planTitle: string | null;
  planState: string;
  section: string | null;
  group: string | null;
  number: string | null;
  name: string | null;
  text: string;
  unitsText: string | null;
  deadlineText: string | null;
  /** 回头看: the last year's task this one carries on. */
  carriedFrom: CarriedFrom | null;
  assignments: AssignmentView[];
  /** Newest first, each event a sentence (time, who, what, to what). */
  history: { at: string; actor: string; action: string; sentence: string; unitName: string | null }[];
}

export interface CarriedFrom {
  taskId: number;
  planId: number;
  planTitle: string | null;
  number: string | null;
  deadlineText: string | null;
  assignments: { unitName: string; state: AssignmentState; lastReport: { text: string; createdAt: string } | null }[];
}

export interface UnitProgress {
  unitId: string;
  unitName: string;
  assignments: number;
  done: number;
  submitted: number;
  overdue: number;
  rate: number;
}

export interface Overview {
  asOf: string;
  totals: {
    assignments: number;
    deliverables: number;
    deliverablesDone: number;
    periodic: number;
    done: number;
    submitted: number;
    inProgress: number;
    notStarted: number;
    returned: number;
    overdue: number;
    dueSoon: number;
  };
  bySection: { planId: number; section: string; assignments: number; done: number; late: number; overdue: number }[];
  byUnit: UnitProgress[] | null;
  weeks: { week: string; reports: number; completed: number }[];
}

export interface ExtensionListing {
  id: number;
  assignmentId: number;
  taskId: number;
  taskText: string;
  planTitle?: string | null;
  seq: number;
  unitName: string;
  currentDue?: string | null;
  requestedDue: string;
  reason: string;
  createdAt: string;
}

export interface AccountView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  unitName: string | null;
  active: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  /** An office or auditor account made by the administrator, waiting for the auditor's or the office's approval. */
  approvalPending: boolean;
  lastLoginAt: string | null;
}

export type UnitKind = 'government' | 'department' | 'section' | 'institution' | 'enterprise' | 'party' | 'other';
export type UnitLevel = 'province' | 'city' | 'county' | 'township' | 'section';

export interface Unit {
  id: string;
  name: string;
  aliases: string[];
  kind: UnitKind;
  level: UnitLevel;
  parentId: string | null;
  active: boolean;
  successorId: string | null;
}

export type GroupRule =
  | { type: 'children'; parentId: string; kinds?: UnitKind[] }
  | { type: 'level'; jurisdictionId: string; level: UnitLevel; kinds: UnitKind[]; withCommittees?: boolean }
  | { type: 'members'; memberIds: string[] }
  | { type: 'choose' };

export interface UnitGroup {
  id: string;
  name: string;
  aliases: string[];
  rule: GroupRule;
}

export interface Directory {
  units: Unit[];
  groups: UnitGroup[];
  /** Each group's current member count; null for a group the office chooses per task. */
  memberCounts: Record<string, number | null>;
}

export interface Settings {
  passwordPolicy: { minLength: number; minClasses: number };
  maxFailedLogins: number;
  maxFailedLoginsPerAddress: number;
  lockMinutes: number;
  sessionIdleMinutes: number;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  sentence: string;
  actionLabel: string;
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  head: string;
  brokenAt: { id: number; reason: string } | null;
}

export interface PublicPlanSummary {
  id: number;
  title: string | null;
  issuer: string | null;
  docNumber: string | null;
  year: number | null;
  publishedAt: string;
  tasks: number;
  /** Ongoing tasks (持续推进): never 已完成, so not in the completion bar. */
  ongoing?: number;
  done: number;
}

export interface PublicTask {
  section: string | null;
  number: string | null;
  text: string;
  leadUnits: string[];
  otherUnits: string[];
  deadline: string | null;
  progress: string;
}

export interface PublicPlan {
  plan: PublicPlanSummary | null;
  tasks: PublicTask[];
}

/** 督办: one run of the weekly digest (src/services/send-reminders.ts). */
export interface DigestRun {
  period: string;
  units: number;
  items: number;
  /** Units that already had this week's digest. */
  skipped: number;
  emailed: number;
  failures: string[];
}

export interface DigestStatus {
  period: string;
  /** Units that have had this week's digest. */
  sent: number;
  lastSentAt: string | null;
  /** Units with work overdue or due soon still without it. */
  pending: number;
  pendingItems: number;
}

export interface ReminderView {
  id: number;
  kind: 'digest' | 'urge' | 'returned' | 'reopened' | 'extension';
  /** How many assignments it is about. */
  items?: number;
  period: string | null;
  text: string;
  createdAt: string;
  read: boolean;
}

export interface UrgeResult {
  /** null for a dry run. */
  reminderId: number | null;
  /** Overdue items: deliverables 逾期未完成 and reporting periods 未报送 (src/domain/counting.ts). */
  items: number;
}

/** 考核 (src/domain/scoring.ts, src/services/score-units.ts). */
export interface ScoringRules {
  full: number;
  onTimeWeight: number;
  overduePerItem: number;
  overdueCap: number;
  latePerItem: number;
  lateCap: number;
  annualReportWords: string[];
  annualReportPoints: number;
}

export type ScoreSourceKind = 'start' | 'rate' | 'overdue' | 'late' | 'cap' | 'annual-report' | 'adjustment';

export interface ScoreLine {
  points: number;
  reason: string;
  source: { kind: ScoreSourceKind; assignmentId?: number; due?: string; period?: string; adjustmentId?: number };
}

/** The counting model's figures (README «How work is counted»). */
export interface ScoreCard {
  score: number;
  start: number;
  onTimeRate: number | null;
  /** 应完成 and its parts. */
  due: number;
  onTime: number;
  late: number;
  submitted: number;
  overdue: number;
  notDue: number;
  /** Ongoing work as reporting periods. */
  reports: { periods: number; onTime: number; late: number; missed: number; notDue: number };
  lines: ScoreLine[];
}

export interface UnitScore {
  unitId: string;
  unitName: string;
  card: ScoreCard;
}

export interface ScoreReport {
  period: string;
  asOf: string;
  rules: ScoringRules;
  units: UnitScore[];
}

/** Plan tools: 分解, 汇总, 覆盖检查, 回头看. */
export interface CascadeResult {
  planId: number;
  tasks: number;
}

export interface RollUpLine {
  parentTaskId: number;
  parentSeq?: number | null;
  parentAssignmentId: number | null;
  done: number;
  total: number;
  action: 'submitted' | 'reported' | 'none';
  reason: string | null;
}

export interface CoverageItem {
  taskId: number;
  number: string | null;
  text: string;
}

export interface Coverage {
  planId: number;
  higherPlanId: number;
  considered: number;
  covered: (CoverageItem & { by: number[] })[];
  uncovered: CoverageItem[];
}

export interface CarryOverResult {
  tasks: number;
  assignments: number;
  /** The deadline the carried tasks were given, as printed. */
  deadline: string;
}

/** Excel 台账 round trip (src/services/import-ledger-sheet.ts). `field` is the sheet's column heading. */
export interface SheetChange {
  /** `12:progress` or `12:note`: what accept and force name. */
  key: string;
  row: number;
  assignmentId: number;
  task: { id: number; seq: number; text: string };
  unit: { id: string; name: string };
  field: string;
  from: string;
  to: string;
}

export interface SheetConflict extends SheetChange {
  online: string;
  reason: string;
}

export interface SheetIgnored {
  code: string;
  key: string | null;
  row: number | null;
  assignmentId: number | null;
  field: string | null;
  message: string;
}

export interface LedgerSheetPreview {
  planId: number;
  planTitle: string | null;
  exportedAt: string;
  unitId: string | null;
  changes: SheetChange[];
  conflicts: SheetConflict[];
  ignored: SheetIgnored[];
}

export interface LedgerSheetApplied {
  planId: number;
  applied: SheetChange[];
  forced: SheetConflict[];
  conflicts: SheetConflict[];
  refused: SheetIgnored[];
  notAccepted: SheetChange[];
}

/** 文书 (src/services/issue-document.ts). */
export type DocumentKind = 'tishidan' | 'cuiban' | 'tongbao' | 'nianbao' | 'huitoukan';
export type DocumentFormat = 'docx' | 'xlsx';

export type RobotPlatform = 'dingtalk' | 'wecom' | 'feishu';

/** A group robot as the server shows it: the address masked, whether it signs, and what it has sent. */
export interface RobotView {
  id: number;
  name: string;
  platform: RobotPlatform;
  platformLabel: string;
  webhookUrl: string;
  signed: boolean;
  scope: 'unit' | 'plan';
  unitId: string | null;
  unitName: string | null;
  planId: number | null;
  planTitle: string | null;
  enabled: boolean;
  createdAt: string;
  deliveries: { sent: number; pending: number; failed: number; lastError: string | null; lastSentAt: string | null };
}

export interface RobotInput {
  name: string;
  platform: RobotPlatform;
  webhookUrl: string;
  secret?: string | null;
  unitId?: string | null;
  planId?: number | null;
}
