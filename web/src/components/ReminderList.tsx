import { Button, Empty, Space, Spin, Tag, Typography } from 'antd';
import type { ReminderView } from '../api/types';
import { zh } from '../i18n/zh';
import { formatTime } from './format';

const t = zh.reminders;

/**
 * Reminders and 催办 as the unit received them, newest first, the full text kept as sent (line breaks and
 * all): the office reads the same record the unit sees. `onRead` offers mark-as-read on unread ones.
 */
export function ReminderList({
  items,
  loading,
  empty,
  onRead,
  highlight,
}: {
  items: ReminderView[];
  loading?: boolean;
  empty: string;
  onRead?: (r: ReminderView) => void;
  /** A record just made: shown marked. */
  highlight?: number | null;
}) {
  if (loading && items.length === 0) return <Spin className="tz-loading" />;
  if (items.length === 0) return <Empty description={empty} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div className="tz-reminders" data-testid="reminder-list">
      {items.map((r) => (
        <div
          key={r.id}
          data-testid="reminder-item"
          data-kind={r.kind}
          data-read={r.read ? 'true' : 'false'}
          className={r.id === highlight ? 'tz-reminder tz-reminder-new' : 'tz-reminder'}
        >
          <div className="tz-reminder-head">
            <Space size={8} wrap>
              <Tag color={r.kind === 'urge' ? 'red' : 'gold'}>{t.kinds[r.kind]}</Tag>
              <span>{formatTime(r.createdAt)}</span>
              {r.kind === 'digest' && r.period ? <span className="tz-muted tz-small">{t.week(r.period)}</span> : null}
              {r.read ? <Tag>{t.read}</Tag> : <Tag color="blue">{t.unread}</Tag>}
            </Space>
            {onRead && !r.read ? (
              <Button size="small" onClick={() => onRead(r)} data-testid="reminder-read">
                {t.markRead}
              </Button>
            ) : null}
          </div>
          <Typography.Paragraph className="tz-reminder-text">{r.text}</Typography.Paragraph>
        </div>
      ))}
    </div>
  );
}
