import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

// Channel-account management: health and the connector's cursor move out of the settings JSON into
// columns (settings become encrypted, and a poller should not rewrite credentials to move its
// cursor), a poll lease so two workers never poll one account, and a log of recent sends per account
// for the networks' rate limits. Status gains 'removed' (text column: nothing to alter).
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  const columns: [string, 'text' | 'bigint' | 'integer'][] = [
    ['last_success_at', big],
    ['last_error', 'text'],
    ['last_error_at', big],
    ['cursor', 'text'],
    ['poll_lease_owner', 'text'],
    ['poll_lease_until', big],
  ];
  for (const [name, type] of columns) await db.schema.alterTable('channel_account').addColumn(name, type).execute();

  await db.schema
    .createTable('channel_send')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('channel_account_id', big, (c) => c.notNull().references('channel_account.id').onDelete('cascade'))
    .addColumn('sent_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('channel_send_account_idx').on('channel_send').columns(['channel_account_id', 'sent_at']).execute();

  // An account's backlog (health) counts only what waits: small partial indexes, same SQL on both engines.
  await sql`create index message_outbound_pending_idx on message (channel_account_id) where direction = 'outbound' and delivery_status in ('queued', 'sending')`.execute(db);
  await sql`create index inbound_event_pending_idx on inbound_event (channel_account_id) where status = 'pending'`.execute(db);

  // The email connector kept {cursor, health} inside settings: move them to the columns.
  const { rows } = await sql<{ id: number; settings: string }>`select id, settings from channel_account`.execute(db);
  for (const row of rows) {
    if (row.settings.startsWith('enc:')) continue;
    let settings: Record<string, unknown>;
    try {
      settings = JSON.parse(row.settings) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (!settings || typeof settings !== 'object' || (!('cursor' in settings) && !('health' in settings))) continue;
    const { cursor, health, ...rest } = settings as { cursor?: unknown; health?: Record<string, unknown> };
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    await sql`
      update channel_account set
        settings = ${JSON.stringify(rest)},
        cursor = ${cursor === undefined ? null : JSON.stringify(cursor)},
        last_success_at = ${num(health?.lastSuccessAt)},
        last_error = ${typeof health?.lastError === 'string' ? health.lastError : null},
        last_error_at = ${num(health?.lastErrorAt)}
      where id = ${row.id}`.execute(db);
  }
}
