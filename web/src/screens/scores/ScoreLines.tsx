import { Table } from 'antd';
import type { ScoreLine } from '../../api/types';
import { zh } from '../../i18n/zh';

const t = zh.scores;

function source(l: ScoreLine): string {
  const kind = t.sources[l.source.kind];
  if (l.source.assignmentId !== undefined && l.source.due)
    return zh.common.labelled(kind, t.sourceAssignment(l.source.due));
  if (l.source.adjustmentId !== undefined) return zh.common.labelled(kind, t.sourceAdjustment);
  return kind;
}

/** Every point of a unit's score: how many, why, and the ledger event or record it rests on. */
export function ScoreLines({ lines }: { lines: ScoreLine[] }) {
  return (
    <Table<ScoreLine>
      size="small"
      rowKey={(l) =>
        `${l.source.kind}:${l.source.assignmentId ?? l.source.adjustmentId ?? ''}:${l.source.due ?? ''}:${l.reason}`
      }
      dataSource={lines}
      pagination={false}
      data-testid="score-lines"
      columns={[
        {
          title: t.lines.points,
          dataIndex: 'points',
          width: 90,
          align: 'right',
          render: (p: number) => (
            <span className={p < 0 ? 'tz-points-minus' : p > 0 ? 'tz-points-plus' : undefined}>{t.signed(p)}</span>
          ),
        },
        {
          title: t.lines.reason,
          dataIndex: 'reason',
          render: (r: string) => <span data-testid="score-reason">{r}</span>,
        },
        { title: t.lines.source, width: 300, render: (_v, l) => <span className="tz-muted">{source(l)}</span> },
      ]}
    />
  );
}
