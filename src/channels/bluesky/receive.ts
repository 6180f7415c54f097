import type { AppBskyFeedDefs } from '@atproto/api';
import { MAX_TEXT_BYTES, type MessageMetrics, type NormalizedMessage } from '../../domain/message.js';
import { InvalidRequestError } from '../../errors.js';
import type { ChannelAccount } from '../../store/schema/index.js';

/** The parts of an app.bsky.feed.post record Conversa reads; the rest is the network's business. */
interface PostRecord {
  text?: unknown;
  createdAt?: unknown;
  reply?: { root?: { uri?: unknown }; parent?: { uri?: unknown } };
}

/** Likes, shares (reposts and quotes) and replies of a post as the AppView counts them. */
export function postMetrics(post: Pick<AppBskyFeedDefs.PostView, 'likeCount' | 'repostCount' | 'quoteCount' | 'replyCount'>): MessageMetrics {
  return {
    likes: post.likeCount ?? 0,
    shares: (post.repostCount ?? 0) + (post.quoteCount ?? 0),
    replies: post.replyCount ?? 0,
  };
}

/**
 * A post (from a notification or a search) as the one message shape. The post's AT URI is its
 * external id; a reply names its parent (inReplyTo) and its thread's root (rootId), so it joins the
 * conversation of the post it answers. The author is the DID (handles change), with the handle,
 * display name and followers as the AppView reports them. Returns null for a record that is not a
 * readable post.
 */
export function postToMessage(
  post: Pick<AppBskyFeedDefs.PostView, 'uri' | 'author' | 'record' | 'indexedAt' | 'likeCount' | 'repostCount' | 'quoteCount' | 'replyCount'>,
  account: Pick<ChannelAccount, 'name'>,
  followers: number | null,
): NormalizedMessage | null {
  const record = post.record as PostRecord;
  if (!record || typeof record.text !== 'string') return null;
  const parent = typeof record.reply?.parent?.uri === 'string' ? record.reply.parent.uri : null;
  const root = typeof record.reply?.root?.uri === 'string' ? record.reply.root.uri : null;
  return {
    channel: 'bluesky',
    account: account.name,
    externalId: post.uri,
    author: {
      id: post.author.did,
      handle: post.author.handle,
      name: post.author.displayName?.trim() || null,
      followers,
    },
    text: cleanText(record.text),
    visibility: 'public',
    inReplyTo: parent,
    rootId: root ?? post.uri,
    createdAt: writtenAt(record.createdAt, post.indexedAt),
    metrics: postMetrics(post),
  };
}

/**
 * When the post was written: its own createdAt, which the author's client sets, unless it is
 * unreadable or later than the time the network saw the post (a wrong clock); then the latter.
 */
function writtenAt(createdAt: unknown, indexedAt: string): string {
  const seen = Date.parse(indexedAt);
  const claimed = typeof createdAt === 'string' ? Date.parse(createdAt) : NaN;
  if (Number.isFinite(claimed) && (!Number.isFinite(seen) || claimed <= seen)) return new Date(claimed).toISOString();
  return Number.isFinite(seen) ? new Date(seen).toISOString() : new Date(0).toISOString();
}

function cleanText(text: string): string {
  let out = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  if (Buffer.byteLength(out) > MAX_TEXT_BYTES) out = Buffer.from(out).subarray(0, MAX_TEXT_BYTES - 16).toString('utf8').replace(/\uFFFD+$/, '');
  return out || '(empty post)';
}

/** The stored event is already the normalized message (the poller built it); check its shape on replay. */
export function normalize(payload: unknown): NormalizedMessage {
  const m = payload as Partial<NormalizedMessage> | null;
  if (!m || typeof m !== 'object' || typeof m.externalId !== 'string' || !m.externalId.startsWith('at://') || typeof m.text !== 'string' || !m.author?.id) {
    throw new InvalidRequestError('The stored Bluesky event is not a normalized message.', undefined, 'invalid_bluesky_event');
  }
  return m as NormalizedMessage;
}
