import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * Identity providers for the single sign-on tests, over real HTTP on 127.0.0.1: oidc-provider (a certified
 * OpenID Provider) with its development login and consent pages, and a CAS server kept to the protocol's
 * letter (no maintained CAS server is published on npm).
 */
export interface Person {
  /** What the provider's login form takes (oidc-provider's dev interactions: the account id). */
  login: string;
  preferredUsername: string;
  name: string;
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startOidcProvider(opts: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  people: Person[];
}): Promise<{ issuer: string; close: () => Promise<void> }> {
  const server = createServer();
  const issuer = await listen(server);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx, id) {
      const p = opts.people.find((x) => x.login === id);
      if (!p) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, preferred_username: p.preferredUsername, name: p.name }),
      };
    },
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(16).toString('hex')] },
  });
  server.on('request', provider.callback());
  return { issuer, close: () => new Promise((done) => server.close(() => done())) };
}

/** Cookies by name, sent to every host the test talks to (both run on 127.0.0.1, where cookies ignore ports anyway). */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** One request as a browser makes it: the jar's cookies out, its Set-Cookie in, redirects not followed. */
export async function step(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
  });
  jar.take(res);
  return res;
}

/** Follows redirects from `url` until an answer that is not one, or until the URL `stopAt` says to stop. */
export async function follow(
  jar: CookieJar,
  url: string,
  stopAt: (url: string) => boolean = () => false,
): Promise<{ url: string; res: Response }> {
  let at = url;
  for (let hops = 0; hops < 20; hops++) {
    if (stopAt(at)) return { url: at, res: new Response(null, { status: 204 }) };
    const res = await step(jar, at);
    const next = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !next) return { url: at, res };
    at = new URL(next, at).href;
  }
  throw new Error(`more than 20 redirects from ${url}`);
}

/** Submits the dev-interaction form on an oidc-provider page (login or consent) and follows where it leads. */
export async function submitInteraction(
  jar: CookieJar,
  page: { url: string; res: Response },
  fields: Record<string, string>,
  stopAt: (url: string) => boolean,
): Promise<{ url: string; res: Response }> {
  const html = await page.res.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on ${page.url}: ${html.slice(0, 300)}`);
  const res = await step(jar, new URL(action, page.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const next = res.headers.get('location');
  if (!next) throw new Error(`form on ${page.url} answered ${res.status} without a redirect`);
  return follow(jar, new URL(next, page.url).href, stopAt);
}

/**
 * A CAS server (protocol 3.0 §2.1 /login, §2.5 /serviceValidate, §2.8 /p3/serviceValidate): /login sends the
 * browser straight back to the service with a service ticket for `user` (as after a successful login form);
 * a ticket validates once, for exactly the service it was issued for; 3.0 adds the attributes.
 */
export async function startCasServer(user: { name: string; attributes: Record<string, string> }) {
  const tickets = new Map<string, string>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://cas');
    const service = url.searchParams.get('service') ?? '';
    if (url.pathname === '/cas/login') {
      const ticket = `ST-${tickets.size + 1}-${randomBytes(12).toString('hex')}`;
      tickets.set(ticket, service);
      const back = new URL(service);
      back.searchParams.set('ticket', ticket);
      res.writeHead(302, { location: back.href }).end();
      return;
    }
    const v3 = url.pathname === '/cas/p3/serviceValidate';
    if (!v3 && url.pathname !== '/cas/serviceValidate') {
      res.writeHead(404).end();
      return;
    }
    const ticket = url.searchParams.get('ticket') ?? '';
    const issuedFor = tickets.get(ticket);
    tickets.delete(ticket);
    const xml = (inner: string) =>
      `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">\n${inner}\n</cas:serviceResponse>\n`;
    res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
    if (issuedFor === undefined)
      res.end(
        xml(
          `<cas:authenticationFailure code="INVALID_TICKET">Ticket ${ticket} not recognized</cas:authenticationFailure>`,
        ),
      );
    else if (issuedFor !== service)
      res.end(
        xml(
          `<cas:authenticationFailure code="INVALID_SERVICE">Ticket ${ticket} does not match supplied service.</cas:authenticationFailure>`,
        ),
      );
    else {
      const attrs = Object.entries(user.attributes)
        .map(([k, v]) => `<cas:${k}>${v}</cas:${k}>`)
        .join('');
      res.end(
        xml(
          `<cas:authenticationSuccess><cas:user>${user.name}</cas:user>${v3 ? `<cas:attributes>${attrs}</cas:attributes>` : ''}</cas:authenticationSuccess>`,
        ),
      );
    }
  });
  const base = `${await listen(server)}/cas`;
  return { base, close: () => new Promise<void>((done) => server.close(() => done())) };
}
