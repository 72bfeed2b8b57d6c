import { Button, Card, Descriptions, Progress, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { publicPlans } from '../../api/endpoints';
import type { PublicTask } from '../../api/types';
import { LoadError, NotFound } from '../../components/ErrorResult';
import { formatDate, percent } from '../../components/format';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';

const t = zh.publicPage;

function progressColor(p: string): string {
  if (p === t.progressDone) return 'success';
  if (p === t.progressOngoing) return 'processing';
  return 'default';
}

/** /public/:id — a published plan's tasks, responsible units, deadlines and progress; nothing internal. */
export function PublicPlanPage() {
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const { data, error, reload } = useLoad(
    () => (valid ? publicPlans.get(id) : Promise.reject(new Error('bad id'))),
    `public:${id}`,
  );
  if (!valid) return <NotFound />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const plan = data.plan;
  if (!plan) return <NotFound />;

  return (
    <div data-testid="public-plan">
      <Link to="/public">
        <Button type="link" style={{ paddingLeft: 0 }}>
          {t.backToList}
        </Button>
      </Link>
      <Card className="tz-gap">
        <Typography.Title level={3} data-testid="public-plan-title">
          {plan.title ?? zh.plans.untitled}
        </Typography.Title>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'i', label: t.issuer, children: plan.issuer ?? zh.common.dash },
            { key: 'd', label: t.docNumber, children: plan.docNumber ?? zh.common.dash },
            { key: 'p', label: t.publishedLabel, children: formatDate(plan.publishedAt) },
          ]}
        />
        <Progress
          percent={percent(plan.done, plan.tasks - (plan.ongoing ?? 0))}
          format={() => t.done(plan.done, plan.tasks - (plan.ongoing ?? 0))}
        />
      </Card>
      <Card>
        <Table<PublicTask>
          rowKey={(_r, i) => String(i)}
          size="small"
          dataSource={data.tasks}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { title: zh.ledger.columns.number, dataIndex: 'number', width: 60, render: (v: string | null) => v ?? '' },
            {
              title: t.text,
              dataIndex: 'text',
              render: (v: string, r) => (
                <div>
                  {r.section ? <div className="tz-muted tz-small">{r.section}</div> : null}
                  {v}
                </div>
              ),
            },
            { title: t.lead, dataIndex: 'leadUnits', width: 220, render: (v: string[]) => <Units names={v} /> },
            {
              title: t.others,
              dataIndex: 'otherUnits',
              width: 200,
              render: (v: string[]) => <Units names={v} />,
            },
            { title: t.deadline, dataIndex: 'deadline', width: 120, render: (v: string | null) => v ?? zh.common.dash },
            {
              title: t.progress,
              dataIndex: 'progress',
              width: 90,
              render: (v: string) => <Tag color={progressColor(v)}>{v}</Tag>,
            },
          ]}
        />
      </Card>
    </div>
  );
}

/** A long list of units (a group expanded to dozens) folds to three lines, with a way to see them all. */
function Units({ names }: { names: string[] }) {
  if (names.length === 0) return <>{zh.common.dash}</>;
  return (
    <Typography.Paragraph ellipsis={{ rows: 3, expandable: 'collapsible' }} style={{ margin: 0 }}>
      {names.join(zh.common.listJoin)}
    </Typography.Paragraph>
  );
}
