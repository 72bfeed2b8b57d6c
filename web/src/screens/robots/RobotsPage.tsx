import { Alert, App, Button, Card, Form, Input, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { directory, plans, robots } from '../../api/endpoints';
import type { RobotInput, RobotPlatform, RobotView } from '../../api/types';
import { LoadError } from '../../components/ErrorResult';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';

const t = zh.robots;

interface FormValues {
  name: string;
  platform: RobotPlatform;
  webhookUrl: string;
  secret?: string;
  scope: 'unit' | 'plan';
  unitId?: string;
  planId?: number;
}

/** 群机器人: the office's robots (addresses masked), a test button, and a form to add one. */
export function RobotsPage() {
  const { message } = App.useApp();
  const list = useLoad(robots.list, 'robots');
  const units = useLoad(directory.get, 'directory');
  const planList = useLoad(plans.list, 'plans');
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const scope = Form.useWatch('scope', form);
  const platform = Form.useWatch('platform', form);
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;

  const add = async (v: FormValues) => {
    setBusy(true);
    setFormError(null);
    const input: RobotInput = {
      name: v.name,
      platform: v.platform,
      webhookUrl: v.webhookUrl,
      secret: v.platform === 'wecom' ? null : v.secret || null,
      ...(v.scope === 'unit' ? { unitId: v.unitId ?? null } : { planId: v.planId ?? null }),
    };
    try {
      await robots.add(input);
      message.success(t.added);
      form.resetFields();
      list.reload();
    } catch (e) {
      setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const test = async (r: RobotView) => {
    try {
      const answer = await robots.test(r.id);
      if (answer.ok) message.success(t.testOk);
      else message.error(t.testFailed(answer.error ?? ''));
    } catch (e) {
      message.error(errorMessage(e));
    }
    list.reload();
  };
  const remove = async (r: RobotView) => {
    try {
      await robots.remove(r.id);
      message.success(t.removed);
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <div data-testid="robots-page">
      <PageHeader title={t.title} />
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <Card className="tz-gap">
        <Table<RobotView>
          rowKey="id"
          dataSource={list.data}
          pagination={false}
          locale={{ emptyText: t.empty }}
          columns={[
            { title: t.name, dataIndex: 'name' },
            {
              title: t.platform,
              render: (_, r) => (
                <Space>
                  {r.platformLabel}
                  <Tag>{r.signed ? t.signed : t.unsigned}</Tag>
                  {r.enabled ? null : <Tag>{t.disabled}</Tag>}
                </Space>
              ),
            },
            {
              title: t.target,
              render: (_, r) => (r.scope === 'unit' ? (r.unitName ?? r.unitId) : (r.planTitle ?? r.planId)),
            },
            {
              title: t.webhook,
              dataIndex: 'webhookUrl',
              render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
            },
            {
              title: zh.common.detail,
              render: (_, r) => (
                <div data-testid={`robot-${r.id}-deliveries`}>
                  {t.sent(r.deliveries.sent, r.deliveries.pending, r.deliveries.failed)}
                  {r.deliveries.lastError ? (
                    <Typography.Text type="danger" style={{ display: 'block' }}>
                      {t.lastError(r.deliveries.lastError)}
                    </Typography.Text>
                  ) : null}
                </div>
              ),
            },
            {
              title: zh.common.actions,
              render: (_, r) => (
                <Space>
                  <Button size="small" onClick={() => test(r)}>
                    {t.test}
                  </Button>
                  <Popconfirm title={t.removeConfirm} onConfirm={() => remove(r)}>
                    <Button size="small" danger>
                      {t.remove}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t.add}>
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={{ platform: 'dingtalk', scope: 'unit' }}
          onFinish={add}
          style={{ maxWidth: 560 }}
        >
          {formError ? <Alert type="error" showIcon title={formError} className="tz-gap" /> : null}
          <Form.Item label={t.name} name="name" rules={[{ required: true, message: zh.common.required }]}>
            <Input placeholder={t.namePlaceholder} maxLength={100} />
          </Form.Item>
          <Form.Item label={t.platform} name="platform">
            <Radio.Group
              options={(['dingtalk', 'wecom', 'feishu'] as const).map((p) => ({ value: p, label: t.platforms[p] }))}
            />
          </Form.Item>
          <Form.Item
            label={t.webhook}
            name="webhookUrl"
            extra={t.webhookHelp}
            rules={[{ required: true, message: zh.common.required }]}
          >
            <Input.Password visibilityToggle={false} autoComplete="off" />
          </Form.Item>
          {platform === 'wecom' ? null : (
            <Form.Item label={t.secret} name="secret" extra={t.secretHelp}>
              <Input.Password visibilityToggle={false} autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item label={t.scope} name="scope">
            <Radio.Group
              options={[
                { value: 'unit', label: t.scopeUnit },
                { value: 'plan', label: t.scopePlan },
              ]}
            />
          </Form.Item>
          {scope === 'plan' ? (
            <Form.Item label={t.plan} name="planId" rules={[{ required: true, message: zh.common.required }]}>
              <Select
                showSearch
                optionFilterProp="label"
                options={(planList.data ?? []).map((p) => ({ value: p.id, label: p.title ?? String(p.id) }))}
              />
            </Form.Item>
          ) : (
            <Form.Item label={t.unit} name="unitId" rules={[{ required: true, message: zh.common.required }]}>
              <Select
                showSearch
                optionFilterProp="label"
                options={(units.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))}
              />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={busy}>
            {t.add}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
