import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { audited } from '../audit.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { authorize, scopeFor } from '../policy.js';
import { presentContact } from '../present.js';
import { presentConversations } from './conversations.js';
import { InvalidRequestError, NotFoundError } from '../../errors.js';
import { contactsSharingEmail, getContact, identitiesOf, listContacts, mergeContacts } from '../../store/contacts.js';
import { listConversations } from '../../store/conversations.js';
import { teamIdsOf } from '../../store/users.js';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export function contactRoutes(app: App, deps: ApiDeps): void {
  const { database, clock } = deps;

  app.get(
    '/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'List contacts, newest first; q matches name, email or handle',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
        }),
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'contact.read');
      const q = req.query as { q?: string; cursor?: string; limit?: number };
      const cursor = decodeCursor<{ id: number }>(q.cursor, (v) => Number.isInteger(v.id));
      const limit = q.limit ?? 25;
      const rows = await listContacts(database, user.workspace_id, { query: q.q, beforeId: cursor?.id, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const identities = await identitiesOf(database, page.map((c) => c.id));
      return {
        items: page.map((c) => presentContact(c, identities.filter((i) => i.contact_id === c.id))),
        nextCursor: rows.length > limit ? encodeCursor({ id: page[page.length - 1]!.id }) : null,
      };
    },
  );

  app.get('/contacts/:id', { schema: { tags: ['contacts'], summary: 'One profile across channels, with its conversations', params: Id } }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'contact.read');
    const id = (req.params as { id: number }).id;
    let contact = await getContact(database, user.workspace_id, id);
    if (!contact) throw new NotFoundError('Contact', id);
    if (contact.merged_into) contact = (await getContact(database, user.workspace_id, contact.merged_into)) ?? contact;
    const identities = await identitiesOf(database, [contact.id]);
    const scope = scopeFor(user, await teamIdsOf(database, user.id));
    const history = await listConversations(database, scope, { contactId: contact.id }, 'newest', null, 100);
    // Contacts with the same email (a chat visitor's unverified address, say): agents merge them if they are one person.
    const sameEmail = contact.email ? await contactsSharingEmail(database, user.workspace_id, contact.email, contact.id) : [];
    return {
      contact: presentContact(contact, identities),
      conversations: await presentConversations(database, history.items),
      sameEmail: sameEmail.map((c) => ({ id: c.id, name: c.name, email: c.email })),
    };
  });

  app.post(
    '/contacts/:id/merge',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Merge another contact (sourceId) into this one: identities and conversations move here',
        params: Id,
        body: Type.Object({ sourceId: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'contact.merge');
      const targetId = (req.params as { id: number }).id;
      const { sourceId } = req.body as { sourceId: number };
      if (sourceId === targetId) throw new InvalidRequestError('A contact cannot be merged into itself.', undefined, 'merge_same_contact');
      const target = await getContact(database, user.workspace_id, targetId);
      const source = await getContact(database, user.workspace_id, sourceId);
      if (!target || target.merged_into) throw new NotFoundError('Contact', targetId);
      if (!source || source.merged_into) throw new NotFoundError('Contact', sourceId);
      const fields = (c: typeof target) => ({ id: c.id, name: c.name, email: c.email, phone: c.phone, mergedInto: c.merged_into });
      const merged = await audited(deps, req, async (tx) => {
        await mergeContacts(tx, sourceId, targetId, clock.now());
        const after = (await getContact(tx, user.workspace_id, targetId))!;
        return {
          result: after,
          audit: {
            action: 'contact.merge',
            subject: { type: 'contact', id: targetId },
            before: { target: fields(target), source: fields(source) },
            after: { target: fields(after), source: { ...fields(source), mergedInto: targetId } },
          },
        };
      });
      return { contact: presentContact(merged, await identitiesOf(database, [targetId])) };
    },
  );
}
