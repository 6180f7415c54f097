import type { Clock } from '../domain/clock.js';
import type { EventBus } from '../jobs/bus.js';
import type { JobHandler, JobQueue } from '../jobs/queue.js';
import { moduleLogger } from '../logger.js';
import { ConversaError, ForbiddenError, InvalidRequestError } from '../errors.js';
import { guardReply, type GuardPolicyOverrides, type GuardResult } from '../analysis/index.js';
import type { ChannelRegistry } from '../channels/registry.js';
import { effectiveRateLimit, PermanentSendError, RateLimitedSendError, type ChannelManifest } from '../channels/types.js';
import { DeferJobError } from '../jobs/queue.js';
import { recordAccountError, recordAccountSuccess, reserveSendSlot } from '../store/channel-accounts.js';
import type { Database } from '../store/db.js';
import type { Conversation, Message, User } from '../store/schema/index.js';
import { getMessage, insertMessage, latestInboundExternalId, replyTarget, setDelivery } from '../store/messages.js';
import { addRefs, conversationsByIds, recordMessageOnConversation } from '../store/threads.js';
import { getChannelAccount, workspaceSetting } from '../store/workspaces.js';
import { updateConversation } from '../store/conversations.js';
import { markAnalyticsDirty, markConversationsDirty } from '../store/analytics.js';
import { conversationEvent, messageEvent, notifyAfterCommit } from './notify.js';
import { refreshConversationSla, statusEvents } from './sla.js';
import { assertMayReply } from './route.js';
import { createApproval, latestInboundAuthorFollowers } from '../store/approvals.js';
import { approvalReasons, resolveApprovalPolicy, type ApprovalPolicy, type ApprovalReason } from '../domain/approval.js';

const log = moduleLogger('outbound');

export const SEND_JOB = 'outbound.send';
/**
 * A reply is tried this many times before it is marked failed. Given when the job is queued: the
 * process that queues it (the web role) may not run the send handler, and the row keeps the limit.
 */
export const SEND_MAX_ATTEMPTS = 6;

/** How often a paused account's waiting replies look again (they go out this soon after a resume). */
export const PAUSED_RECHECK_MS = 30_000;

export interface ReplyDeps {
  database: Database;
  clock: Clock;
  bus: EventBus;
  queue: JobQueue;
  channels: ChannelRegistry;
}

export interface ReplyInput {
  user: User;
  conversation: Conversation;
  text: string;
  visibility?: 'public' | 'private';
  resolve?: boolean;
  /** A supervisor (or admin) sends a reply the guard blocked; recorded on the message. */
  allowBlocked?: boolean;
}

const MAY_ALLOW_BLOCKED = ['admin', 'supervisor'];

/**
 * The reply guard, before anything is stored: blocking findings stop the reply unless a supervisor
 * allows it; warnings travel with the reply so the agent sees them.
 */
export function checkReply(
  input: ReplyInput,
  channel: string,
  visibility: 'public' | 'private',
  policy?: GuardPolicyOverrides,
): GuardResult & { overriddenBy: number | null } {
  const result = guardReply({ text: input.text, channel, public: visibility === 'public', policy });
  if (input.allowBlocked && !MAY_ALLOW_BLOCKED.includes(input.user.role)) {
    throw new ForbiddenError('Only a supervisor or an admin may send a reply the guard blocked.');
  }
  if (result.blocked && !input.allowBlocked) {
    const blocks = result.findings.filter((f) => f.severity === 'block');
    throw new ConversaError(
      'reply_blocked',
      422,
      `The reply was not sent: ${blocks.map((f) => f.message).join(' ')}`,
      { findings: result.findings },
    );
  }
  return { ...result, overriddenBy: result.blocked ? input.user.id : null };
}

/** Why this reply must wait for a supervisor (the workspace's rules, the author's training); empty: it may go. */
export async function approvalHold(
  database: Database,
  user: User,
  conversation: Conversation,
  visibility: 'public' | 'private',
): Promise<ApprovalReason[]> {
  const policy = resolveApprovalPolicy(await workspaceSetting<Partial<ApprovalPolicy>>(database, conversation.workspace_id, 'approval'));
  const followers = policy.followersAbove !== null && visibility === 'public' ? await latestInboundAuthorFollowers(database, conversation.id) : null;
  return approvalReasons({ role: user.role, inTraining: user.in_training === 1, visibility, intent: conversation.intent, followers }, policy);
}

/** What the channel accepts: public replies where it has them, and text within its limit. */
export function fitToChannel(m: ChannelManifest, text: string, visibility: 'public' | 'private'): void {
  if (!m.public && !m.private) {
    throw new InvalidRequestError(m.noReplyHint ?? `${m.displayName} conversations cannot be answered from Conversa.`, undefined, 'reply_not_supported');
  }
  if (visibility === 'public' && !m.public) {
    throw new InvalidRequestError(`${m.displayName} has no public replies; send it as a private message.`, undefined, 'visibility_not_supported');
  }
  if (m.textLimit !== null && [...text].length > m.textLimit) {
    throw new InvalidRequestError(
      `The reply has ${[...text].length} characters; ${m.displayName} allows ${m.textLimit}. Shorten it or split it.`,
      { limit: m.textLimit, length: [...text].length },
      'text_over_channel_limit',
    );
  }
}

/**
 * A stored reply leaves: counted as the brand's response, the conversation resolved if asked, and
 * queued for the channel in the caller's transaction. Direct replies and approved ones both come here.
 */
export async function releaseReply(
  tx: Database,
  deps: Pick<ReplyDeps, 'queue'>,
  r: { conversation: Conversation; message: Message; resolve?: boolean; now: number },
): Promise<Conversation> {
  const { now } = r;
  let conv = await recordMessageOnConversation(tx, r.conversation, { direction: 'outbound', createdAt: now, text: r.message.text }, now);
  // Answered (and maybe resolved): the conversation's analytics days, before and after, are rebuilt.
  await markConversationsDirty(tx, [r.conversation, conv]);
  if (r.resolve) {
    await updateConversation(tx, conv.id, { status: 'resolved', snoozed_until: null }, now, { daysMarked: true });
    conv = { ...conv, status: 'resolved', snoozed_until: null };
  }
  // The brand answered (and maybe resolved): response clocks are met, resolution stops.
  conv = await refreshConversationSla(tx, conv, [{ type: 'outbound', at: now }, ...statusEvents(r.conversation, conv, now)], now);
  await deps.queue.enqueue(tx, SEND_JOB, { messageId: r.message.id }, { maxAttempts: SEND_MAX_ATTEMPTS });
  return conv;
}

/**
 * An agent's reply: stored as an outbound message, queued for the channel in the same transaction
 * (so it is sent exactly when it is stored), and counted as the brand's response. A reply that
 * needs approval is stored as `pending_approval` with its approval row, and neither queued nor
 * counted until a supervisor approves it (src/pipeline/approval.ts).
 */
export async function createReply(deps: ReplyDeps, input: ReplyInput): Promise<{ message: Message; conversation: Conversation }> {
  const { conversation } = input;
  // Before anything else: a reply (held for approval or not) from someone who does not hold the conversation.
  await assertMayReply(deps.database, input.user, conversation);
  const account = await getChannelAccount(deps.database, conversation.channel_account_id);
  if (!account) throw new InvalidRequestError('The conversation’s channel account no longer exists.', undefined, 'channel_account_missing');
  if (account.status === 'removed') {
    throw new ConversaError('channel_account_removed', 409, `The ${account.channel} account "${account.display_name}" was removed; its conversations can be read but not answered.`);
  }
  const channel = deps.channels.forAccount(account);
  const text = input.text.trim();
  if (!text) throw new InvalidRequestError('The reply is empty: write some text.', undefined, 'empty_reply');
  const visibility = input.visibility ?? conversation.visibility;
  if (channel) fitToChannel(channel.manifest, text, visibility);
  const policy = await workspaceSetting<GuardPolicyOverrides>(deps.database, conversation.workspace_id, 'guard');
  const guard = checkReply({ ...input, text }, conversation.channel, visibility, policy);
  // Replies that need a supervisor's approval are stored but wait: nothing is queued or counted yet.
  const hold = await approvalHold(deps.database, input.user, conversation, visibility);
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    // Answer the customer's latest message, so the reply lands in the right place of the thread.
    const parentId = await latestInboundExternalId(tx, conversation.id);
    const message = await insertMessage(tx, {
      workspaceId: conversation.workspace_id,
      conversationId: conversation.id,
      channelAccountId: account.id,
      direction: 'outbound',
      visibility,
      externalId: null,
      inReplyTo: parentId,
      contactIdentityId: null,
      authorUserId: input.user.id,
      text,
      metrics: null,
      analysis: {
        guard: { findings: guard.findings, overriddenBy: guard.overriddenBy },
        ...(hold.length ? { approval: { status: 'pending', reasons: hold } } : {}),
      },
      deliveryStatus: hold.length ? 'pending_approval' : 'queued',
      createdAt: now,
      receivedAt: now,
    });
    // The day's outbound message count changes, whether the reply leaves now or waits for approval.
    await markAnalyticsDirty(tx, [{ workspaceId: conversation.workspace_id, at: message.created_at }]);
    let conv = conversation;
    if (hold.length) {
      await createApproval(tx, {
        workspaceId: conversation.workspace_id,
        conversationId: conversation.id,
        messageId: message.id,
        requestedBy: input.user.id,
        reasons: hold,
        originalText: text,
        resolve: !!input.resolve,
        createdAt: now,
      });
    } else {
      conv = await releaseReply(tx, deps, { conversation, message, resolve: input.resolve, now });
    }
    if (conv.assignee_id === null && input.user.role === 'agent') {
      // Whoever answers an unassigned conversation takes it.
      await updateConversation(tx, conv.id, { assignee_id: input.user.id }, now);
      conv = { ...conv, assignee_id: input.user.id };
    }
    notifyAfterCommit(tx, deps.bus, [conversationEvent('conversation.updated', conv, now), messageEvent('message.created', conv, message, now)]);
    return { message, conversation: conv };
  });
}

/** The outbound queue's handler: hand the message to its channel and record what happened. */
export function sendJobHandler(deps: Omit<ReplyDeps, 'queue'>): JobHandler<{ messageId: number }> {
  const publish = async (message: Message) => {
    const conv = (await conversationsByIds(deps.database, [message.conversation_id])).get(message.conversation_id);
    if (conv) deps.bus.publish(messageEvent('message.updated', conv, message, deps.clock.now()));
  };
  const fail = async (messageId: number, error: string, attempts: number) => {
    const updated = await setDelivery(deps.database, messageId, { status: 'failed', error, attempts });
    if (updated) await publish(updated);
  };
  return {
    name: SEND_JOB,
    maxAttempts: SEND_MAX_ATTEMPTS,
    backoffMs: (attempt) => Math.min(15 * 60_000, 2000 * 4 ** (attempt - 1)),
    async perform({ messageId }, ctx) {
      const message = await getMessage(deps.database, messageId);
      if (!message || message.delivery_status === 'sent') return;
      const account = await getChannelAccount(deps.database, message.channel_account_id);
      const channel = account ? deps.channels.forAccount(account) : undefined;
      if (!account || !channel) {
        await fail(messageId, `No connector is configured for this ${account?.channel ?? 'channel'} account, so the reply cannot be sent.`, ctx.attempt);
        return;
      }
      if (account.status === 'removed') {
        await fail(messageId, `The ${account.channel} account "${account.display_name}" was removed, so the reply cannot be sent.`, ctx.attempt);
        return;
      }
      if (account.status === 'paused') {
        // A paused account's replies wait in the queue (not failed, not lost) until it is resumed.
        const note = `Waiting: the ${account.channel} account "${account.display_name}" is paused; the reply goes out when it is resumed.`;
        if (message.delivery_error !== note) {
          const updated = await setDelivery(deps.database, messageId, { status: 'queued', error: note });
          if (updated) await publish(updated);
        }
        throw new DeferJobError(deps.clock.now() + PAUSED_RECHECK_MS, 'channel account paused');
      }
      const limit = effectiveRateLimit(account, channel.manifest);
      if (limit) {
        // The network's limit per account: when this window is full, wait for it to free a slot.
        const slot = await reserveSendSlot(deps.database, account.id, limit, deps.clock.now());
        if (!slot.ok) throw new DeferJobError(slot.retryAt, `rate limit: ${limit.max} sends per ${limit.windowMs} ms`);
      }
      await setDelivery(deps.database, messageId, { status: 'sending', attempts: ctx.attempt });
      const recipient = message.in_reply_to ? await replyTarget(deps.database, account.id, message.in_reply_to) : undefined;
      // Email threading (channel email): the subject for "Re: …" and the References chain we know.
      const conversation = (await conversationsByIds(deps.database, [message.conversation_id])).get(message.conversation_id);
      try {
        const result = await channel.send(
          {
            messageId,
            conversationId: message.conversation_id,
            text: message.text,
            visibility: message.visibility,
            inReplyTo: message.in_reply_to,
            recipient: { externalId: recipient?.externalId ?? null, handle: recipient?.handle ?? null },
            subject: conversation?.subject ?? null,
            references: recipient?.inReplyTo ? [recipient.inReplyTo] : [],
          },
          account,
        );
        const updated = await deps.database.transaction(async (tx) => {
          const row = await setDelivery(tx, messageId, { status: 'sent', attempts: ctx.attempt, externalId: result.externalId ?? null });
          if (result.externalId) await addRefs(tx, account.id, [result.externalId], message.conversation_id);
          return row;
        });
        if (updated) await publish(updated);
        const now = deps.clock.now();
        if (account.last_error !== null || (account.last_success_at ?? 0) < now - 60_000) await recordAccountSuccess(deps.database, account.id, now);
      } catch (err) {
        const text = (err as Error).message;
        if (err instanceof RateLimitedSendError) {
          // The network asked us to wait: do, without spending an attempt.
          const waitS = Math.ceil(err.retryAfterMs / 1000);
          const updated = await setDelivery(deps.database, messageId, { status: 'queued', error: `${text} Trying again in ${waitS} s.` });
          if (updated) await publish(updated);
          throw new DeferJobError(deps.clock.now() + err.retryAfterMs, text);
        }
        if (!(err instanceof PermanentSendError)) await recordAccountError(deps.database, account.id, text, deps.clock.now());
        if (err instanceof PermanentSendError || ctx.attempt >= ctx.maxAttempts) {
          log.warn({ messageId, err: text }, 'reply could not be delivered');
          await fail(messageId, text, ctx.attempt);
          return;
        }
        const updated = await setDelivery(deps.database, messageId, { status: 'queued', error: text, attempts: ctx.attempt });
        if (updated) await publish(updated);
        throw err;
      }
    },
  };
}
