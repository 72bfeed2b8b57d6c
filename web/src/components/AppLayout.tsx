import {
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  ClockCircleOutlined,
  CloudUploadOutlined,
  FileWordOutlined,
  GlobalOutlined,
  LogoutOutlined,
  MenuOutlined,
  ProfileOutlined,
  ReconciliationOutlined,
  RobotOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import type { Role } from '../api/types';
import { useSession } from '../auth/session';
import { zh } from '../i18n/zh';

// The phone menu's drawer loads when first opened: 我的任务 on a phone does not wait for it.
const PhoneNav = lazy(() => import('./PhoneNav').then((m) => ({ default: m.PhoneNav })));

interface NavItem {
  key: string;
  label: string;
  icon: ReactNode;
  roles: readonly Role[];
}

/** The side menu: each role sees only what it may use. */
const NAV: NavItem[] = [
  { key: '/import', label: zh.nav.importPlan, icon: <CloudUploadOutlined />, roles: ['office'] },
  { key: '/plans', label: zh.nav.plans, icon: <ProfileOutlined />, roles: ['office', 'leader'] },
  { key: '/dashboard', label: zh.nav.dashboard, icon: <BarChartOutlined />, roles: ['office', 'leader'] },
  { key: '/extensions', label: zh.nav.extensions, icon: <ClockCircleOutlined />, roles: ['office', 'leader'] },
  { key: '/supervision', label: zh.nav.supervision, icon: <AlertOutlined />, roles: ['office', 'leader'] },
  { key: '/scores', label: zh.nav.scores, icon: <ReconciliationOutlined />, roles: ['office', 'leader'] },
  { key: '/documents', label: zh.nav.documents, icon: <FileWordOutlined />, roles: ['office'] },
  { key: '/units', label: zh.nav.units, icon: <TeamOutlined />, roles: ['office'] },
  { key: '/my', label: zh.nav.myTasks, icon: <ScheduleOutlined />, roles: ['unit'] },
  { key: '/accounts', label: zh.nav.accountsAndUnits, icon: <TeamOutlined />, roles: ['admin'] },
  { key: '/settings', label: zh.nav.settings, icon: <SafetyOutlined />, roles: ['admin'] },
  { key: '/robots', label: zh.nav.robots, icon: <RobotOutlined />, roles: ['office', 'admin'] },
  { key: '/audit', label: zh.nav.audit, icon: <AuditOutlined />, roles: ['auditor'] },
];

export function navFor(role: Role): NavItem[] {
  return NAV.filter((n) => n.roles.includes(role));
}

function selectedKey(path: string, role: Role): string {
  if (path.startsWith('/tasks/')) return role === 'unit' ? '/my' : '/plans';
  return NAV.find((n) => path === n.key || path.startsWith(`${n.key}/`))?.key ?? '';
}

export function AppLayout() {
  const { session, logout } = useSession();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  if (!session) return null;
  const { actor } = session;
  const items = navFor(actor.role).map((n) => ({ key: n.key, icon: n.icon, label: <Link to={n.key}>{n.label}</Link> }));

  // A full load of the login page after logging out: nothing of the last user stays in memory.
  const onLogout = async () => {
    await logout();
    window.location.replace('/login');
  };

  return (
    <Layout className="tz-shell">
      <Layout.Sider width={208} breakpoint="lg" collapsedWidth={64} className="tz-sider" theme="dark">
        <Link to="/" className="tz-brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="tz-brand-text">{zh.app.name}</span>
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selectedKey(location.pathname, actor.role)]}
          items={items}
          data-testid="side-menu"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="tz-header">
          {/* On a phone the side rail is hidden (CSS, so the first paint is already right): a menu button opens
              the same navigation, with the public page and the password, in a drawer. */}
          <Space size={4} className="tz-phone-only">
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={zh.header.menu}
              className="tz-target"
              data-testid="phone-menu"
              onClick={() => setMenuOpen(true)}
            />
            <Link to="/" className="tz-phone-brand" aria-label={zh.app.name}>
              <img src="/favicon.svg" alt="" width={24} height={24} />
            </Link>
          </Space>
          <Space size="middle" className="tz-hide-phone">
            <Link to="/public" target="_blank">
              <GlobalOutlined /> {zh.nav.publicPage}
            </Link>
          </Space>
          <Space size="small" className="tz-header-right">
            <span data-testid="current-user" className="tz-current-user">
              <UserOutlined /> <Typography.Text strong>{actor.name}</Typography.Text>
              <Typography.Text type="secondary" className="tz-hide-phone">
                {' '}
                · {zh.roles[actor.role]}
              </Typography.Text>
            </span>
            <Link to="/change-password" className="tz-hide-phone">
              {zh.header.changePassword}
            </Link>
            <Button icon={<LogoutOutlined />} onClick={onLogout} data-testid="logout" aria-label={zh.header.logout}>
              <span className="tz-hide-phone">{zh.header.logout}</span>
            </Button>
          </Space>
        </Layout.Header>
        {menuOpen ? (
          <Suspense fallback={null}>
            <PhoneNav
              items={items}
              selected={selectedKey(location.pathname, actor.role)}
              onClose={() => setMenuOpen(false)}
            />
          </Suspense>
        ) : null}
        <Layout.Content className="tz-content">
          <Outlet />
        </Layout.Content>
        <Layout.Footer className="tz-footer">{zh.app.footer}</Layout.Footer>
      </Layout>
    </Layout>
  );
}
