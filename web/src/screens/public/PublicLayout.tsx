import { Layout, Typography } from 'antd';
import { Link, Outlet } from 'react-router-dom';
import { zh } from '../../i18n/zh';

/** The public pages' frame: no menu, no account, a way in for staff. */
export function PublicLayout() {
  return (
    <Layout className="tz-public">
      <Layout.Header className="tz-public-header">
        <Link to="/public" className="tz-public-brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <Typography.Text strong className="tz-public-title">
            {zh.publicPage.title}
          </Typography.Text>
        </Link>
        <Link to="/login">{zh.publicPage.staffLogin}</Link>
      </Layout.Header>
      <Layout.Content className="tz-public-content">
        <Outlet />
      </Layout.Content>
      <Layout.Footer className="tz-footer">{zh.app.footer}</Layout.Footer>
    </Layout>
  );
}
