import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { audit } from '../../api/endpoints';
import type { AuditRow, AuditVerification } from '../../api/types';
import { LoadError } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';
import { PendingAccounts } from './PendingAccounts';

const t = zh.audit;
const PAGE = 50;

/** 审计日志 (auditor): every change, newest first, paged on the server; the hash chain verified on request. */
export function AuditPage() {
  const { message } = App.useApp();
  const [filters, setFilters] = useState<{ action?: string; entity?: string; actor?: string }>({});
  const [page, setPage] = useState(1);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const query = { ...filters, limit: PAGE, offset: (page - 1) * PAGE };
  const { data, error, loading, reload } = useLoad(() => audit.list(query), JSON.stringify(query));
  if (error) return <LoadError error={error} onRetry={reload} />;

  const verify = async () => {
    setVerifying(true);
    try {
      setVerification(await audit.verify());
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setVerifying(false);
    }
  };
  const set = (patch: typeof filters) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  return (
    <div data-testid="audit-page">
      <PageHeader
        title={t.title}
        extra={
          <Button icon={<SafetyCertificateOutlined />} onClick={verify} loading={verifying} data-testid="audit-verify">
            {t.verify}
          </Button>
        }
      />
      {verification ? (
        <Alert
          className="tz-gap"
          showIcon
          type={verification.ok ? 'success' : 'error'}
          data-testid="audit-verification"
          title={
            verification.ok
              ? t.verifyOk(verification.events)
              : t.verifyBroken(verification.brokenAt?.id ?? 0, verification.brokenAt?.reason ?? '')
          }
          description={<code className="tz-json">{t.head(verification.head)}</code>}
        />
      ) : null}
      <PendingAccounts />
      <Card>
        <Form layout="inline" className="tz-filters">
          <Form.Item label={t.filterAction}>
            <Select
              allowClear
              style={{ width: 200 }}
              placeholder={zh.common.all}
              value={filters.action}
              onChange={(action?: string) => set({ action })}
              options={Object.entries(t.actions).map(([value, label]) => ({ value, label }))}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
          <Form.Item label={t.filterEntity}>
            <Select
              allowClear
              style={{ width: 140 }}
              placeholder={zh.common.all}
              value={filters.entity}
              onChange={(entity?: string) => set({ entity })}
              options={Object.entries(t.entities).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item>
            <Input.Search
              allowClear
              placeholder={t.filterActor}
              onSearch={(v) => set({ actor: v.trim() || undefined })}
              style={{ width: 240 }}
            />
          </Form.Item>
        </Form>
        <Table<AuditRow>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data?.rows ?? []}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            showTotal: zh.common.total,
            onChange: setPage,
          }}
          data-testid="audit-table"
          expandable={{
            // The record as stored (before and after) only on request: the sentence is what people read.
            expandedRowRender: (r) => (
              <div className="tz-audit-detail" data-testid="audit-raw">
                <div className="tz-muted tz-small">
                  {t.rawRef(r.id, r.actor, r.action, `${t.entities[r.entity] ?? r.entity} ${r.entityId}`)}
                </div>
                {r.before ? (
                  <div>
                    <Typography.Text type="secondary">{t.before} </Typography.Text>
                    <code className="tz-json">{JSON.stringify(r.before)}</code>
                  </div>
                ) : null}
                {r.after ? (
                  <div>
                    <Typography.Text type="secondary">{t.after} </Typography.Text>
                    <code className="tz-json">{JSON.stringify(r.after)}</code>
                  </div>
                ) : null}
              </div>
            ),
            expandIcon: ({ expanded, onExpand, record }) => (
              <Button size="small" type="link" onClick={(e) => onExpand(record, e)} data-testid="audit-detail-toggle">
                {expanded ? t.hideDetail : t.showDetail}
              </Button>
            ),
          }}
          columns={[
            {
              title: t.columns.event,
              render: (_v, r) => <span data-testid="audit-sentence">{r.sentence}</span>,
            },
          ]}
        />
      </Card>
    </div>
  );
}
