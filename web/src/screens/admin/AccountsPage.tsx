import { Card, Tabs } from 'antd';
import { PageHeader } from '../../components/PageHeader';
import { zh } from '../../i18n/zh';
import { AccountsTable } from './AccountsTable';
import { UnitsPanel } from './UnitsPanel';

/** 单位与账号 (system administrator): accounts, and the unit directory they belong to. */
export function AccountsPage() {
  return (
    <div data-testid="accounts-page">
      <PageHeader title={zh.accounts.title} />
      <Card>
        <Tabs
          items={[
            { key: 'accounts', label: zh.accounts.tabs.accounts, children: <AccountsTable /> },
            { key: 'units', label: zh.accounts.tabs.units, children: <UnitsPanel /> },
          ]}
        />
      </Card>
    </div>
  );
}

/** 单位目录 (the office's view of the same directory). */
export function UnitsPage() {
  return (
    <div data-testid="units-page">
      <PageHeader title={zh.units.title} />
      <Card>
        <UnitsPanel />
      </Card>
    </div>
  );
}
