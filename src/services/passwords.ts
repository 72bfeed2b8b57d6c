import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '../domain/errors.js';

/**
 * Passwords are hashed with scrypt (memory-hard; in Node's crypto, nothing to install), with a random salt
 * and the parameters stored beside the hash so they can be raised later without breaking old hashes.
 */
const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
const N = 1 << 15;
const R = 8;
const P = 1;
const LEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, LEN, { N, r: R, p: P, maxmem: 128 * N * R * 2 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 128 * Number(n) * Number(r) * 2,
  });
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** 等保-style password rules: a minimum length and a number of character classes. */
export interface PasswordPolicy {
  minLength: number;
  /** Of: lower-case letters, upper-case letters, digits, other characters. */
  minClasses: number;
}

export const DEFAULT_POLICY: PasswordPolicy = { minLength: 8, minClasses: 3 };

export function checkPassword(password: string, policy: PasswordPolicy, username?: string): void {
  if (password.length < policy.minLength) throw new AppError('invalid-input', `密码至少 ${policy.minLength} 位`);
  if (password.length > 128) throw new AppError('invalid-input', '密码不能超过 128 位');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.minClasses) {
    throw new AppError('invalid-input', `密码须包含小写字母、大写字母、数字、符号中的至少 ${policy.minClasses} 类`);
  }
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    throw new AppError('invalid-input', '密码不能包含用户名');
}

/** A password that meets any sensible policy, for accounts created by the system (demo, reset). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}#7a`;
}
