import type { Role } from '../api/types';

/** Where each role starts after logging in. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'admin':
      return '/accounts';
    case 'unit':
      return '/my';
    case 'auditor':
      return '/audit';
    case 'office':
    case 'leader':
    case 'operator':
      return '/plans';
    case 'none':
      return '/pending';
  }
}

/** Only paths inside this site, never another origin, and never back to the login page. */
export function safeNext(next: string | null): string | null {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}
