import type { Generated } from 'kysely';

/**
 * The database as Kysely sees it. Portable types only: text, integers, ISO 8601 text for times and dates,
 * JSON as text, booleans as 0/1 — so the same schema runs on SQLite, PostgreSQL and the PostgreSQL-like
 * servers government deployments use (openGauss, KingbaseES).
 */
export interface UnitsTable {
  id: string;
  name: string;
  aliases: string;
  kind: string;
  level: string;
  parent_id: string | null;
  active: number;
  successor_id: string | null;
  updated_at: string;
  /** 统计用区划代码 of the division the unit governs (migration 0022), or null. */
  division_code?: string | null;
}

export interface UnitGroupsTable {
  id: string;
  name: string;
  aliases: string;
  rule: string;
  updated_at: string;
}

export interface PlansTable {
  id: Generated<number>;
  title: string | null;
  issuer: string | null;
  doc_number: string | null;
  issue_date: string | null;
  year: number | null;
  jurisdiction_id: string | null;
  state: string;
  parent_plan_id: number | null;
  revision: number;
  source_name: string | null;
  source_format: string;
  source_sha256: string;
  parse_json: string;
  created_at: string;
  confirmed_at: string | null;
  archived_at: string | null;
  /** The text the reader extracted; task spans point into it. */
  source_text: string | null;
  /** Shown on the public page since then. */
  published_at: string | null;
}

/** A revision of an issued plan awaiting the office's review (migration 0013). */
export interface PlanRevisionsTable {
  id: Generated<number>;
  plan_id: number;
  /** pending | confirmed | discarded */
  state: string;
  /** The plan's revision the diff was computed against. */
  base_revision: number;
  title: string | null;
  source_name: string;
  source_format: string;
  source_sha256: string;
  parse_json: string;
  source_text: string | null;
  /** The diff and its effect on 考核 and reminders, as shown for review. */
  review_json: string;
  created_by: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
}

export interface TasksTable {
  id: Generated<number>;
  plan_id: number;
  seq: number;
  key: string;
  section_label: string | null;
  section_title: string | null;
  group_label: string | null;
  group_title: string | null;
  number: string | null;
  name: string | null;
  text: string;
  units_text: string | null;
  deadline_text: string | null;
  deadline_kind: string | null;
  deadline_due: string | null;
  deadline_json: string | null;
  /** Where the deadline above was read (migration 0017): deadline, note, text, plan or office. */
  deadline_source: string | null;
  /** The deadline cell as printed, when the plan had one. */
  deadline_printed: string | null;
  deadline_span_start: number | null;
  deadline_span_end: number | null;
  status_text: string | null;
  note_text: string | null;
  span_start: number | null;
  span_end: number | null;
  page: number | null;
  removed_at: string | null;
  /** The higher plan's task this one was cascaded from. */
  parent_task_id: number | null;
  /** Last year's unfinished task this one carries over (回头看). */
  carried_from_task_id: number | null;
}

export interface AssignmentsTable {
  id: Generated<number>;
  plan_id: number;
  task_id: number;
  unit_id: string;
  role: string;
  printed: string | null;
  via_group: number;
  state: string;
  due: string | null;
  ongoing: number;
  /** Reports per dated period (see periods); what is due now is the earliest unreported period. */
  periodic: number;
  /** Periodic work: the earliest unreported period's due date, kept by store/next-due.ts (null otherwise). */
  next_due: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  removed_at: string | null;
  /** 备注: the unit's or the office's remark on this assignment. */
  note: string | null;
  /** How surely the printed name was matched to the unit (0–1; units/resolve.ts); null when the office chose it. */
  match_confidence: number | null;
  /** Why it matched: exact, alias, relative, abbreviation, abbreviation-type, typo, successor, or group. */
  match_reason: string | null;
}

export interface PendingChoicesTable {
  id: Generated<number>;
  plan_id: number;
  task_id: number;
  printed: string;
  role: string;
  kind: string;
  suggestions: string;
  resolved_at: string | null;
}

export interface PeriodsTable {
  id: Generated<number>;
  assignment_id: number;
  due: string;
  label: string;
  reported_at: string | null;
}

export interface ProgressReportsTable {
  id: Generated<number>;
  assignment_id: number;
  period_id: number | null;
  text: string;
  claimed_state: string;
  author: string;
  created_at: string;
}

export interface EvidenceTable {
  id: Generated<number>;
  report_id: number;
  kind: string;
  sha256: string | null;
  file_name: string | null;
  mime: string | null;
  size: number | null;
  url: string | null;
}

export interface BlobsTable {
  sha256: string;
  size: number;
  mime: string;
  created_at: string;
}

/** A stored file kept in the database (files/database.ts): visible once this row is written. */
export interface FileContentsTable {
  sha256: string;
  size: number;
  chunks: number;
  /** Written, or last attached again (the orphan sweep's grace counts from here). */
  created_at: string;
}

export interface FileChunksTable {
  sha256: string;
  seq: number;
  data: Buffer;
  written_at: string;
}

/** Who runs a scheduled job now, and until when (store/leases.ts). */
export interface JobLeasesTable {
  job: string;
  holder: string;
  expires_at: string;
}

export interface ReviewsTable {
  id: Generated<number>;
  assignment_id: number;
  report_id: number | null;
  decision: string;
  reason: string | null;
  reviewer: string;
  created_at: string;
}

export interface ExtensionRequestsTable {
  id: Generated<number>;
  assignment_id: number;
  requested_due: string;
  reason: string;
  state: string;
  requested_by: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface RemindersTable {
  id: Generated<number>;
  unit_id: string;
  plan_id: number | null;
  assignment_ids: string;
  kind: string;
  text: string;
  sent_by: string;
  channel: string;
  created_at: string;
  /** The period the digest covers (e.g. 2024-W05): one digest per unit and period. */
  period: string | null;
  /** Delivery beyond the in-app list: e-mail addresses it went to, or why it did not. */
  delivered: string | null;
  read_at: string | null;
}

export interface ScoreAdjustmentsTable {
  id: Generated<number>;
  unit_id: string;
  /** 2024-Q1 or 2024. */
  period: string;
  points: number;
  reason: string;
  created_by: string;
  created_at: string;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

export interface AccountsTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: string;
  unit_id: string | null;
  password_hash: string;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  active: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  email: string | null;
  /** 1 while an office or auditor account made by the system administrator awaits a second role's approval. */
  approval_pending: Generated<number>;
}

/** Who an account is at an identity provider: (issuer, subject) is unique. */
export interface AccountIdentitiesTable {
  id: Generated<number>;
  account_id: number;
  issuer: string;
  subject: string;
  created_at: string;
  last_login_at: string | null;
}

/** A single sign-on under way: one row per browser redirected to the IdP, used once, for minutes. */
export interface SsoFlowsTable {
  /** SHA-256 of the flow cookie's token. */
  id: string;
  protocol: string;
  state: string;
  nonce: string | null;
  code_verifier: string | null;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a stolen database does not yield live sessions. */
  id: string;
  account_id: number;
  csrf: string;
  created_at: string;
  last_seen_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** One row (id 1): raised by every change to units or groups (store/directory.ts). */
export interface DirectoryVersionTable {
  id: number;
  version: number;
}

/** Failed logins per key (`user:NAME`, `ip:ADDRESS`) in the current window, and a lock when there are too many. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  account_id: number;
  password_hash: string;
  created_at: string;
}

/** A group robot (migration 0021): where messages for a unit or a plan go. */
export interface RobotsTable {
  id: Generated<number>;
  name: string;
  /** dingtalk | wecom | feishu */
  platform: string;
  /** Secret in itself (it carries the access token or key): never shown back whole. */
  webhook_url: string;
  /** The signing secret (钉钉 加签, 飞书 签名校验); 企业微信 has none. */
  secret: string | null;
  /** unit | plan */
  scope: string;
  unit_id: string | null;
  plan_id: number | null;
  enabled: number;
  created_by: string;
  created_at: string;
  /** Removed robots keep their row, so the record of what was sent still names them. */
  removed_at: string | null;
}

/** One message to one robot (the outbox, migration 0021). */
export interface RobotDeliveriesTable {
  id: Generated<number>;
  robot_id: number;
  /** digest | urge | returned | test */
  kind: string;
  /** kind, subject, period and robot: the same event never yields a second row. */
  idempotency_key: string;
  /** The message (title, markdown lines, link), rendered into the platform's format when sent. */
  body_json: string;
  /** pending | sending | sent | failed */
  status: string;
  attempts: number;
  /** When it may next be tried; while sending, when the lease of the process sending it ends. */
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Each try of a delivery and what came of it. */
export interface RobotAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  attempt: number;
  at: string;
  ok: number;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface Database {
  directory_version: DirectoryVersionTable;
  units: UnitsTable;
  unit_groups: UnitGroupsTable;
  plans: PlansTable;
  plan_revisions: PlanRevisionsTable;
  tasks: TasksTable;
  assignments: AssignmentsTable;
  pending_choices: PendingChoicesTable;
  periods: PeriodsTable;
  progress_reports: ProgressReportsTable;
  evidence: EvidenceTable;
  blobs: BlobsTable;
  reviews: ReviewsTable;
  extension_requests: ExtensionRequestsTable;
  reminders: RemindersTable;
  audit_events: AuditEventsTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  login_throttle: LoginThrottleTable;
  password_history: PasswordHistoryTable;
  score_adjustments: ScoreAdjustmentsTable;
  /** File bytes and leases: not rows a backup carries (files travel as files, leases are transient). */
  file_contents: FileContentsTable;
  file_chunks: FileChunksTable;
  job_leases: JobLeasesTable;
  robots: RobotsTable;
  robot_deliveries: RobotDeliveriesTable;
  robot_attempts: RobotAttemptsTable;
  account_identities: AccountIdentitiesTable;
  sso_flows: SsoFlowsTable;
}

/** Tables in dependency order: backups write and restores read them in this order. */
export const TABLES: (keyof Database)[] = [
  'units',
  'unit_groups',
  'blobs',
  'plans',
  'plan_revisions',
  'tasks',
  'assignments',
  'pending_choices',
  'periods',
  'progress_reports',
  'evidence',
  'reviews',
  'extension_requests',
  'reminders',
  'audit_events',
  'accounts',
  'password_history',
  'account_identities',
  'settings',
  'score_adjustments',
  'robots',
  'robot_deliveries',
  'robot_attempts',
];
