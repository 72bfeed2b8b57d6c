import type { Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { SsoConfig } from '../../config.js';

/**
 * CAS 2.0 / 3.0 (Apereo CAS protocol specification): the browser goes to `${cas}/login?service=…`, comes
 * back with `ticket=ST-…`, and the ticket is validated server to server at `/serviceValidate` (2.0) or
 * `/p3/serviceValidate` (3.0, which adds <cas:attributes>) with the identical service URL. The answer is XML,
 * read with htmlparser2 in XML mode — it has no DTD or entity expansion, so no external entities either.
 */
export type CasSettings = NonNullable<SsoConfig['cas']>;

export function casLoginUrl(cfg: CasSettings): string {
  return `${cfg.baseUrl}/login?service=${encodeURIComponent(cfg.serviceUrl)}`;
}

export interface CasPerson {
  user: string;
  attributes: Record<string, string>;
}

/** Why the CAS server said no (its code and text), or that its answer could not be read. */
export class CasRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function validateTicket(cfg: CasSettings, ticket: string): Promise<CasPerson> {
  const path = cfg.version === 3 ? 'p3/serviceValidate' : 'serviceValidate';
  const url = `${cfg.baseUrl}/${path}?service=${encodeURIComponent(cfg.serviceUrl)}&ticket=${encodeURIComponent(ticket)}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
  if (!res.ok) throw new CasRefusal('HTTP', `CAS answered ${res.status}`);
  const xml = await res.text();
  if (xml.length > 1_000_000) throw new CasRefusal('TOO_LARGE', 'CAS answer too large');
  return readServiceResponse(xml);
}

/** Local name of a qualified XML name: CAS servers bind the namespace to `cas:`, but the prefix is theirs to choose. */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

const childElements = (e: Element): Element[] => e.children.filter((c): c is Element => c.type === 'tag');

const text = (e: Element): string =>
  e.children
    .map((c) => ('data' in c && typeof c.data === 'string' ? c.data : c.type === 'tag' ? text(c as Element) : ''))
    .join('')
    .trim();

export function readServiceResponse(xml: string): CasPerson {
  const doc = parseDocument(xml, { xmlMode: true });
  const root = doc.children.find((c): c is Element => c.type === 'tag');
  if (!root || local(root.name) !== 'serviceResponse')
    throw new CasRefusal('INVALID_RESPONSE', 'not a CAS serviceResponse');
  const outcome = childElements(root)[0];
  if (outcome && local(outcome.name) === 'authenticationFailure')
    throw new CasRefusal(outcome.attribs.code ?? 'UNKNOWN', text(outcome));
  if (!outcome || local(outcome.name) !== 'authenticationSuccess')
    throw new CasRefusal('INVALID_RESPONSE', 'neither authenticationSuccess nor authenticationFailure');
  const parts = childElements(outcome);
  const user = parts.find((p) => local(p.name) === 'user');
  if (!user || !text(user)) throw new CasRefusal('INVALID_RESPONSE', 'authenticationSuccess without cas:user');
  const attributes: Record<string, string> = {};
  const attrs = parts.find((p) => local(p.name) === 'attributes');
  // A multi-valued attribute repeats its element; the first value names the person.
  for (const a of attrs ? childElements(attrs) : []) attributes[local(a.name)] ??= text(a);
  return { user: text(user), attributes };
}
