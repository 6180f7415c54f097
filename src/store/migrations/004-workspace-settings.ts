import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

// Workspace-wide settings (the reply guard's policy first) as one JSON document.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('workspace').addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}')).execute();
}
