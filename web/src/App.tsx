import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { type ComponentType, lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { homeOf, SessionProvider, useSession } from './auth/session';
import { NotFound } from './components/ErrorResult';
import { LoadDocument } from './components/LoadDocument';
import { Loading } from './components/Loading';
import { RequireAuth } from './components/RequireAuth';
import { theme } from './theme';

/** Screens load on first visit, so the login page does not wait for the charts or the review screen. */
function screen<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return Object.assign(
    lazy(() => load().then((m) => ({ default: m[name] }))),
    { preload: load },
  );
}

// The shell (menu, header, icons) and the login form load apart: the login page does not wait for the menu,
// a screen opened by a logged-in user does not load the login form.
const AppLayout = screen(() => import('./components/AppLayout'), 'AppLayout');
const ChangePasswordPage = screen(() => import('./screens/login/ChangePasswordPage'), 'ChangePasswordPage');
const SetupPage = screen(() => import('./screens/login/SetupPage'), 'SetupPage');
const PendingPage = screen(() => import('./screens/login/PendingPage'), 'PendingPage');
const ImportPage = screen(() => import('./screens/import/ImportPage'), 'ImportPage');
const PlansPage = screen(() => import('./screens/plans/PlansPage'), 'PlansPage');
const PlanPage = screen(() => import('./screens/plans/PlanPage'), 'PlanPage');
const PlanReviewPage = screen(() => import('./screens/plans/PlanPage'), 'PlanReviewPage');
const TaskPage = screen(() => import('./screens/task/TaskPage'), 'TaskPage');
const ExtensionsPage = screen(() => import('./screens/extensions/ExtensionsPage'), 'ExtensionsPage');
const DashboardPage = screen(() => import('./screens/dashboard/DashboardPage'), 'DashboardPage');
const AccountsPage = screen(() => import('./screens/admin/AccountsPage'), 'AccountsPage');
const UnitsPage = screen(() => import('./screens/admin/AccountsPage'), 'UnitsPage');
const SettingsPage = screen(() => import('./screens/admin/SettingsPage'), 'SettingsPage');
const RobotsPage = screen(() => import('./screens/robots/RobotsPage'), 'RobotsPage');
const SupervisionPage = screen(() => import('./screens/supervision/SupervisionPage'), 'SupervisionPage');
const ScoresPage = screen(() => import('./screens/scores/ScoresPage'), 'ScoresPage');
const DocumentsPage = screen(() => import('./screens/documents/DocumentsPage'), 'DocumentsPage');
const AuditPage = screen(() => import('./screens/audit/AuditPage'), 'AuditPage');
const PublicLayout = screen(() => import('./screens/public/PublicLayout'), 'PublicLayout');
const PublicListPage = screen(() => import('./screens/public/PublicListPage'), 'PublicListPage');
const PublicPlanPage = screen(() => import('./screens/public/PublicPlanPage'), 'PublicPlanPage');

/**
 * The code of the screen a page is opened on, fetched at once, side by side with the session check and the
 * shell, instead of one after another as React reaches each lazy part (the module loader shares the fetch).
 */
export function preloadScreen(path: string): void {
  if (path.startsWith('/public')) void PublicLayout.preload();
  else {
    void AppLayout.preload();
    if (/^\/plans\/\d+\/?$/.test(path)) void PlanPage.preload();
    else if (path === '/plans') void PlansPage.preload();
    else if (path.startsWith('/tasks/')) void TaskPage.preload();
  }
}

function Home() {
  const { session, loading } = useSession();
  if (loading) return <Loading />;
  return <Navigate to={session ? homeOf(session.actor.role) : '/login'} replace />;
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/login" element={<LoadDocument />} />
                <Route path="/my" element={<LoadDocument />} />
                <Route path="/setup" element={<SetupPage />} />
                <Route path="/change-password" element={<ChangePasswordPage />} />
                <Route path="/pending" element={<PendingPage />} />
                <Route element={<PublicLayout />}>
                  <Route path="/public" element={<PublicListPage />} />
                  <Route path="/public/:id" element={<PublicPlanPage />} />
                </Route>
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route path="/" element={<Home />} />
                  <Route
                    path="/import"
                    element={
                      <RequireAuth roles={['office']}>
                        <ImportPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/plans"
                    element={
                      <RequireAuth roles={['office', 'leader']}>
                        <PlansPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/plans/:id"
                    element={
                      <RequireAuth roles={['office', 'leader']}>
                        <PlanPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/plans/:id/review"
                    element={
                      <RequireAuth roles={['office']}>
                        <PlanReviewPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/tasks/:id"
                    element={
                      <RequireAuth roles={['office', 'leader', 'unit']}>
                        <TaskPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/extensions"
                    element={
                      <RequireAuth roles={['office', 'leader']}>
                        <ExtensionsPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/dashboard"
                    element={
                      <RequireAuth roles={['office', 'leader']}>
                        <DashboardPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/supervision"
                    element={
                      <RequireAuth roles={['office', 'leader']}>
                        <SupervisionPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/scores"
                    element={
                      <RequireAuth roles={['office', 'leader']}>
                        <ScoresPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/documents"
                    element={
                      <RequireAuth roles={['office']}>
                        <DocumentsPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/units"
                    element={
                      <RequireAuth roles={['office', 'admin']}>
                        <UnitsPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/accounts"
                    element={
                      <RequireAuth roles={['admin']}>
                        <AccountsPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/robots"
                    element={
                      <RequireAuth roles={['office', 'admin']}>
                        <RobotsPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/settings"
                    element={
                      <RequireAuth roles={['admin']}>
                        <SettingsPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="/audit"
                    element={
                      <RequireAuth roles={['auditor']}>
                        <AuditPage />
                      </RequireAuth>
                    }
                  />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
