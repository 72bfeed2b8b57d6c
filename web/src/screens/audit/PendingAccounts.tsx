import { App, Button, Card, Space, Table, Tag } from 'antd';
import { errorMessage } from '../../api/client';
import { audit } from '../../api/endpoints';
import type { AccountView } from '../../api/types';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';

const t = zh.audit.pending;

/** 三权分立: office and auditor accounts the administrator made, waiting for the auditor's approval. Hidden when none wait. */
export function PendingAccounts() {
  const { message } = App.useApp();
  const { data, reload } = useLoad(() => audit.pendingAccounts(), 'pending-accounts');
  if (!data || data.length === 0) return null;
  const decide = async (a: AccountView, approve: boolean) => {
    try {
      await audit.decideAccount(a.id, approve);
      message.success(approve ? t.approved(a.username) : t.rejected(a.username));
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card className="tz-gap" title={t.title} data-testid="pending-accounts">
      <Table<AccountView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data}
        columns={[
          { title: zh.audit.columns.actor, render: (_, a) => t.who(a.displayName, a.username) },
          { title: zh.audit.entities.account, render: (_, a) => <Tag>{zh.roles[a.role] ?? a.role}</Tag> },
          {
            title: '',
            render: (_, a) => (
              <Space>
                <Button type="primary" size="small" onClick={() => decide(a, true)} data-testid="approve-account">
                  {t.approve}
                </Button>
                <Button danger size="small" onClick={() => decide(a, false)}>
                  {t.reject}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
