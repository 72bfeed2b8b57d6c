import { App } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { setCsrf, setUnauthenticatedHandler } from '../api/client';
import { session as sessionApi } from '../api/endpoints';
import type { Session } from '../api/types';
import { zh } from '../i18n/zh';

interface SessionState {
  session: Session | null;
  loading: boolean;
  signedIn: (s: Session) => void;
  passwordChanged: () => void;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** Who is logged in: asked once at start, kept in memory; the CSRF token goes to the API client. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { message } = App.useApp();
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const current = useRef<Session | null>(null);

  const apply = useCallback((s: Session | null) => {
    setCsrf(s?.csrf ?? null);
    current.current = s;
    setSession(s);
  }, []);

  useEffect(() => {
    sessionApi
      .get()
      .then(apply, () => apply(null))
      .finally(() => setLoading(false));
  }, [apply]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      if (current.current) message.warning(zh.login.sessionExpired);
      apply(null);
    });
    return () => setUnauthenticatedHandler(null);
  }, [message, apply]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      loading,
      signedIn: apply,
      passwordChanged: () => setSession((s) => (s ? { ...s, mustChangePassword: false } : s)),
      logout: async () => {
        await sessionApi.logout().catch(() => undefined);
        setCsrf(null);
      },
    }),
    [session, loading, apply],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export { homeOf } from './home';
