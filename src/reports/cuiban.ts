import { body, gongwenDocx } from './gbt9704.js';
import { banji, chineseDate, type DocumentHead, opening, signature } from './gbt9704-parts.js';
import { type CellInput, gongwenTable } from './gongwen-table.js';

/**
 * 催办单: to one unit, its overdue work — what, by when, where it stands, how many days late — and by when to
 * answer. Never empty: the service refuses when nothing is overdue.
 */
export interface CuibanItem {
  /** The plan's title when the items come from several plans; null otherwise. */
  plan: string | null;
  task: string;
  /** The deadline as printed (2022年6月底前). */
  deadline: string;
  /** The date it was due (ISO). */
  due: string;
  state: string;
  daysOverdue: number;
}

export interface CuibanData {
  head: DocumentHead;
  /** 政务公开, or empty. */
  topic: string;
  unit: string;
  /** The one plan's title, or null when the items come from several. */
  planTitle: string | null;
  /** The day the ledger was read (ISO). */
  asOf: string;
  /** By when the unit answers (ISO). */
  replyBy: string;
  items: CuibanItem[];
}

export const cuibanTitle = (d: CuibanData) => `关于督促落实${d.topic}重点工作任务的催办单`;

export const CUIBAN_COLUMNS = ['序号', '工作任务', '完成时限', '当前状态', '逾期天数'] as const;

export async function cuibanDocx(d: CuibanData): Promise<Uint8Array> {
  const rows: CellInput[][] = [];
  let plan: string | null = null;
  d.items.forEach((x, i) => {
    if (x.plan && x.plan !== plan) rows.push([{ text: `《${x.plan}》`, columnSpan: 5, bold: true }]);
    plan = x.plan;
    const when = x.deadline ? [x.deadline, chineseDate(x.due)] : [chineseDate(x.due)];
    rows.push([String(i + 1), x.task, { text: when }, x.state, `${x.daysOverdue}天`]);
  });
  const source = d.planTitle ? `《${d.planTitle}》任务台账` : `${d.topic}重点工作任务台账`;
  return gongwenDocx({
    title: cuibanTitle(d),
    creator: d.head.issuer,
    children: [
      ...opening(d.head, cuibanTitle(d)),
      body(
        `经核查${source}，截至${chineseDate(d.asOf)}，你单位承担的以下${d.items.length}项工作任务已超过完成时限，${
          d.items.some((x) => x.state.endsWith('进展未报送')) ? '尚未办结或未按期报送进展' : '尚未办结'
        }：`,
      ),
      gongwenTable({
        widths: [7, 42, 22, 14, 15],
        header: CUIBAN_COLUMNS,
        rows,
        align: ['center', 'left', 'center', 'center', 'center'],
      }),
      body(
        `请你单位高度重视，逐项分析原因，抓紧推进落实，于${chineseDate(d.replyBy)}前通过台账系统报送办理进展和佐证材料；确因客观原因无法按期完成的，请提出延期申请并说明理由。`,
        true,
      ),
      ...signature(d.head.issuer, d.head.date),
      ...(d.head.mark ? banji(d.head.issuer, d.head.date) : []),
    ],
  });
}
