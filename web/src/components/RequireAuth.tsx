import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Role } from '../api/types';
import { useSession } from '../auth/session';
import { Forbidden } from './ErrorResult';
import { Loading } from './Loading';

/** Screens behind the login: no session → login page (coming back here after); wrong role → 无权访问. */
export function RequireAuth({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { session, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!session) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (session.mustChangePassword) return <Navigate to="/change-password" replace />;
  // Signed on, no role yet: the 待授权 page is all there is.
  if (session.actor.role === 'none') return <Navigate to="/pending" replace />;
  if (roles && !roles.includes(session.actor.role)) return <Forbidden />;
  return <>{children}</>;
}
