import { Type } from '@sinclair/typebox';
import type { ApiDeps, App } from '../app.js';
import { requireUser } from '../auth.js';
import { authorize, canSee, scopeFor } from '../policy.js';
import { attachmentDisposition, safeContentType } from '../../domain/attachment.js';
import { ConversaError, NotFoundError } from '../../errors.js';
import { ATTACHMENT_MAX_BYTES, getAttachmentWithConversation } from '../../store/attachments.js';
import { getConversation } from '../../store/conversations.js';
import { teamIdsOf } from '../../store/users.js';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export function attachmentRoutes(app: App, deps: ApiDeps): void {
  const { database } = deps;

  app.get(
    '/attachments/:id',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Download a file a customer sent (always as a download, never shown in the page)',
        params: Id,
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'conversation.read');
      const id = (req.params as { id: number }).id;
      const found = await getAttachmentWithConversation(database, user.workspace_id, id);
      // Whoever may not see the conversation learns nothing about its files, not even that they exist.
      const conv = found?.conversationId != null ? await getConversation(database, user.workspace_id, found.conversationId) : undefined;
      if (!found || !conv || !canSee(scopeFor(user, await teamIdsOf(database, user.id)), conv)) throw new NotFoundError('Attachment', id);
      const a = found.attachment;
      if (a.too_large === 1 || !a.content) {
        throw new ConversaError(
          'attachment_not_kept',
          410,
          `Attachment ${id} ("${a.filename}", ${a.size} bytes) is over the ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MiB limit, so only its name, type, size and SHA-256 were kept; open the original email in the mailbox to get it.`,
        );
      }
      return reply
        .header('content-type', safeContentType(a.content_type))
        .header('content-length', String(a.content.length))
        .header('content-disposition', attachmentDisposition(a.filename))
        // Never sniffed into HTML or script, and sandboxed should a browser open it anyway.
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-cache')
        .send(Buffer.from(a.content));
    },
  );
}
