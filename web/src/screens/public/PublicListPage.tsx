import { Card, Col, Empty, Progress, Row, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { publicPlans } from '../../api/endpoints';
import { LoadError } from '../../components/ErrorResult';
import { formatDate, percent } from '../../components/format';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';

const t = zh.publicPage;

/** /public — the plans the office published, with how far along each is. */
export function PublicListPage() {
  const { data, error, reload } = useLoad(publicPlans.list, 'public');
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <div data-testid="public-list">
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      {data.length === 0 ? <Empty description={t.empty} /> : null}
      <Row gutter={[16, 16]}>
        {data.map((p) => (
          <Col xs={24} md={12} key={p.id}>
            <Link to={`/public/${p.id}`} data-testid="public-plan-link">
              <Card hoverable title={p.title ?? zh.plans.untitled}>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  {[p.issuer, p.docNumber, t.publishedAt(formatDate(p.publishedAt))].filter(Boolean).join(' · ')}
                </Typography.Paragraph>
                <div>{t.tasks(p.tasks)}</div>
                <Progress
                  percent={percent(p.done, p.tasks - (p.ongoing ?? 0))}
                  format={() => t.done(p.done, p.tasks - (p.ongoing ?? 0))}
                />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
