import { Button, Result } from 'antd';
import { useEffect } from 'react';
import { Navigate } from 'react-router-dom';
import { session as sessionApi } from '../../api/endpoints';
import { homeOf, useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { zh } from '../../i18n/zh';
import { AuthCard } from './AuthCard';

/** How often the page asks whether the administrator has granted a role yet. */
const RECHECK_MS = 10_000;

/**
 * 待授权: signed on through the province's identity provider, but no role yet. The page shows nothing of the
 * ledger; it asks the server now and then, and goes on to the user's home once a role is granted.
 */
export function PendingPage() {
  const { session, loading, signedIn, logout } = useSession();
  const waiting = session?.actor.role === 'none';

  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      sessionApi.get().then(
        (s) => {
          if (s.actor.role !== 'none') signedIn(s);
        },
        () => undefined,
      );
    }, RECHECK_MS);
    return () => clearInterval(timer);
  }, [waiting, signedIn]);

  if (loading) return <Loading />;
  if (!session) return <Navigate to="/login" replace />;
  if (!waiting) return <Navigate to={homeOf(session.actor.role)} replace />;
  return (
    <AuthCard title={zh.roles.none}>
      <Result
        status="info"
        title={zh.pending.title}
        subTitle={zh.pending.body(session.actor.name)}
        data-testid="pending-grant"
        extra={
          <Button
            onClick={async () => {
              // As from the menu: a full load of the login page, nothing of this session kept.
              await logout();
              window.location.replace('/login');
            }}
          >
            {zh.pending.logout}
          </Button>
        }
      />
    </AuthCard>
  );
}
