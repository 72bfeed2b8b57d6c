import { config } from '../config.js';
import type { RobotMessage } from './robot-platforms.js';

/**
 * What the group robots say about each event, in markdown common to the three platforms (bold, list items,
 * quotes, a link). Text from plans and users is made inert first: a task that contains `[…](…)` or `<font>`
 * must not become a link or a colour in the group.
 */
const MAX_ITEMS = 15;
/** Every message says where it comes from, which also lets a 钉钉 robot secured by 自定义关键词 use 「台账」. */
const FOOTER = '—— 政务公开工作台账';

export function plain(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[[\]*_`<>#|~]/g, (c) => FULL_WIDTH[c] ?? '');
}

const FULL_WIDTH: Record<string, string> = {
  '[': '［',
  ']': '］',
  '*': '＊',
  _: '＿',
  '`': '｀',
  '<': '＜',
  '>': '＞',
  '#': '＃',
  '|': '｜',
  '~': '～',
};

function brief(text: string, max = 40): string {
  const t = plain(text);
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** The link back: taizhang's public address (TAIZHANG_PUBLIC_URL) and a page; none when it is not set. */
export function linkTo(path: string, text = '打开台账'): RobotMessage['link'] {
  const base = config().publicUrl;
  return base ? { text, url: `${base}${path}` } : null;
}

function listed<T>(items: readonly T[], line: (i: T) => string): string[] {
  const shown = items.slice(0, MAX_ITEMS).map((i) => `- ${line(i)}`);
  if (items.length > MAX_ITEMS) shown.push(`- ……另有 ${items.length - MAX_ITEMS} 项`);
  return shown;
}

interface DigestItem {
  text: string;
  planTitle: string | null;
  period: string | null;
  due: string;
}

export function digestMessage(
  unitName: string,
  period: string,
  overdue: readonly DigestItem[],
  dueSoon: readonly DigestItem[],
  warnDays: number,
): RobotMessage {
  const line = (i: DigestItem) =>
    `${brief(i.text)}（${plain(i.planTitle ?? '方案')}${i.period ? `，${plain(i.period)}` : ''}，时限 ${i.due}）`;
  const lines = [`**${plain(unitName)}**（${period}）`];
  if (overdue.length) lines.push(`**已逾期 ${overdue.length} 项**，请抓紧办理并报送进展：`, ...listed(overdue, line));
  if (dueSoon.length) lines.push(`**${warnDays} 个工作日内到期 ${dueSoon.length} 项**：`, ...listed(dueSoon, line));
  lines.push('请登录台账「我的任务」报送。本提醒每周汇总一次。', FOOTER);
  return {
    title: `台账提醒：${plain(unitName)} ${overdue.length} 项逾期，${dueSoon.length} 项即将到期`,
    lines,
    link: linkTo('/my'),
  };
}

interface UrgeItem {
  text: string;
  due: string;
  period: string | null;
}

export function urgeMessage(unitName: string, items: readonly UrgeItem[], note: string): RobotMessage {
  const lines = [
    `**${plain(unitName)}**：以下 ${items.length} 项逾期事项，请于收到后抓紧办理并报送。`,
    ...listed(
      items,
      (i) => `${brief(i.text)}（${i.period ? `${plain(i.period)}进展未报送，应于 ${i.due} 前报送` : `时限 ${i.due}`}）`,
    ),
  ];
  if (note) lines.push(`> ${plain(note)}`);
  lines.push(FOOTER);
  return { title: `催办：${plain(unitName)} ${items.length} 项逾期事项`, lines, link: linkTo('/my', '打开我的任务') };
}

export function returnedMessage(input: {
  unitName: string;
  planTitle: string | null;
  seq: number;
  taskText: string;
  taskId: number;
  reason: string;
}): RobotMessage {
  const task = `${input.planTitle ? `《${plain(input.planTitle)}》` : ''}第${input.seq}项任务「${brief(input.taskText)}」`;
  return {
    title: `退回：${plain(input.unitName)} 的办结申请`,
    lines: [`公开办退回了**${plain(input.unitName)}**${task}的办结申请。`, `> 理由：${plain(input.reason)}`, FOOTER],
    link: linkTo(`/tasks/${input.taskId}`, '查看任务'),
  };
}

export function testMessage(robotName: string, at: string): RobotMessage {
  return {
    title: '台账机器人测试',
    lines: [`这是来自台账系统的测试消息：机器人「${plain(robotName)}」已配置成功。`, `发送时间：${at}`, FOOTER],
    link: linkTo('/'),
  };
}
