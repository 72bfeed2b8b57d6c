import { Alert, App, Button, Drawer, Form, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { scores } from '../../api/endpoints';
import type { ScoringRules } from '../../api/types';
import { LoadError } from '../../components/ErrorResult';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';

const t = zh.scores;
const NUMBERS = [
  'full',
  'onTimeWeight',
  'overduePerItem',
  'overdueCap',
  'latePerItem',
  'lateCap',
  'annualReportPoints',
] as const;

/** 考核规则 as a form: the office edits them, a leader reads them. */
export function RulesDrawer({
  open,
  editable,
  onClose,
  onSaved,
}: {
  open: boolean;
  editable: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const rules = useLoad(() => (open ? scores.rules() : Promise.resolve(null)), `rules:${open}`);
  const [form] = Form.useForm<ScoringRules>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (v: ScoringRules) => {
    setBusy(true);
    setError(null);
    try {
      await scores.saveRules(v);
      message.success(t.rulesSaved);
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open={open} onClose={onClose} size={520} title={t.rules} destroyOnHidden>
      {rules.error ? <LoadError error={rules.error} onRetry={rules.reload} /> : null}
      {!rules.data ? (
        <Loading />
      ) : (
        <Form<ScoringRules>
          form={form}
          layout="vertical"
          initialValues={rules.data}
          onFinish={save}
          disabled={!editable}
          data-testid="rules-form"
        >
          <Typography.Paragraph type="secondary">{editable ? t.rulesHelp : t.rulesReadOnly}</Typography.Paragraph>
          {error ? <Alert type="error" showIcon title={error} className="tz-gap" /> : null}
          {NUMBERS.map((k) => (
            <Form.Item
              key={k}
              label={t.ruleFields[k]}
              name={k}
              rules={[{ required: true, message: zh.common.required }]}
            >
              <InputNumber min={0} max={1000} style={{ width: 160 }} data-testid={`rule-${k}`} />
            </Form.Item>
          ))}
          <Form.Item label={t.ruleFields.annualReportWords} name="annualReportWords">
            <Select mode="tags" placeholder={t.wordsPlaceholder} open={false} maxCount={10} />
          </Form.Item>
          {editable ? (
            <Space>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="rules-save">
                {zh.common.save}
              </Button>
              <Button onClick={onClose}>{zh.common.cancel}</Button>
            </Space>
          ) : null}
        </Form>
      )}
    </Drawer>
  );
}
