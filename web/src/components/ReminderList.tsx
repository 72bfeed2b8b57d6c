import { Button, Empty, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ReminderView } from '../api/types';
import { zh } from '../i18n/zh';
import { formatTime } from './format';

const t = zh.reminders;

const KIND_COLORS: Record<ReminderView['kind'], string> = {
  digest: 'gold',
  urge: 'red',
  returned: 'volcano',
  reopened: 'orange',
  extension: 'blue',
};

/**
 * Reminders, 催办 and decisions as the unit received them, newest first, each one line (its kind, time, how
 * many items, the first line of its text) that opens to the full text as sent: a 70-line digest does not fill
 * the screen. The office reads the same record the unit sees. `onRead` offers mark-as-read on unread ones.
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
        <ReminderRow key={r.id} r={r} highlight={r.id === highlight} startOpen={r.id === highlight} onRead={onRead} />
      ))}
    </div>
  );
}

function ReminderRow({
  r,
  highlight,
  startOpen,
  onRead,
}: {
  r: ReminderView;
  highlight: boolean;
  startOpen: boolean;
  onRead: ((r: ReminderView) => void) | undefined;
}) {
  const [open, setOpen] = useState(startOpen);
  const first = r.text.split('\n').find((l) => l.trim()) ?? '';
  return (
    <div
      data-testid="reminder-item"
      data-kind={r.kind}
      data-read={r.read ? 'true' : 'false'}
      className={highlight ? 'tz-reminder tz-reminder-new' : 'tz-reminder'}
    >
      <div className="tz-reminder-head">
        <button
          type="button"
          className="tz-reminder-line"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          data-testid="reminder-toggle"
        >
          <Tag color={KIND_COLORS[r.kind]}>{t.kinds[r.kind]}</Tag>
          {r.items && r.items > 1 ? <Tag>{t.items(r.items)}</Tag> : null}
          {r.read ? null : <Tag color="blue">{t.unread}</Tag>}
          <span className="tz-reminder-first">{open ? formatTime(r.createdAt) : first}</span>
        </button>
        {onRead && !r.read ? (
          <Button onClick={() => onRead(r)} data-testid="reminder-read">
            {t.markRead}
          </Button>
        ) : null}
      </div>
      {open ? (
        <>
          {r.kind === 'digest' && r.period ? <div className="tz-muted tz-small">{t.week(r.period)}</div> : null}
          <Typography.Paragraph className="tz-reminder-text" data-testid="reminder-text">
            {r.text}
          </Typography.Paragraph>
        </>
      ) : null}
    </div>
  );
}
