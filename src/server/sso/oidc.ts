import * as client from 'openid-client';
import type { SsoConfig } from '../../config.js';
import type { FlowSecrets } from '../../services/sso-flows.js';

/**
 * OpenID Connect, authorization code with PKCE (S256), through openid-client — a certified relying party:
 * discovery, the token exchange, ID-token signature, issuer, audience, nonce and state checks are its work.
 * The provider's metadata is fetched once per process and again after a failure.
 */
export type OidcSettings = NonNullable<SsoConfig['oidc']>;

const discovered = new Map<string, Promise<client.Configuration>>();

/** Plain http is accepted only for a provider on this machine (development and the tests); anything else is TLS. */
function loopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export function providerOf(cfg: OidcSettings): Promise<client.Configuration> {
  const key = `${cfg.issuer}\n${cfg.clientId}`;
  let found = discovered.get(key);
  if (!found) {
    const issuer = new URL(cfg.issuer);
    found = client.discovery(
      issuer,
      cfg.clientId,
      cfg.clientSecret ?? undefined,
      cfg.clientSecret ? client.ClientSecretBasic(cfg.clientSecret) : client.None(),
      loopback(issuer) ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
    );
    found.catch(() => discovered.delete(key));
    discovered.set(key, found);
  }
  return found;
}

/** Where to send the browser, and what must come back unchanged. */
export async function startOidc(cfg: OidcSettings): Promise<{ url: URL; secrets: FlowSecrets }> {
  const provider = await providerOf(cfg);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(provider, {
    redirect_uri: cfg.redirectUrl,
    scope: cfg.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, secrets: { state, nonce, codeVerifier } };
}

export interface OidcPerson {
  issuer: string;
  subject: string;
  displayName: string | null;
}

/**
 * The callback: the code exchanged (with the verifier), the ID token checked (state and nonce included), and
 * the configured claim read from it — or from the userinfo endpoint, where providers put profile claims.
 * `query` is the callback's query string as the browser brought it.
 */
export async function finishOidc(cfg: OidcSettings, query: string, secrets: FlowSecrets): Promise<OidcPerson> {
  const provider = await providerOf(cfg);
  const current = new URL(cfg.redirectUrl);
  current.search = query;
  const tokens = await client.authorizationCodeGrant(provider, current, {
    pkceCodeVerifier: secrets.codeVerifier ?? undefined,
    expectedState: secrets.state,
    expectedNonce: secrets.nonce ?? undefined,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error('no ID token');
  let claims: Record<string, unknown> = idClaims;
  if (claims[cfg.claim] === undefined || claims.name === undefined) {
    const info = await client.fetchUserInfo(provider, tokens.access_token, idClaims.sub);
    claims = { ...info, ...idClaims };
  }
  const subject = claims[cfg.claim];
  if (typeof subject !== 'string' && typeof subject !== 'number') throw new MissingClaim(cfg.claim);
  return {
    issuer: provider.serverMetadata().issuer,
    subject: String(subject),
    displayName: typeof claims.name === 'string' ? claims.name : null,
  };
}

export class MissingClaim extends Error {
  constructor(readonly claim: string) {
    super(`the ID token and userinfo lack the claim ${claim}`);
  }
}
