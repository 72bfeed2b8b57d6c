/** @jsxImportSource preact */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage, setUnauthenticatedHandler } from '../api/client';
import { reminders as remindersApi } from '../api/endpoints';
import type { AssignmentState, LedgerRow, Page, ReminderView, Session } from '../api/types';
import { homeOf } from '../auth/home';
import { zhCore as zh } from '../i18n/zh-core';
import { go } from './boot';
import { Inbox } from './Inbox';
import { LightLegend, RoleMark, StateLight, StateTag } from './Marks';
import { assignmentsOf, FIRST_QUERY, type FirstLoad, type MyQuery, PAGE } from './my-data';
import type { DrawerRequest } from './report-island';
import { Shell } from './Shell';

const t = zh.my;
const STATES: AssignmentState[] = ['not_started', 'in_progress', 'submitted', 'done', 'returned'];

// The report and extension forms (upload, date picker) are the full application's, loaded when first wanted:
// on the first touch or hover of a button, so the click rarely waits.
let drawerModule: Promise<typeof import('./report-island')> | null = null;
const loadDrawer = () => {
  drawerModule ??= import('./report-island');
  return drawerModule;
};

/**
 * 我的任务: the unit's assignments across the plans in force, one card each (read on a phone as well as on a
 * desk), with where each stands, why it was returned, which period a report counts for, and what to do.
 */
export function MyTasksScreen({ first }: { first: FirstLoad }) {
  const [session, setSession] = useState<Session | null>(null);
  const [waiting, setWaiting] = useState(false);
  const [query, setQuery] = useState<MyQuery>(FIRST_QUERY);
  const [data, setData] = useState<Page<LedgerRow> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [inbox, setInbox] = useState<ReminderView[] | null>(null);
  const [toast, setToast] = useState<{ text: string; error: boolean } | null>(null);
  const [opening, setOpening] = useState<number | null>(null);
  const drawerHost = useRef<HTMLDivElement>(null);
  const asked = useRef(0);

  const notify = useCallback((text: string, error = false) => {
    setToast({ text, error });
    window.setTimeout(() => setToast((now) => (now?.text === text ? null : now)), 3000);
  }, []);

  // Only the answer to the latest question is shown (filters clicked quickly, pages turned).
  const show = useCallback((rows: Promise<Page<LedgerRow>>) => {
    const ask = ++asked.current;
    rows.then(
      (page) => {
        if (ask !== asked.current) return;
        setData(page);
        setLoadError(null);
      },
      (e) => ask === asked.current && setLoadError(errorMessage(e)),
    );
  }, []);
  const reloadInbox = () => remindersApi.list().then(setInbox, (e) => notify(errorMessage(e), true));

  // A session that ends while the page is open (logged out elsewhere, expired): back to the login, and here after.
  useEffect(() => {
    setUnauthenticatedHandler(() => go(`/login?next=${encodeURIComponent('/my')}`));
    return () => setUnauthenticatedHandler(null);
  }, []);

  useEffect(() => {
    // One render when all three have answered (drawing the page twice costs more than waiting); a slow
    // server gets the frame with 正在加载 after a moment.
    const slow = window.setTimeout(() => setWaiting(true), 150);
    first.session.then(
      async (s) => {
        if (!s) return go(`/login?next=${encodeURIComponent('/my')}`);
        if (s.mustChangePassword) return go('/change-password');
        if (s.actor.role !== 'unit') return go(homeOf(s.actor.role));
        const [rows, inboxItems] = await Promise.allSettled([first.rows, first.reminders]);
        window.clearTimeout(slow);
        // Set together, drawn together (Preact renders queued updates once).
        setSession(s);
        if (rows.status === 'fulfilled') setData(rows.value);
        else setLoadError(errorMessage(rows.reason));
        if (inboxItems.status === 'fulfilled') setInbox(inboxItems.value);
        else notify(errorMessage(inboxItems.reason), true);
      },
      (e) => {
        window.clearTimeout(slow);
        setLoadError(errorMessage(e));
        setWaiting(true);
      },
    );
    return () => window.clearTimeout(slow);
  }, [first, notify]);

  const change = (next: MyQuery) => {
    setQuery(next);
    show(assignmentsOf(next));
  };

  const open = async (r: LedgerRow, tab: DrawerRequest['tab']) => {
    setOpening(r.assignmentId);
    try {
      const island = await loadDrawer();
      if (!drawerHost.current) return;
      island.showDrawer(drawerHost.current, {
        assignment: {
          id: r.assignmentId,
          periodic: r.periodic,
          ongoing: r.ongoing,
          period: r.period ?? null,
          text: r.text,
        },
        tab,
        onDone: () => {
          show(assignmentsOf(query));
          void reloadInbox();
        },
      });
    } catch (e) {
      notify(errorMessage(e), true);
    } finally {
      setOpening(null);
    }
  };

  if (!session) {
    if (!waiting) return null;
    return <Shell session={null}>{loadError ? <LoadFailed error={loadError} /> : <Loading />}</Shell>;
  }

  const rows = data?.rows ?? [];
  const pages = data ? Math.ceil(data.total / PAGE) : 0;
  const toggleState = (s: AssignmentState, on: boolean) =>
    change({ ...query, page: 1, states: on ? [...query.states, s] : query.states.filter((x) => x !== s) });

  return (
    <Shell session={session}>
      <div data-testid="my-tasks">
        <div class="tz-page-header">
          <div>
            <h1 class="lt-page-title">{t.title}</h1>
            <div class="tz-page-header-sub">{t.intro}</div>
          </div>
        </div>
        <Inbox items={inbox} onChanged={() => void reloadInbox()} notify={notify} />
        <section class="lt-card tz-gap">
          <div class="lt-card-body">
            <div class="tz-my-filters">
              <fieldset class="tz-my-filter">
                <legend class="tz-my-legend">{t.filterState}</legend>
                {STATES.map((s) => (
                  <label key={s} class="lt-check tz-target">
                    <input
                      type="checkbox"
                      value={s}
                      checked={query.states.includes(s)}
                      onChange={(e) => toggleState(s, (e.currentTarget as HTMLInputElement).checked)}
                    />
                    {zh.states[s]}
                  </label>
                ))}
              </fieldset>
              <label class="lt-check tz-target">
                <input
                  type="checkbox"
                  checked={query.overdue}
                  onChange={(e) =>
                    change({ ...query, page: 1, overdue: (e.currentTarget as HTMLInputElement).checked })
                  }
                />
                {t.overdueOnly}
              </label>
            </div>
            <LightLegend />
          </div>
        </section>
        {loadError ? <LoadFailed error={loadError} onRetry={() => change(query)} /> : null}
        {!data && !loadError ? <Loading /> : null}
        {data && rows.length === 0 ? <div class="lt-empty">{t.empty}</div> : null}
        <div class="tz-my-list" data-testid="my-task-list">
          {rows.map((r) => (
            <article key={r.assignmentId} class="lt-card tz-my-card" data-testid="my-task-card">
              <div class="lt-card-body lt-my-card-body">
                <span class="tz-small tz-muted tz-my-plan">
                  {r.planTitle} · {zh.common.seqLabel(r.seq, r.number)}
                </span>
                <a href={`/tasks/${r.taskId}`} data-testid="my-task-link" class="tz-my-text lt-my-text">
                  {r.text}
                </a>
                <div class="tz-my-meta">
                  <RoleMark role={r.role} />
                  <span class="lt-inline">
                    <StateLight
                      unit={r.unitName}
                      state={r.state}
                      dueStatus={r.dueStatus}
                      due={r.due}
                      ongoing={r.ongoing}
                    />
                    <StateTag state={r.state} />
                  </span>
                  <span>
                    {r.due ?? r.deadlineText ?? zh.common.dash}{' '}
                    <span class={`tz-small ${r.dueStatus === 'overdue' ? 'lt-danger' : 'tz-muted'}`}>
                      {zh.due[r.dueStatus]}
                    </span>
                  </span>
                </div>
                {r.period ? <div class="tz-small tz-muted">{t.period(r.period)}</div> : null}
                {r.state === 'returned' && r.returnReason ? (
                  <p class="tz-small lt-danger lt-flat" data-testid="return-reason">
                    {t.returnReason(r.returnReason)}
                  </p>
                ) : null}
                {r.state !== 'done' ? (
                  <div class="tz-my-actions" onPointerEnter={loadDrawer} onTouchStart={loadDrawer}>
                    {r.state !== 'submitted' ? (
                      <button
                        type="button"
                        class="lt-btn lt-btn-primary"
                        onClick={() => open(r, 'report')}
                        onFocus={loadDrawer}
                        aria-busy={opening === r.assignmentId}
                        data-testid="open-report"
                      >
                        {t.report}
                      </button>
                    ) : null}
                    <button
                      type="button"
                      class="lt-btn"
                      onClick={() => open(r, 'extension')}
                      onFocus={loadDrawer}
                      data-testid="open-extension"
                    >
                      {t.extension}
                    </button>
                  </div>
                ) : null}
              </div>
            </article>
          ))}
        </div>
        {data && data.total > PAGE ? (
          <div class="tz-pager tz-gap-top" data-testid="my-pager">
            <button
              type="button"
              class="lt-btn"
              disabled={query.page === 1}
              onClick={() => change({ ...query, page: query.page - 1 })}
            >
              {zh.common.prevPage}
            </button>
            <span>{zh.common.pageOf(query.page, pages, data.total)}</span>
            <button
              type="button"
              class="lt-btn"
              disabled={query.page >= pages}
              onClick={() => change({ ...query, page: query.page + 1 })}
              data-testid="my-next-page"
            >
              {zh.common.nextPage}
            </button>
          </div>
        ) : null}
        {toast ? (
          <div class={`lt-toast${toast.error ? ' lt-toast-error' : ''}`} role="status">
            {toast.text}
          </div>
        ) : null}
      </div>
      <div ref={drawerHost} />
    </Shell>
  );
}

function Loading() {
  return (
    <div class="lt-loading" role="status">
      {zh.common.loading}
    </div>
  );
}

function LoadFailed({ error, onRetry }: { error: string; onRetry?: () => void }) {
  return (
    <div class="lt-alert lt-alert-error" role="alert">
      <strong>{zh.errors.loadFailed}</strong> {error}{' '}
      {onRetry ? (
        <button type="button" class="lt-btn" onClick={onRetry}>
          {zh.common.retry}
        </button>
      ) : null}
    </div>
  );
}
