import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.js';

// Reports read ranges of time, so each range they read is an index range scan. The conversation
// index carries every column the response report reads, so its counts and percentiles never
// visit the table; it is partial because conversations the brand started have no first inbound.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createIndex('conversation_first_inbound_idx')
    .on('conversation')
    .columns(['workspace_id', 'first_inbound_at', 'first_response_at', 'resolved_at', 'intent', 'channel'])
    .where(sql.ref('first_inbound_at'), 'is not', null)
    .execute();
  // Conversations the brand started alone are few; they are counted by their latest message.
  await db.schema
    .createIndex('conversation_outbound_only_idx')
    .on('conversation')
    .columns(['workspace_id', 'last_message_at'])
    .where(sql.ref('first_inbound_at'), 'is', null)
    .execute();
  await db.schema.createIndex('message_direction_time_idx').on('message').columns(['workspace_id', 'direction', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('message_direction_time_idx').execute();
  await db.schema.dropIndex('conversation_outbound_only_idx').execute();
  await db.schema.dropIndex('conversation_first_inbound_idx').execute();
}
