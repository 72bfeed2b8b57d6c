import { GlobalOutlined } from '@ant-design/icons';
import { Drawer, Menu, type MenuProps } from 'antd';
import { Link } from 'react-router-dom';
import { zh } from '../i18n/zh';

/** On a phone, where the side rail is hidden: the same navigation, the public page and the password. */
export function PhoneNav({
  items,
  selected,
  onClose,
}: {
  items: MenuProps['items'];
  selected: string;
  onClose: () => void;
}) {
  return (
    <Drawer open onClose={onClose} placement="left" size={280} title={zh.app.name} data-testid="phone-nav">
      <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={onClose} />
      <ul className="tz-phone-links">
        <li>
          <Link to="/public" target="_blank" onClick={onClose}>
            <GlobalOutlined /> {zh.nav.publicPage}
          </Link>
        </li>
        <li>
          <Link to="/change-password" onClick={onClose}>
            {zh.header.changePassword}
          </Link>
        </li>
      </ul>
    </Drawer>
  );
}
