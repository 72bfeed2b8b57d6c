import { ApiError, setCsrf } from '../api/client';
import { session as sessionApi } from '../api/endpoints';
import type { Session } from '../api/types';
import { homeOf } from '../auth/home';

/** Who is logged in (null when nobody); the CSRF token goes to the API client for the requests that follow. */
export async function currentSession(): Promise<Session | null> {
  try {
    const s = await sessionApi.get();
    setCsrf(s.csrf);
    return s;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** Where a signed-in person goes from here: the password change first, then the page asked for or home. */
export function landingOf(s: Session, next: string | null): string {
  if (s.mustChangePassword) return '/change-password';
  return next ?? homeOf(s.actor.role);
}

/** A whole-page load, so the next screen starts clean (the full application or this light page). */
export function go(path: string): void {
  window.location.replace(path);
}
