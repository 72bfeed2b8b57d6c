import { Drawer, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { zh } from '../../i18n/zh';
import { ExtensionForm } from './ExtensionForm';
import { ReportForm } from './ReportForm';

export interface DrawerTarget {
  id: number;
  periodic: boolean;
  /** 长期推进: reported each period, never 申请办结. */
  ongoing?: boolean;
  /** The period a report now counts for. */
  period?: string | null;
  text: string;
}

/** The unit's actions on one assignment: report progress, or ask for more time. */
export function ReportDrawer({
  assignment,
  tab = 'report',
  onClose,
  onDone,
}: {
  assignment: DrawerTarget | null;
  tab?: 'report' | 'extension';
  onClose: () => void;
  onDone: () => void;
}) {
  // The title names the form in front of the unit.
  const [active, setActive] = useState<'report' | 'extension'>(tab);
  return (
    <Drawer
      open={assignment !== null}
      onClose={onClose}
      // Full width on a phone, a side panel on a desk.
      size={Math.min(640, typeof window === 'undefined' ? 640 : window.innerWidth)}
      title={active === 'extension' ? zh.my.extension : zh.my.drawerTitle}
      destroyOnHidden
    >
      {assignment ? (
        <>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 3 }}>
            {assignment.text}
          </Typography.Paragraph>
          <Tabs
            activeKey={active}
            onChange={(key) => setActive(key === 'extension' ? 'extension' : 'report')}
            items={[
              {
                key: 'report',
                label: zh.my.report,
                children: (
                  <ReportForm
                    assignmentId={assignment.id}
                    periodic={assignment.periodic}
                    ongoing={assignment.ongoing ?? false}
                    period={assignment.period ?? null}
                    onDone={onDone}
                  />
                ),
              },
              {
                key: 'extension',
                label: zh.my.extension,
                children: <ExtensionForm assignmentId={assignment.id} onDone={onDone} />,
              },
            ]}
          />
        </>
      ) : null}
    </Drawer>
  );
}
