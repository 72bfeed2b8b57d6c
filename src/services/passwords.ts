import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '../domain/errors.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

/**
 * Passwords are hashed with scrypt (memory-hard; in Node's crypto, nothing to install) at OWASP's current
 * cost (N=2^17, r=8, p=1: 128 MiB, a few hundred milliseconds), with a random salt and the parameters stored
 * beside the hash: older hashes still verify, and are rehashed at the next successful login.
 */
const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

export interface HashCost {
  N: number;
  r: number;
  p: number;
}

export const CURRENT_COST: HashCost = { N: 1 << 17, r: 8, p: 1 };
const LEN = 32;
/** scrypt needs 128·N·r bytes; twice that leaves room, and refuses a stored hash asking for absurd memory. */
const maxmem = (c: HashCost): number => 256 * c.N * c.r;
const MAX_N = 1 << 20;

const format = (c: HashCost, salt: Buffer, hash: Buffer): string =>
  `scrypt$${c.N}$${c.r}$${c.p}$${salt.toString('base64')}$${hash.toString('base64')}`;

interface ParsedHash {
  cost: HashCost;
  salt: Buffer;
  hash: Buffer;
}

export function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0) || N > MAX_N || r > 32 || p > 16) return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const hash = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16) return null;
  return { cost: { N, r, p }, salt, hash };
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, LEN, { ...CURRENT_COST, maxmem: maxmem(CURRENT_COST) });
  return format(CURRENT_COST, salt, hash);
}

/**
 * What a login checks a password against when the username is unknown or disabled: a well-formed hash at the
 * current cost, so that scrypt runs exactly as for a real account and the answer takes the same time.
 */
export const DUMMY_HASH = format(CURRENT_COST, Buffer.alloc(16, 7), Buffer.alloc(LEN, 7));

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const got = await scrypt(password, parsed.salt, parsed.hash.length, {
    ...parsed.cost,
    maxmem: maxmem(parsed.cost),
  });
  return got.length === parsed.hash.length && timingSafeEqual(got, parsed.hash);
}

/** A hash made at a lower cost than today's, to be replaced at the next successful login. */
export function needsRehash(stored: string): boolean {
  const c = parseHash(stored)?.cost;
  return !c || c.N < CURRENT_COST.N || c.r < CURRENT_COST.r || c.p < CURRENT_COST.p;
}

/** 等保-style password rules: a minimum length and a number of character classes. */
export interface PasswordPolicy {
  minLength: number;
  /** Of: lower-case letters, upper-case letters, digits, other characters. */
  minClasses: number;
}

export const DEFAULT_POLICY: PasswordPolicy = { minLength: 8, minClasses: 3 };
/** A passphrase this long is strong by its length: no character classes are asked of it (NIST SP 800-63B). */
export const PASSPHRASE_LENGTH = 16;
export const MAX_PASSWORD_LENGTH = 128;

export function checkPassword(password: string, policy: PasswordPolicy, username?: string): void {
  if (password.length < policy.minLength) throw new AppError('invalid-input', `密码至少 ${policy.minLength} 位`);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new AppError('invalid-input', `密码不能超过 ${MAX_PASSWORD_LENGTH} 位`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.minClasses && password.length < Math.max(PASSPHRASE_LENGTH, policy.minLength)) {
    throw new AppError(
      'invalid-input',
      `密码须包含小写字母、大写字母、数字、符号中的至少 ${policy.minClasses} 类（或使用 ${PASSPHRASE_LENGTH} 位以上的口令短语）`,
    );
  }
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    throw new AppError('invalid-input', '密码不能包含用户名');
  if (isCommonPassword(password)) throw new AppError('invalid-input', '该密码过于常见，容易被猜中，请换一个');
}

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '3': 'e',
  $: 's',
  '5': 's',
  '7': 't',
};

/** On the list once case, letter-for-symbol swaps and the digits and symbols at either end are set aside. */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase().normalize('NFKC');
  if (COMMON_PASSWORDS.has(lower)) return true;
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (!core) return COMMON_PASSWORDS.has(lower.replace(/[^0-9]/g, ''));
  const folded = core.replace(/[@40!13$57]/g, (ch) => LEET[ch] ?? ch);
  const bare = folded.replace(/[^a-z]/g, '');
  return COMMON_PASSWORDS.has(core) || COMMON_PASSWORDS.has(folded) || COMMON_PASSWORDS.has(bare);
}

/** A password that meets any sensible policy, for accounts created by the system (demo, reset). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}#7a`;
}
