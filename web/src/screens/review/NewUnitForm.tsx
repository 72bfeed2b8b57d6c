import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { plans } from '../../api/endpoints';
import type { NewUnit, PendingChoice, Unit, UnitKind } from '../../api/types';
import { useSubmit } from '../../hooks/useSubmit';
import { zh } from '../../i18n/zh';

const t = zh.review;
const f = zh.units.form;
const KINDS = Object.keys(zh.units.kinds) as UnitKind[];

/**
 * «新建单位» for a name the directory lacks: the unit the server proposes (named in full, under the plan's
 * government), editable, added and assigned in one request; the printed form becomes its alias.
 */
export function NewUnitForm({
  choice,
  units,
  onClose,
  onDone,
}: {
  choice: PendingChoice;
  units: Unit[] | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<NewUnit>();
  const submit = useSubmit();
  const parents = useMemo(
    () => (units ?? []).filter((u) => u.active && u.kind !== 'section').map((u) => ({ value: u.id, label: u.name })),
    [units],
  );

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    await submit.run(async () => {
      const name = v.name.trim();
      const r = await plans.createUnit(choice.id, { name, parentId: v.parentId ?? null, kind: v.kind });
      message.success(t.newUnitDone(name));
      if (r.alsoSettled) message.info(t.alsoSettled(r.alsoSettled));
      onDone();
    });
  };

  return (
    <Modal
      open
      title={t.newUnitTitle(choice.printed)}
      onOk={save}
      onCancel={onClose}
      okText={t.newUnit}
      cancelText={zh.common.cancel}
      confirmLoading={submit.busy}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="new-unit-form"
        initialValues={choice.proposal ?? { name: choice.printed, parentId: null, kind: 'department' }}
      >
        <Typography.Paragraph type="secondary">{t.newUnitHelp}</Typography.Paragraph>
        {submit.error ? <Alert type="error" showIcon title={submit.error} className="tz-gap" /> : null}
        <Form.Item
          label={f.name}
          name="name"
          rules={[{ required: true, whitespace: true, message: zh.common.required }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={f.parent} name="parentId">
          <Select allowClear options={parents} loading={!units} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item label={f.kind} name="kind">
          <Select options={KINDS.map((k) => ({ value: k, label: zh.units.kinds[k] }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
