import { sql } from 'kysely';
import { chunks } from './batch.js';
import type { Database } from './db.js';
import type { Contact, ContactIdentity } from './schema/index.js';
import type { MessageAuthor } from '../domain/message.js';
import { phoneSpellings } from '../domain/phone.js';
import { allocateIds } from './ids.js';

export interface ResolvedIdentity {
  identityId: number;
  contactId: number;
}

async function resolveMerged(database: Database, contactId: number): Promise<number> {
  let id = contactId;
  for (let i = 0; i < 8; i++) {
    const row = await database.db.selectFrom('contact').select('merged_into').where('id', '=', id).executeTakeFirst();
    if (!row?.merged_into) return id;
    id = row.merged_into;
  }
  return id;
}

export async function getContact(database: Database, workspaceId: number, id: number): Promise<Contact | undefined> {
  return database.db
    .selectFrom('contact')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function identitiesOf(database: Database, contactIds: number[]): Promise<ContactIdentity[]> {
  if (contactIds.length === 0) return [];
  return database.db.selectFrom('contact_identity').selectAll().where('contact_id', 'in', contactIds).orderBy('id').execute();
}

export async function listContacts(
  database: Database,
  workspaceId: number,
  options: { query?: string; beforeId?: number; limit: number },
): Promise<Contact[]> {
  let q = database.db
    .selectFrom('contact')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('merged_into', 'is', null);
  if (options.beforeId !== undefined) q = q.where('id', '<', options.beforeId);
  if (options.query) {
    const like = `%${options.query.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['contact.name']), 'like', like),
        eb(eb.fn('lower', ['contact.email']), 'like', like),
        eb.exists(
          eb
            .selectFrom('contact_identity')
            .select('contact_identity.id')
            .whereRef('contact_identity.contact_id', '=', 'contact.id')
            .where((sub) => sub(sub.fn('lower', ['contact_identity.handle']), 'like', like)),
        ),
      ]),
    );
  }
  return q.orderBy('id', 'desc').limit(options.limit).execute();
}

/**
 * Merge `sourceId` into `targetId`: identities and conversations move, the source row remains as
 * a pointer so links to it still resolve.
 */
export async function mergeContacts(database: Database, sourceId: number, targetId: number, now: number): Promise<void> {
  await database.transaction(async (tx) => {
    const source = await tx.db.selectFrom('contact').selectAll().where('id', '=', sourceId).executeTakeFirstOrThrow();
    const target = await tx.db.selectFrom('contact').selectAll().where('id', '=', targetId).executeTakeFirstOrThrow();
    await tx.db.updateTable('contact_identity').set({ contact_id: targetId, updated_at: now }).where('contact_id', '=', sourceId).execute();
    await tx.db.updateTable('conversation').set({ contact_id: targetId }).where('contact_id', '=', sourceId).execute();
    await tx.db
      .updateTable('contact')
      .set({
        name: target.name ?? source.name,
        email: target.email ?? source.email,
        phone: target.phone ?? source.phone,
        updated_at: now,
      })
      .where('id', '=', targetId)
      .execute();
    await tx.db.updateTable('contact').set({ merged_into: targetId, updated_at: now }).where('id', '=', sourceId).execute();
  });
}

/**
 * The batch form of upsertIdentity: one look-up for all authors of a channel, contacts created
 * for the new ones, profile fields refreshed where the network says something new.
 */
export async function resolveIdentities(
  database: Database,
  workspaceId: number,
  channel: string,
  authors: MessageAuthor[],
  now: number,
): Promise<Map<string, ResolvedIdentity>> {
  const out = new Map<string, ResolvedIdentity>();
  const latest = new Map<string, MessageAuthor>();
  for (const a of authors) latest.set(a.id, { ...latest.get(a.id), ...Object.fromEntries(Object.entries(a).filter(([, v]) => v != null)) } as MessageAuthor);
  const ids = [...latest.keys()];
  const existing: Pick<ContactIdentity, 'id' | 'contact_id' | 'external_id' | 'handle' | 'name' | 'followers'>[] = [];
  for (const chunk of chunks(ids)) {
    existing.push(
      ...(await database.db
        .selectFrom('contact_identity')
        .select(['id', 'contact_id', 'external_id', 'handle', 'name', 'followers'])
        .where('workspace_id', '=', workspaceId)
        .where('channel', '=', channel)
        .where('external_id', 'in', chunk.items)
        .execute()),
    );
  }
  const merged = new Set<number>();
  for (const e of existing) {
    const a = latest.get(e.external_id)!;
    const handle = a.handle ?? e.handle;
    const name = a.name ?? e.name;
    const followers = a.followers ?? e.followers;
    if (handle !== e.handle || name !== e.name || followers !== e.followers) {
      await database.db.updateTable('contact_identity').set({ handle, name, followers, updated_at: now }).where('id', '=', e.id).execute();
    }
    out.set(e.external_id, { identityId: e.id, contactId: e.contact_id });
    merged.add(e.contact_id);
  }
  // Identities of merged contacts point at the surviving contact.
  if (merged.size) {
    const pointers = await database.db
      .selectFrom('contact')
      .select(['id', 'merged_into'])
      .where('id', 'in', [...merged])
      .where('merged_into', 'is not', null)
      .execute();
    for (const p of pointers) {
      const target = await resolveMerged(database, p.id);
      for (const [k, v] of out) if (v.contactId === p.id) out.set(k, { ...v, contactId: target });
    }
  }
  const fresh = ids.filter((id) => !out.has(id));
  if (fresh.length === 0) return out;
  const contactIds = await allocateIds(database, 'contact', fresh.length);
  for (const chunk of chunks(fresh, 256)) {
    await database.db
      .insertInto('contact')
      .values(
        chunk.items.map((id, k) => {
          const a = latest.get(id)!;
          return {
            id: contactIds[chunk.offset + k]!,
            workspace_id: workspaceId,
            name: a.name ?? a.handle ?? null,
            email: a.email ?? null,
            phone: a.phone ?? null,
            merged_into: null,
            created_at: now,
            updated_at: now,
          };
        }),
      )
      .execute();
  }
  for (const chunk of chunks(fresh, 256)) {
    const rows = await database.db
      .insertInto('contact_identity')
      .values(
        chunk.items.map((id, k) => {
          const a = latest.get(id)!;
          return {
            workspace_id: workspaceId,
            contact_id: contactIds[chunk.offset + k]!,
            channel,
            external_id: id,
            handle: a.handle ?? null,
            name: a.name ?? null,
            followers: a.followers ?? null,
            created_at: now,
            updated_at: now,
          };
        }),
      )
      .returning(['id', 'contact_id', 'external_id'])
      .execute();
    for (const r of rows) out.set(r.external_id, { identityId: r.id, contactId: r.contact_id });
  }
  return out;
}

export async function identitiesByIds(database: Database, ids: number[]): Promise<ContactIdentity[]> {
  if (ids.length === 0) return [];
  return database.db.selectFrom('contact_identity').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

/**
 * Other live contacts that share an email address with a contact: an email identity or a profile's
 * email. Agents see them as possible duplicates and decide; nothing is merged on an unverified claim.
 */
export async function contactsSharingEmail(database: Database, workspaceId: number, email: string, excludeId: number, limit = 5): Promise<Contact[]> {
  const address = email.trim().toLowerCase();
  const viaIdentity = database.db
    .selectFrom('contact_identity')
    .select('contact_id')
    .where('workspace_id', '=', workspaceId)
    .where('channel', '=', 'email')
    .where('external_id', '=', address);
  return database.db
    .selectFrom('contact')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('merged_into', 'is', null)
    .where('id', '!=', excludeId)
    .where((eb) => eb.or([eb(eb.fn('lower', ['email']), '=', address), eb('id', 'in', viaIdentity)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * The live contact a phone number (E.164) belongs to: a phone or WhatsApp identity spelled any of
 * the usual ways, else a profile's phone with its separators ignored.
 */
export async function findContactByPhone(database: Database, workspaceId: number, e164: string): Promise<number | undefined> {
  const spellings = phoneSpellings(e164);
  const identity = await database.db
    .selectFrom('contact_identity')
    .select('contact_id')
    .where('workspace_id', '=', workspaceId)
    .where('channel', 'in', ['phone', 'whatsapp'])
    .where('external_id', 'in', spellings)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (identity) return resolveMerged(database, identity.contact_id);
  // replace() reads the same on SQLite and PostgreSQL.
  const compact = sql<string>`replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', '')`;
  const profile = await database.db
    .selectFrom('contact')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('merged_into', 'is', null)
    .where('phone', 'is not', null)
    .where(compact, 'in', spellings)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return profile?.id;
}

/**
 * Give a contact one more identity (the email address a chat visitor left, a caller's number).
 * An identity that already exists keeps its owner: the answer says which contact that is.
 */
export async function attachIdentity(
  database: Database,
  i: { workspaceId: number; contactId: number; channel: string; externalId: string; handle?: string | null; name?: string | null },
  now: number,
): Promise<ResolvedIdentity> {
  await database.db
    .insertInto('contact_identity')
    .values({
      workspace_id: i.workspaceId,
      contact_id: i.contactId,
      channel: i.channel,
      external_id: i.externalId,
      handle: i.handle ?? null,
      name: i.name ?? null,
      followers: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'channel', 'external_id']).doNothing())
    .execute();
  const row = await database.db
    .selectFrom('contact_identity')
    .select(['id', 'contact_id'])
    .where('workspace_id', '=', i.workspaceId)
    .where('channel', '=', i.channel)
    .where('external_id', '=', i.externalId)
    .executeTakeFirstOrThrow();
  return { identityId: row.id, contactId: await resolveMerged(database, row.contact_id) };
}

/** The identity of an author on a channel, if Conversa has seen it (merges followed). */
export async function findIdentity(database: Database, workspaceId: number, channel: string, externalId: string): Promise<ResolvedIdentity | undefined> {
  const row = await database.db
    .selectFrom('contact_identity')
    .select(['id', 'contact_id'])
    .where('workspace_id', '=', workspaceId)
    .where('channel', '=', channel)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row ? { identityId: row.id, contactId: await resolveMerged(database, row.contact_id) } : undefined;
}

/** Set profile fields a customer gave us (a chat visitor's name and email); undefined leaves a field as it is. */
export async function updateContactProfile(
  database: Database,
  contactId: number,
  patch: { name?: string | null; email?: string | null; phone?: string | null },
  now: number,
): Promise<void> {
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return;
  await database.db.updateTable('contact').set({ ...set, updated_at: now }).where('id', '=', contactId).execute();
}
