/** @jsxImportSource preact */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { session as sessionApi } from '../api/endpoints';
import type { Session } from '../api/types';
import { zhCore as zh } from '../i18n/zh-core';
import { go } from './boot';
import { Logo } from './Logo';

/**
 * The unit's frame: the name and the way out in the header; on a phone the public page and the password
 * move into a menu the header's button opens.
 */
export function Shell({ session, children }: { session: Session | null; children: ComponentChildren }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const actor = session?.actor;
  // A full load of the login page after logging out: nothing of the last user stays in memory.
  const logout = async () => {
    await sessionApi.logout().catch(() => undefined);
    go('/login');
  };
  const links = (
    <>
      <a href="/public" target="_blank" rel="noopener">
        {zh.nav.publicPage}
      </a>
      <a href="/change-password">{zh.header.changePassword}</a>
    </>
  );
  return (
    <div class="lt-shell">
      <header class="lt-header">
        <button
          type="button"
          class="lt-btn lt-btn-text lt-phone-only"
          aria-label={zh.header.menu}
          aria-expanded={menuOpen}
          data-testid="phone-menu"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <span class="lt-burger" aria-hidden="true" />
        </button>
        <a href="/my" class="lt-brand">
          <Logo size={24} />
          <span class="lt-hide-phone">{zh.app.name}</span>
        </a>
        <nav class="lt-header-links lt-hide-phone">{links}</nav>
        <div class="lt-header-right">
          {actor ? (
            <span data-testid="current-user" class="tz-current-user">
              <strong>{actor.name}</strong>
              <span class="tz-muted lt-hide-phone"> · {zh.roles[actor.role]}</span>
            </span>
          ) : null}
          <button type="button" class="lt-btn" onClick={logout} data-testid="logout" aria-label={zh.header.logout}>
            {zh.header.logout}
          </button>
        </div>
      </header>
      {menuOpen ? (
        <nav class="lt-phone-menu lt-phone-only" data-testid="phone-nav">
          <a href="/my" aria-current="page">
            {zh.nav.myTasks}
          </a>
          {links}
        </nav>
      ) : null}
      <main class="lt-content">{children}</main>
      <footer class="lt-footer">{zh.app.footer}</footer>
    </div>
  );
}
