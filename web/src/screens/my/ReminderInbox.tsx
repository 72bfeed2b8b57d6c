import { App, Button, Card, Checkbox, Space, Tag } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { reminders } from '../../api/endpoints';
import type { ReminderView } from '../../api/types';
import { LoadError } from '../../components/ErrorResult';
import { ReminderList } from '../../components/ReminderList';
import { useLoad } from '../../hooks/useLoad';
import { zh } from '../../i18n/zh';

const t = zh.reminders;

/** The unit's 提醒与催办: unread first by default, each marked read once seen. */
export function ReminderInbox() {
  const { message } = App.useApp();
  const list = useLoad(() => reminders.list(), 'my-reminders');
  const [showRead, setShowRead] = useState(false);
  const [busy, setBusy] = useState(false);
  const all = list.data ?? [];
  const unread = all.filter((r) => !r.read);
  const shown = showRead ? all : unread;

  const markRead = async (items: ReminderView[]) => {
    setBusy(true);
    try {
      for (const r of items) await reminders.markRead(r.id);
      message.success(t.markedRead);
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Card
      size="small"
      className="tz-gap"
      data-testid="reminder-inbox"
      title={
        <Space>
          <span>{t.inboxTitle}</span>
          {unread.length ? <Tag color="red">{t.unreadCount(unread.length)}</Tag> : null}
        </Space>
      }
      extra={
        <Space wrap>
          <Checkbox
            className="tz-target"
            checked={showRead}
            onChange={(e) => setShowRead(e.target.checked)}
            data-testid="reminders-show-read"
          >
            {t.showRead}
          </Checkbox>
          {unread.length > 1 ? (
            <Button className="tz-target" loading={busy} onClick={() => markRead(unread)}>
              {t.markAllRead}
            </Button>
          ) : null}
        </Space>
      }
    >
      <ReminderList
        items={shown}
        loading={list.loading}
        empty={showRead ? t.inboxAllEmpty : t.inboxEmpty}
        onRead={(r) => void markRead([r])}
      />
    </Card>
  );
}
