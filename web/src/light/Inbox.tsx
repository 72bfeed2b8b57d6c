/** @jsxImportSource preact */
import { useState } from 'preact/hooks';
import { errorMessage } from '../api/client';
import { reminders } from '../api/endpoints';
import type { ReminderView } from '../api/types';
import { formatTime } from '../components/format';
import { zhCore as zh } from '../i18n/zh-core';

const t = zh.reminders;

/**
 * The unit's 提醒与催办: unread first by default, each one line (its kind, how many items, the first line of its
 * text) that opens to the full text as sent, so a 70-line digest does not fill the screen.
 */
export function Inbox({
  items,
  onChanged,
  notify,
}: {
  items: ReminderView[] | null;
  onChanged: () => void;
  notify: (text: string, error?: boolean) => void;
}) {
  const [showRead, setShowRead] = useState(false);
  const [busy, setBusy] = useState(false);
  const all = items ?? [];
  const unread = all.filter((r) => !r.read);
  const shown = showRead ? all : unread;

  const markRead = async (list: ReminderView[]) => {
    setBusy(true);
    try {
      for (const r of list) await reminders.markRead(r.id);
      notify(t.markedRead);
      onChanged();
    } catch (e) {
      notify(errorMessage(e), true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="lt-card tz-gap" data-testid="reminder-inbox">
      <div class="lt-card-head">
        <h2 class="lt-card-title">
          {t.inboxTitle}
          {unread.length ? <span class="lt-tag lt-tag-red">{t.unreadCount(unread.length)}</span> : null}
        </h2>
        <div class="lt-card-extra">
          <label class="lt-check tz-target">
            <input
              type="checkbox"
              checked={showRead}
              onChange={(e) => setShowRead((e.currentTarget as HTMLInputElement).checked)}
              data-testid="reminders-show-read"
            />
            {t.showRead}
          </label>
          {unread.length > 1 ? (
            <button type="button" class="lt-btn" disabled={busy} onClick={() => markRead(unread)}>
              {t.markAllRead}
            </button>
          ) : null}
        </div>
      </div>
      <div class="lt-card-body">
        {items === null ? (
          <div class="lt-loading" role="status">
            {zh.common.loading}
          </div>
        ) : shown.length === 0 ? (
          <div class="lt-empty">{showRead ? t.inboxAllEmpty : t.inboxEmpty}</div>
        ) : (
          <div class="tz-reminders" data-testid="reminder-list">
            {shown.map((r) => (
              <Reminder key={r.id} r={r} onRead={busy ? undefined : () => void markRead([r])} />
            ))}
          </div>
        )}
      </div>
    </section>
  );
}

function Reminder({ r, onRead }: { r: ReminderView; onRead: (() => void) | undefined }) {
  const [open, setOpen] = useState(false);
  const first = r.text.split('\n').find((l) => l.trim()) ?? '';
  return (
    <div data-testid="reminder-item" data-kind={r.kind} data-read={r.read ? 'true' : 'false'} class="tz-reminder">
      <div class="tz-reminder-head">
        <button
          type="button"
          class="tz-reminder-line"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          data-testid="reminder-toggle"
        >
          <span class={`lt-tag lt-kind-${r.kind}`}>{t.kinds[r.kind]}</span>
          {r.items && r.items > 1 ? <span class="lt-tag">{t.items(r.items)}</span> : null}
          {r.read ? null : <span class="lt-tag lt-tag-in_progress">{t.unread}</span>}
          <span class="tz-reminder-first">{open ? formatTime(r.createdAt) : first}</span>
        </button>
        {!r.read ? (
          <button type="button" class="lt-btn" disabled={!onRead} onClick={onRead} data-testid="reminder-read">
            {t.markRead}
          </button>
        ) : null}
      </div>
      {open ? (
        <>
          {r.kind === 'digest' && r.period ? <div class="tz-muted tz-small">{t.week(r.period)}</div> : null}
          <p class="tz-reminder-text lt-reminder-text" data-testid="reminder-text">
            {r.text}
          </p>
        </>
      ) : null}
    </div>
  );
}
