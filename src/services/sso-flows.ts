import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';
import { hashToken } from './sessions.js';

/**
 * A single sign-on under way. What must come back unchanged from the identity provider (OIDC state and nonce,
 * the PKCE verifier) is kept in the database under the hash of a random token that only the browser's cookie
 * holds: the browser that began the sign-on is the only one that can finish it, once, within ten minutes, on
 * whichever server the balancer sends it to.
 */
export const FLOW_MINUTES = 10;

export interface FlowSecrets {
  state: string;
  nonce: string | null;
  codeVerifier: string | null;
}

export async function beginFlow(store: Store, now: Date, protocol: string, secrets: FlowSecrets): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const stale = new Date(now.getTime() - FLOW_MINUTES * 60_000).toISOString();
  // Abandoned sign-ons are cleared as new ones begin; nothing else needs to sweep the table.
  await store.db.deleteFrom('sso_flows').where('created_at', '<', stale).execute();
  await store.db
    .insertInto('sso_flows')
    .values({
      id: hashToken(token),
      protocol,
      state: secrets.state,
      nonce: secrets.nonce,
      code_verifier: secrets.codeVerifier,
      created_at: now.toISOString(),
    })
    .execute();
  return token;
}

/** The flow the cookie stands for, removed as it is read (used once); null if unknown, expired or another protocol's. */
export async function takeFlow(
  store: Store,
  now: Date,
  protocol: string,
  token: string | undefined,
): Promise<FlowSecrets | null> {
  if (!token || token.length > 100) return null;
  const id = hashToken(token);
  const row = await store.db.selectFrom('sso_flows').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const taken = await store.db.deleteFrom('sso_flows').where('id', '=', id).executeTakeFirst();
  // Two requests with one cookie: only the one that removed the row goes on.
  if (Number(taken.numDeletedRows) !== 1) return null;
  if (row.protocol !== protocol) return null;
  if (now.getTime() - Date.parse(row.created_at) > FLOW_MINUTES * 60_000) return null;
  return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier };
}
