import { Alert, App, Button, Checkbox, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { accounts } from '../../api/endpoints';
import type { AccountView, Role, Unit } from '../../api/types';
import { zh } from '../../i18n/zh';

const f = zh.accounts.form;
export const WEB_ROLES: Role[] = ['admin', 'office', 'unit', 'leader', 'auditor'];

interface Values {
  username: string;
  displayName: string;
  role: Role;
  unitId?: string | null;
  password: string;
  mustChangePassword: boolean;
}

/** A password the default policy accepts: four classes, 16 characters, from the browser's CSPRNG. */
export function randomPassword(): string {
  const sets = ['abcdefghjkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '#%+=@'];
  const bytes = crypto.getRandomValues(new Uint32Array(16));
  return Array.from(bytes, (b, i) => {
    const set = sets[i % sets.length]!;
    return set[b % set.length];
  }).join('');
}

/** New account (username, name, role, unit, first password) or changes to an existing one (name, role, unit). */
export function AccountForm({
  open,
  account,
  units,
  onClose,
  onSaved,
}: {
  open: boolean;
  account: AccountView | null;
  units: Unit[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const unitId = v.role === 'unit' ? (v.unitId ?? null) : null;
      if (account) {
        await accounts.update(account.id, { displayName: v.displayName.trim(), role: v.role, unitId });
        message.success(zh.accounts.updated);
      } else {
        await accounts.create({ ...v, username: v.username.trim(), displayName: v.displayName.trim(), unitId });
        message.success(zh.accounts.created);
      }
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
      title={account ? (account.role === 'none' ? zh.accounts.grant : f.titleEdit) : f.titleNew}
      onOk={save}
      onCancel={onClose}
      okText={zh.common.save}
      cancelText={zh.common.cancel}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        key={account?.id ?? 'new'}
        initialValues={
          account
            ? {
                username: account.username,
                displayName: account.displayName,
                // An account single sign-on made has no role: the administrator chooses one.
                role: account.role === 'none' ? undefined : account.role,
                unitId: account.unitId,
              }
            : { role: 'unit', mustChangePassword: true, password: randomPassword() }
        }
      >
        {error ? <Alert type="error" showIcon title={error} className="tz-gap" /> : null}
        <Form.Item label={f.username} name="username" rules={required} extra={account ? undefined : f.usernameHelp}>
          <Input disabled={!!account} autoComplete="off" />
        </Form.Item>
        <Form.Item label={f.displayName} name="displayName" rules={required}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={f.role} name="role" rules={[{ required: true, message: zh.common.required }]}>
          <Select options={WEB_ROLES.map((r) => ({ value: r, label: zh.roles[r] }))} />
        </Form.Item>
        {role === 'unit' ? (
          <Form.Item label={f.unit} name="unitId" rules={[{ required: true, message: f.unitHelp }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={units.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
        ) : null}
        {account ? null : (
          <>
            <Form.Item label={f.password} required>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="password" noStyle rules={required}>
                  <Input autoComplete="new-password" />
                </Form.Item>
                <Button onClick={() => form.setFieldValue('password', randomPassword())}>{f.generate}</Button>
              </Space.Compact>
            </Form.Item>
            <Form.Item name="mustChangePassword" valuePropName="checked">
              <Checkbox>{f.mustChange}</Checkbox>
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
