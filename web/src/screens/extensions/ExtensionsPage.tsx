import { App, Button, Card, Empty, Form, Input, Modal, Space, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { extensions } from '../../api/endpoints';
import type { ExtensionListing } from '../../api/types';
import { useSession } from '../../auth/session';
import { LoadError } from '../../components/ErrorResult';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';

const t = zh.extensions;

/** 延期审批: the units' requests for more time, oldest first; a refusal needs its reason. Leaders only read. */
export function ExtensionsPage() {
  const { message } = App.useApp();
  const { session } = useSession();
  const decides = session?.actor.role === 'office';
  const { data, error, loading, reload } = useLoad(extensions.pending, 'extensions');
  const [deciding, setDeciding] = useState<{ x: ExtensionListing; approve: boolean } | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  if (error) return <LoadError error={error} onRetry={reload} />;

  const decide = async () => {
    if (!deciding) return;
    setBusy(true);
    try {
      await extensions.decide(deciding.x.id, deciding.approve, note.trim() || undefined);
      message.success(t.decided);
      setDeciding(null);
      setNote('');
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="extensions-page">
      <PageHeader title={t.title} />
      <Card>
        <Table<ExtensionListing>
          rowKey="id"
          loading={loading}
          dataSource={data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: zh.common.total }}
          locale={{ emptyText: <Empty description={t.empty} /> }}
          columns={[
            { title: t.columns.unit, dataIndex: 'unitName', width: 200 },
            {
              title: t.columns.task,
              dataIndex: 'taskText',
              render: (v: string, x) => (
                <div>
                  <Typography.Text type="secondary" className="tz-small">
                    {x.planTitle ?? zh.plans.untitled} · {zh.revision.item(x.seq)}
                  </Typography.Text>
                  <Link to={`/tasks/${x.taskId}`}>
                    <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                      {v}
                    </Typography.Paragraph>
                  </Link>
                </div>
              ),
            },
            {
              title: t.columns.currentDue,
              dataIndex: 'currentDue',
              width: 120,
              render: (v: string | null) => v ?? zh.common.dash,
            },
            { title: t.columns.requestedDue, dataIndex: 'requestedDue', width: 120 },
            { title: t.columns.reason, dataIndex: 'reason', width: 240 },
            { title: t.columns.createdAt, dataIndex: 'createdAt', width: 150, render: (v: string) => formatTime(v) },
            ...((decides
              ? [
                  {
                    title: t.columns.actions,
                    width: 150,
                    render: (_v: unknown, x: ExtensionListing) => (
                      <Space>
                        <Button type="primary" size="small" onClick={() => setDeciding({ x, approve: true })}>
                          {t.approve}
                        </Button>
                        <Button danger size="small" onClick={() => setDeciding({ x, approve: false })}>
                          {t.reject}
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []) satisfies TableColumnsType<ExtensionListing>),
          ]}
        />
      </Card>
      <Modal
        open={deciding !== null}
        title={deciding?.approve ? t.approveTitle : t.rejectTitle}
        okText={zh.common.ok}
        cancelText={zh.common.cancel}
        okButtonProps={{ disabled: deciding?.approve === false && !note.trim(), loading: busy }}
        onOk={decide}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
      >
        {deciding ? (
          <Typography.Paragraph>
            {deciding.x.unitName} · {deciding.x.requestedDue}
          </Typography.Paragraph>
        ) : null}
        <Form layout="vertical">
          <Form.Item
            label={t.note}
            required={deciding?.approve === false}
            extra={deciding?.approve === false ? t.noteRequired : undefined}
          >
            <Input.TextArea
              value={note}
              onChange={(e) => setNote(e.target.value)}
              autoSize={{ minRows: 3 }}
              maxLength={2000}
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
