import { App, Button, Form, Input, Modal, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { type AccountPatch, accounts, directory } from '../../api/endpoints';
import type { AccountView } from '../../api/types';
import { useSession } from '../../auth/session';
import { LoadError } from '../../components/ErrorResult';
import { formatTime } from '../../components/format';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';
import { AccountForm, randomPassword } from './AccountForm';

const t = zh.accounts;

/** Accounts: create, change, disable, reset password, unlock. Accounts are never deleted. */
export function AccountsTable() {
  const { message } = App.useApp();
  const { session } = useSession();
  const list = useLoad(accounts.list, 'accounts');
  const units = useLoad(directory.get, 'units');
  const [editing, setEditing] = useState<AccountView | 'new' | null>(null);
  const [resetting, setResetting] = useState<AccountView | null>(null);
  const [password, setPassword] = useState('');
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;

  const patch = async (a: AccountView, p: AccountPatch, ok = t.updated) => {
    try {
      await accounts.update(a.id, p);
      message.success(ok);
      list.reload();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };

  return (
    <>
      <div className="tz-toolbar">
        <Button type="primary" onClick={() => setEditing('new')} data-testid="add-account">
          {t.add}
        </Button>
      </div>
      <Table<AccountView>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: zh.common.total }}
        data-testid="accounts-table"
        columns={[
          { title: t.columns.username, dataIndex: 'username', width: 140 },
          { title: t.columns.displayName, dataIndex: 'displayName' },
          { title: t.columns.role, dataIndex: 'role', width: 110, render: (r: AccountView['role']) => zh.roles[r] },
          { title: t.columns.unit, dataIndex: 'unitName', render: (v: string | null) => v ?? zh.common.dash },
          {
            title: t.columns.status,
            width: 170,
            render: (_v, a) => (
              <Space size={4} wrap>
                {a.role === 'none' ? (
                  <Tag color="blue">{t.awaitingGrant}</Tag>
                ) : a.active ? (
                  <Tag color="green">{t.active}</Tag>
                ) : a.approvalPending ? (
                  <Tag color="gold">{t.approvalPending}</Tag>
                ) : (
                  <Tag>{t.disabled}</Tag>
                )}
                {a.locked ? <Tag color="red">{t.locked}</Tag> : null}
                {a.mustChangePassword ? <Tag color="orange">{t.mustChange}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t.columns.lastLogin,
            dataIndex: 'lastLoginAt',
            width: 150,
            render: (v: string | null) => (v ? formatTime(v) : t.never),
          },
          {
            title: t.columns.actions,
            width: 260,
            render: (_v, a) => {
              const self = session?.actor.id === `acct:${a.id}`;
              return (
                <Space size={0} wrap>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setEditing(a)}
                    data-testid={a.role === 'none' ? `grant-${a.username}` : undefined}
                  >
                    {a.role === 'none' ? t.grant : zh.common.edit}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => {
                      setPassword(randomPassword());
                      setResetting(a);
                    }}
                  >
                    {t.resetPassword}
                  </Button>
                  {a.locked ? (
                    <Button type="link" size="small" onClick={() => patch(a, { unlock: true })}>
                      {t.unlock}
                    </Button>
                  ) : null}
                  {self ? null : a.active ? (
                    <Popconfirm
                      title={t.disable}
                      description={t.disableQuestion}
                      okText={zh.common.ok}
                      cancelText={zh.common.cancel}
                      onConfirm={() => patch(a, { active: false })}
                    >
                      <Button type="link" size="small" danger>
                        {t.disable}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button type="link" size="small" onClick={() => patch(a, { active: true })}>
                      {t.enable}
                    </Button>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      <AccountForm
        open={editing !== null}
        account={editing === 'new' ? null : editing}
        units={units.data?.units ?? []}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
      <Modal
        open={resetting !== null}
        title={resetting ? t.resetTitle(resetting.displayName) : ''}
        okText={zh.common.ok}
        cancelText={zh.common.cancel}
        okButtonProps={{ disabled: !password.trim() }}
        onCancel={() => setResetting(null)}
        onOk={async () => {
          if (resetting && (await patch(resetting, { password }, t.updated))) setResetting(null);
        }}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t.newPassword} extra={t.resetHelp}>
            <Space.Compact style={{ width: '100%' }}>
              <Input value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
              <Button onClick={() => setPassword(randomPassword())}>{t.form.generate}</Button>
            </Space.Compact>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
