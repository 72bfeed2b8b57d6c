import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const sharedDir = resolve(process.env.TAIZHANG_SHARED ?? resolve(root, '../shared'));
if (!existsSync(sharedDir)) throw new Error(`shared materials not found at ${sharedDir}`);

/** Seconds per call of fn: repeats for at least `minSeconds` (or `minRuns` times), after one warm-up. */
export async function timeIt(fn, minSeconds = 0.5, minRuns = 3) {
  await fn();
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while (runs < minRuns || elapsed < minSeconds * 1000) {
    await fn();
    runs++;
    elapsed = performance.now() - start;
  }
  return elapsed / 1000 / runs;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The p-th percentile (0–100) of a sample, by nearest rank: p95 of 20 samples is the 19th smallest. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(String(r[i] ?? '')))));
  const line = (cells) => cells.map((c, i) => pad(String(c ?? ''), widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

function width(s) {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}
function pad(s, w) {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}

/** Resolves with the server's output once it says it has started (a demo server prints its passwords). */
export function started(child) {
  return new Promise((ok, fail) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${text}`)), 120_000);
    child.stdout.on('data', (d) => {
      text += d;
      if (text.includes('台账已启动')) {
        clearTimeout(timer);
        ok(text);
      }
    });
    child.once('exit', (code) => fail(new Error(`server exited (${code}):\n${text}`)));
  });
}

/** Logs a demo account in with the password the server printed; returns the session cookie. */
export async function login(base, out, username) {
  const password = new RegExp(`用户名 ${username}\\s+密码 (\\S+)`).exec(out)?.[1];
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
}
