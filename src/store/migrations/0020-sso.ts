import type { Kysely } from 'kysely';
import { type DialectName, idColumn, refType } from '../dialect.js';

/**
 * Single sign-on. An account may be known to an identity provider by (issuer, name): the OIDC issuer or the
 * CAS server, and the claim or cas:user that names the person there — matched at each login, recorded at the
 * first. A sign-in under way (state, nonce, PKCE verifier) is kept server-side for a few minutes, keyed by the
 * hash of a cookie, so any server behind the balancer can finish what another began.
 */
export function ssoMigration(dialect: DialectName) {
  const id = idColumn(dialect);
  const ref = refType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('account_identities')
        .addColumn('id', id.type, id.build)
        .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_login_at', 'text')
        .addUniqueConstraint('account_identities_issuer_subject', ['issuer', 'subject'])
        .execute();
      await db.schema.createIndex('account_identities_account').on('account_identities').column('account_id').execute();
      await db.schema
        .createTable('sso_flows')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('protocol', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text')
        .addColumn('code_verifier', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('sso_flows').ifExists().execute();
      await db.schema.dropTable('account_identities').ifExists().execute();
    },
  };
}
