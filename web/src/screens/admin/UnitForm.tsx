import { Alert, App, Form, Input, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { directory } from '../../api/endpoints';
import type { Unit, UnitKind, UnitLevel } from '../../api/types';
import { zh } from '../../i18n/zh';

const f = zh.units.form;
const KINDS = Object.keys(zh.units.kinds) as UnitKind[];
const LEVELS = Object.keys(zh.units.levels) as UnitLevel[];

/** Adds a unit or changes one; a unit is abolished (with its successor), never deleted. */
export function UnitForm({
  open,
  unit,
  units,
  onClose,
  onSaved,
}: {
  open: boolean;
  unit: Unit | null;
  units: Unit[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Unit>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const choices = units.filter((u) => u.id !== unit?.id).map((u) => ({ value: u.id, label: u.name }));

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await directory.save({
        ...v,
        id: (unit?.id ?? v.id).trim(),
        name: v.name.trim(),
        aliases: v.aliases ?? [],
        parentId: v.parentId ?? null,
        successorId: v.successorId ?? null,
      });
      message.success(zh.units.saved);
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: zh.common.required }];
  return (
    <Modal
      open={open}
      title={unit ? f.titleEdit : f.titleNew}
      onOk={save}
      onCancel={onClose}
      okText={zh.common.save}
      cancelText={zh.common.cancel}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        key={unit?.id ?? 'new'}
        initialValues={
          unit ?? { kind: 'department', level: 'city', active: true, aliases: [], parentId: null, successorId: null }
        }
      >
        {error ? <Alert type="error" showIcon title={error} className="tz-gap" /> : null}
        <Form.Item label={f.id} name="id" rules={required} extra={unit ? undefined : f.idHelp}>
          <Input disabled={!!unit} maxLength={200} />
        </Form.Item>
        <Form.Item label={f.name} name="name" rules={required}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={f.aliases} name="aliases" extra={f.aliasesHelp}>
          <Select mode="tags" open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item label={f.kind} name="kind" rules={[{ required: true }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: zh.units.kinds[k] }))} />
        </Form.Item>
        <Form.Item label={f.level} name="level" rules={[{ required: true }]}>
          <Select options={LEVELS.map((k) => ({ value: k, label: zh.units.levels[k] }))} />
        </Form.Item>
        <Form.Item label={f.parent} name="parentId">
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={choices} />
        </Form.Item>
        <Form.Item label={f.active} name="active" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item label={f.successor} name="successorId" extra={f.successorHelp}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={choices} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
