import { setup, sso } from '../api/endpoints';
import type { Session, SsoOptions } from '../api/types';
import { currentSession } from './boot';

export interface LoginChecks {
  /** Someone already signed in (sent on), or null. */
  session: Session | null;
  ways: SsoOptions;
  setupNeeded: boolean;
}

const PASSWORDS_ONLY: SsoOptions = { oidc: false, cas: false, localPasswords: true };

/**
 * What the login page asks the server before enabling its form, sent together as soon as the script runs.
 * An unanswered question falls back to the plain form: the server judges the login itself anyway.
 */
export function startLoginChecks(): Promise<LoginChecks> {
  return Promise.all([
    currentSession().catch(() => null),
    sso.options().catch(() => PASSWORDS_ONLY),
    setup.needed().catch(() => ({ needed: false })),
  ]).then(([session, ways, setupState]) => ({ session, ways, setupNeeded: setupState.needed }));
}
