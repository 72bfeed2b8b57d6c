import 'dayjs/locale/zh-cn';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import { createRoot, type Root } from 'react-dom/client';
import { type DrawerTarget, ReportDrawer } from '../screens/my/ReportDrawer';
import { theme } from '../theme';

/**
 * 报送进展 and 延期申请 on the light 我的任务 page: the full application's drawer and forms (upload, date
 * picker), in a React root of their own inside the Preact page, loaded when a unit first reaches for them.
 */
export interface DrawerRequest {
  assignment: DrawerTarget;
  tab: 'report' | 'extension';
  /** A report or request went in: the page reloads its list. */
  onDone: () => void;
}

dayjs.locale('zh-cn');
let root: Root | null = null;

export function showDrawer(host: HTMLElement, request: DrawerRequest): void {
  root ??= createRoot(host);
  const render = (open: DrawerRequest | null) =>
    root?.render(
      <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
        <AntApp>
          <ReportDrawer
            // A new key per opening: the forms start empty, on the tab asked for.
            key={open ? `${open.assignment.id}:${open.tab}:${Date.now()}` : 'closed'}
            assignment={open?.assignment ?? null}
            tab={open?.tab}
            onClose={() => render(null)}
            onDone={() => {
              render(null);
              request.onDone();
            }}
          />
        </AntApp>
      </ConfigProvider>,
    );
  render(request);
}
