import { ConflictError, InvalidRequestError, NotFoundError } from '../errors.js';
import type { GuardPolicyOverrides } from '../analysis/index.js';
import type { Conversation, Message, ReplyApproval, User } from '../store/schema/index.js';
import { decideApproval, updateHeldMessage } from '../store/approvals.js';
import { getConversation } from '../store/conversations.js';
import { getMessage } from '../store/messages.js';
import { getChannelAccount, workspaceSetting } from '../store/workspaces.js';
import { conversationEvent, messageEvent, notifyAfterCommit } from './notify.js';
import { checkReply, fitToChannel, releaseReply, type ReplyDeps } from './reply.js';

/** What the thread shows about a held reply, kept in the message's analysis beside the guard's findings. */
export interface ApprovalSummary {
  status: 'pending' | 'approved' | 'rejected';
  reasons: string[];
  decidedBy?: { userId: number; name: string };
  decidedAt?: string;
  comment?: string | null;
  /** The agent's text, when the supervisor changed it before approving. */
  originalText?: string;
}

export interface Decision {
  approval: ReplyApproval;
  message: Message;
  conversation: Conversation;
}

function parseAnalysis(m: Message): Record<string, unknown> {
  try {
    const v = m.analysis ? JSON.parse(m.analysis) : {};
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function alreadyDecided(id: number, status = 'decided'): ConflictError {
  return new ConflictError(`Approval ${id} was already ${status}; reload the queue to see what is still pending.`, 'approval_decided');
}

async function load(tx: ReplyDeps['database'], approval: ReplyApproval): Promise<{ message: Message; conversation: Conversation }> {
  if (approval.status !== 'pending') throw alreadyDecided(approval.id, approval.status);
  const message = await getMessage(tx, approval.message_id);
  const conversation = await getConversation(tx, approval.workspace_id, approval.conversation_id);
  if (!message || !conversation) throw new NotFoundError('Reply awaiting approval', approval.id);
  return { message, conversation };
}

/**
 * A supervisor approves a held reply, optionally with their own text. The guard runs again on the
 * text that will be sent; then the reply leaves exactly as a direct one does. Call inside a
 * transaction (the route's, which also writes the audit entry).
 */
export async function approveReply(
  deps: ReplyDeps,
  input: { approval: ReplyApproval; user: User; text?: string; allowBlocked?: boolean },
): Promise<Decision & { edited: boolean }> {
  const tx = deps.database;
  tx.assertTransaction();
  const { approval, user } = input;
  const { message, conversation } = await load(tx, approval);
  const text = (input.text ?? message.text).trim();
  if (!text) throw new InvalidRequestError('The reply is empty: write some text, or reject it instead.', undefined, 'empty_reply');
  const account = await getChannelAccount(tx, message.channel_account_id);
  const channel = account ? deps.channels.forAccount(account) : undefined;
  if (channel) fitToChannel(channel.manifest, text, message.visibility);
  const policy = await workspaceSetting<GuardPolicyOverrides>(tx, conversation.workspace_id, 'guard');
  const guard = checkReply({ user, conversation, text, allowBlocked: input.allowBlocked }, conversation.channel, message.visibility, policy);
  const now = deps.clock.now();
  const edited = text !== approval.original_text;
  const decided = await decideApproval(tx, approval.id, { status: 'approved', decidedBy: user.id, finalText: text, comment: null, now });
  if (!decided) throw alreadyDecided(approval.id);
  const summary: ApprovalSummary = {
    status: 'approved',
    reasons: JSON.parse(approval.reasons) as string[],
    decidedBy: { userId: user.id, name: user.name },
    decidedAt: new Date(now).toISOString(),
    ...(edited ? { originalText: approval.original_text } : {}),
  };
  const analysis = { ...parseAnalysis(message), guard: { findings: guard.findings, overriddenBy: guard.overriddenBy }, approval: summary };
  const updated = await updateHeldMessage(tx, message.id, { status: 'queued', text, analysis: JSON.stringify(analysis) });
  if (!updated) throw alreadyDecided(approval.id);
  const conv = await releaseReply(tx, deps, { conversation, message: updated, resolve: approval.resolve === 1, now });
  notifyAfterCommit(tx, deps.bus, [conversationEvent('conversation.updated', conv, now), messageEvent('message.updated', conv, updated, now)]);
  return { approval: decided, message: updated, conversation: conv, edited };
}

/** A supervisor rejects a held reply with a comment for the agent; nothing is ever sent. */
export async function rejectReply(deps: ReplyDeps, input: { approval: ReplyApproval; user: User; comment: string }): Promise<Decision> {
  const tx = deps.database;
  tx.assertTransaction();
  const { approval, user } = input;
  const comment = input.comment.trim();
  if (!comment) throw new InvalidRequestError('Say why the reply is rejected: the agent sees the comment on their message.', undefined, 'comment_required');
  const { message, conversation } = await load(tx, approval);
  const now = deps.clock.now();
  const decided = await decideApproval(tx, approval.id, { status: 'rejected', decidedBy: user.id, finalText: null, comment, now });
  if (!decided) throw alreadyDecided(approval.id);
  const summary: ApprovalSummary = {
    status: 'rejected',
    reasons: JSON.parse(approval.reasons) as string[],
    decidedBy: { userId: user.id, name: user.name },
    decidedAt: new Date(now).toISOString(),
    comment,
  };
  const analysis = { ...parseAnalysis(message), approval: summary };
  const updated = await updateHeldMessage(tx, message.id, { status: 'rejected', text: message.text, analysis: JSON.stringify(analysis) });
  if (!updated) throw alreadyDecided(approval.id);
  notifyAfterCommit(tx, deps.bus, [messageEvent('message.updated', conversation, updated, now)]);
  return { approval: decided, message: updated, conversation };
}
