import { Alert, App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { scores } from '../../api/endpoints';
import type { Unit } from '../../api/types';
import { zh } from '../../i18n/zh';

const t = zh.scores;

interface Values {
  unitId?: string;
  points: number;
  reason: string;
}

/** A unit already listed, or any unit of the directory (a unit with nothing due may still earn points). */
export type AdjustTarget = { unitId: string; unitName: string } | 'pick';

/** 加减分: points for one unit in one period, never without the reason the score will show. */
export function AdjustmentModal({
  target,
  units,
  period,
  onClose,
  onSaved,
}: {
  target: AdjustTarget | null;
  units: Unit[];
  period: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    const unitId = target === 'pick' ? v?.unitId : target?.unitId;
    if (!v || !unitId) return;
    setBusy(true);
    setError(null);
    try {
      await scores.adjust({ unitId, period, points: v.points, reason: v.reason.trim() });
      message.success(t.adjusted);
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={target === 'pick' ? t.adjustAnyTitle(period) : target ? t.adjustTitle(target.unitName, period) : ''}
      onOk={save}
      onCancel={onClose}
      okText={zh.common.save}
      cancelText={zh.common.cancel}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="adjust-form">
        {error ? <Alert type="error" showIcon title={error} className="tz-gap" /> : null}
        {target === 'pick' ? (
          <Form.Item label={t.unit} name="unitId" rules={[{ required: true, message: zh.common.required }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={zh.documents.unitPlaceholder}
              options={units.map((u) => ({ value: u.id, label: u.name }))}
              data-testid="adjust-unit"
            />
          </Form.Item>
        ) : null}
        <Form.Item
          label={t.points}
          name="points"
          extra={t.pointsHelp}
          rules={[
            {
              validator: (_r, v: number | null | undefined) =>
                typeof v === 'number' && v !== 0 && Math.abs(v) <= 100
                  ? Promise.resolve()
                  : Promise.reject(new Error(t.pointsInvalid)),
            },
          ]}
        >
          <InputNumber min={-100} max={100} style={{ width: 160 }} data-testid="adjust-points" />
        </Form.Item>
        <Form.Item
          label={t.reason}
          name="reason"
          rules={[{ required: true, whitespace: true, message: t.reasonRequired }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3 }}
            maxLength={500}
            showCount
            placeholder={t.reasonPlaceholder}
            data-testid="adjust-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
