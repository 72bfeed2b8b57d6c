import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/**
 * Audit events as a person reads them: one Chinese sentence with the time (China time), who acted (their unit
 * or office, and name), what they did and to what, named as the plan numbers it —
 * «2026年12月7日 10:32 市政务公开办 张三 审核办结 潮州市财政局的第3项任务». No action code or internal id appears;
 * the raw record stays available to the auditor beside it.
 */
export const ACTION_LABELS: Record<string, string> = {
  'account.change-password': '修改了本人密码',
  'account.create': '新建账号',
  'account.grant': '授予统一身份认证账号角色',
  'account.sso-create': '经统一身份认证首次登录，建立待授权账号',
  'account.update': '修改账号',
  'assignment.note': '填写备注',
  'calendar.load': '载入节假日安排',
  'directory.extend': '按方案补充单位目录',
  'directory.import': '导入单位目录',
  'extension.approve': '同意延期',
  'extension.reject': '不同意延期',
  'extension.request': '申请延期',
  'group.create': '新增单位群组',
  'group.update': '修改单位群组',
  'ledger-sheet.apply': '导入填报的台账表',
  'plan.archive': '归档方案',
  'plan.carry-over': '回头看：结转上年未完成任务到',
  'plan.cascade': '分解到单位',
  'plan.choose-units': '指定承担单位',
  'plan.confirm': '确认下达',
  'plan.edit': '修改方案信息',
  'plan.import': '导入方案',
  'plan.publish': '在公开页公开',
  'plan.revise': '修订方案',
  'plan.revision.confirm': '确认修订',
  'plan.revision.discard': '放弃修订稿',
  'plan.revision.propose': '导入修订稿（待确认）',
  'plan.withdraw': '从公开页撤回',
  'progress.report': '报送进展',
  'reminder.digest': '发送每周提醒',
  'reminder.urge': '催办',
  'review.accept': '审核办结',
  'review.reopen': '重新打开',
  'review.return': '审核退回',
  'scoring.adjust': '考核加减分',
  'scoring.rules': '修改考核规则',
  'session.locked': '账号被锁定',
  'session.login': '登录',
  'session.login-failed': '登录失败',
  'session.sso-failed': '统一身份认证登录失败',
  'settings.update': '修改安全设置',
  'task.add': '新增任务',
  'task.edit': '修改任务',
  'task.remove': '删除任务',
  'unit.alias': '记录单位别名',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
};

const ROLE_ORGS: Record<string, string> = {
  office: '政务公开办',
  leader: '领导',
  admin: '系统管理员',
  auditor: '审计员',
  operator: '命令行',
  none: '待授权用户',
};

export interface EventRow {
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  after: unknown;
}

export interface Described {
  /** The whole sentence. */
  sentence: string;
  /** Its parts, for screens that lay them out. */
  time: string;
  who: string;
  what: string;
  object: string;
  /** The unit the event concerns, when there is one. */
  unitName: string | null;
}

/** «2026年12月7日 10:32» in China time. */
export function chineseTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hh}:${mm}`;
}

export async function describeEvents(db: Kysely<Database>, rows: readonly EventRow[]): Promise<Described[]> {
  const ids = (entity: string) => [
    ...new Set(rows.filter((r) => r.entity === entity && /^\d+$/.test(r.entityId)).map((r) => Number(r.entityId))),
  ];
  const accountIds = [
    ...new Set(
      rows
        .flatMap((r) => [r.actor, r.entity === 'account' ? `acct:${r.entityId}` : ''])
        .filter((a) => /^acct:\d+$/.test(a)),
    ),
  ].map((a) => Number(a.slice(5)));
  const [assignments, tasks, plans, accounts] = await Promise.all([
    ids('assignment').length
      ? db
          .selectFrom('assignments as a')
          .innerJoin('tasks as t', 't.id', 'a.task_id')
          .innerJoin('units as u', 'u.id', 'a.unit_id')
          .select(['a.id', 't.seq', 'u.name'])
          .where('a.id', 'in', ids('assignment'))
          .execute()
      : [],
    ids('task').length ? db.selectFrom('tasks').select(['id', 'seq']).where('id', 'in', ids('task')).execute() : [],
    ids('plan').length ? db.selectFrom('plans').select(['id', 'title']).where('id', 'in', ids('plan')).execute() : [],
    accountIds.length
      ? db
          .selectFrom('accounts as c')
          .leftJoin('units as u', 'u.id', 'c.unit_id')
          .select(['c.id', 'c.display_name', 'c.role', 'u.name as unit_name'])
          .where('c.id', 'in', accountIds)
          .execute()
      : [],
  ]);
  const assignment = new Map(assignments.map((a) => [String(a.id), a]));
  const task = new Map(tasks.map((t) => [String(t.id), Number(t.seq)]));
  const plan = new Map(plans.map((p) => [String(p.id), p.title]));
  const account = new Map(accounts.map((a) => [`acct:${a.id}`, a]));
  const unitNames = new Map<string, string>();
  const unitIds = [
    ...rows.filter((r) => r.entity === 'unit').map((r) => r.entityId),
    ...rows.filter((r) => r.actor.startsWith('demo:') && r.actor !== 'demo:office').map((r) => r.actor.slice(5)),
  ];
  if (unitIds.length)
    for (const u of await db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute())
      unitNames.set(u.id, u.name);

  return rows.map((r) => {
    const acct = account.get(r.actor);
    // Actors without an account: the command line, and the demo's simulated office and unit users.
    const demoUnit = r.actor.startsWith('demo:') ? unitNames.get(r.actor.slice(5)) : undefined;
    const org = acct
      ? (acct.unit_name ?? ROLE_ORGS[acct.role] ?? '')
      : r.actor.startsWith('cli:')
        ? '命令行'
        : r.actor === 'demo:office'
          ? ROLE_ORGS.office!
          : (demoUnit ?? '系统');
    const name = acct?.display_name ?? (r.actor.startsWith('cli:') ? r.actor.slice(4) : demoUnit ? '联络员' : '');
    const who = name && org && !name.includes(org) && !org.includes(name) ? `${org} ${name}` : name || org;
    const what = ACTION_LABELS[r.action] ?? '其他操作';
    let object = '';
    let unitName: string | null = null;
    if (r.entity === 'assignment') {
      const a = assignment.get(r.entityId);
      unitName = a?.name ?? null;
      object = a ? `${a.name}的第${a.seq}项任务` : '一项已删除的分工';
    } else if (r.entity === 'task') {
      const seq = task.get(r.entityId);
      object = seq ? `第${seq}项任务` : '一项已删除的任务';
    } else if (r.entity === 'plan') {
      const title = plan.get(r.entityId);
      object = title ? `《${title}》` : '方案';
    } else if (r.entity === 'unit') {
      unitName = unitNames.get(r.entityId) ?? null;
      object = unitName ?? '';
    } else if (r.entity === 'account') {
      object = account.get(`acct:${r.entityId}`)?.display_name ?? '';
    }
    const after = (r.after ?? {}) as { reason?: unknown; note?: unknown };
    const why =
      typeof after.reason === 'string' && after.reason
        ? after.reason
        : typeof after.note === 'string'
          ? after.note
          : '';
    const time = chineseTime(r.at);
    const sentence = `${time} ${who} ${what}${object ? ` ${object}` : ''}${why ? `（理由：${why}）` : ''}`;
    return { sentence, time, who, what, object, unitName };
  });
}
