import { AppBskyRichtextFacet, AtUri, RichText, XRPCError, type AtpAgent } from '@atproto/api';
import type { Clock } from '../../domain/clock.js';
import { moduleLogger } from '../../logger.js';
import { recordAccountError } from '../../store/channel-accounts.js';
import type { Database } from '../../store/db.js';
import { findMessageByExternalId } from '../../store/messages.js';
import type { ChannelAccount } from '../../store/schema/index.js';
import { PermanentSendError, RateLimitedSendError, retryAfterMs, type OutboundMessage, type SendResult } from '../types.js';
import { agentFor, describeFailure, failureKind, forgetSession } from './session.js';
import { resolveBlueskySettings, type ResolvedBlueskySettings } from './settings.js';

const log = moduleLogger('bluesky');

export const MAX_GRAPHEMES = 300;
const POST = 'app.bsky.feed.post';
/** A send retried after its answer was lost finds its own post among the brand's newest records. */
const RECENT_RECORDS = 25;
const RETRY_WINDOW_MS = 30 * 60_000;

/** What the sender needs to record the account's health; without it, failures only fail the message. */
export interface SendDeps {
  database: Database;
  clock: Clock;
}

interface StrongRef {
  uri: string;
  cid: string;
}

/**
 * Post the reply as the brand, in the customer's thread: reply.parent is the post it answers (its
 * cid fetched with getPosts), reply.root that post's root; @handles become mention facets (links
 * and tags too). The new post's AT URI is the reply's external id, so the customer's answer to it
 * joins the conversation. Refused credentials mark the account unhealthy and fail the message at
 * once (retrying cannot help until someone fixes the settings); a network that is down or busy is
 * retried by the outbound job.
 */
export async function send(message: OutboundMessage, account: ChannelAccount, deps?: SendDeps): Promise<SendResult> {
  const settings = resolveBlueskySettings(account);
  if ('missing' in settings) throw new PermanentSendError(settings.missing);
  if (message.visibility !== 'public') throw new PermanentSendError('Bluesky replies are public posts; direct messages are not supported.');
  const rt = new RichText({ text: message.text });
  if (rt.graphemeLength > MAX_GRAPHEMES) {
    throw new PermanentSendError(`The reply has ${rt.graphemeLength} graphemes; a Bluesky post allows ${MAX_GRAPHEMES}. Shorten it.`);
  }
  const parentUri = message.inReplyTo;
  if (!parentUri || !isPostUri(parentUri)) {
    throw new PermanentSendError('There is no Bluesky post in this conversation to reply to.');
  }
  try {
    const agent = await agentFor(account.id, settings);
    const { data } = await agent.getPosts({ uris: [parentUri] });
    const parent = data.posts[0];
    if (!parent) throw new PermanentSendError(`The post being answered (${parentUri}) was deleted or is not visible to ${settings.identifier}; the reply was not posted.`);
    const root = rootOf(parent.record) ?? { uri: parent.uri, cid: parent.cid };
    await rt.detectFacets(agent);
    // A mention of a handle that does not resolve comes back with an empty DID, which the PDS rejects.
    const facets = rt.facets?.filter((f) => f.features.every((x) => !AppBskyRichtextFacet.isMention(x) || x.did.startsWith('did:')));
    const again = deps ? await earlierAttempt(agent, deps, account.id, message.messageId, parent.uri, rt.text) : null;
    const uri =
      again ??
      (
        await agent.post({
          text: rt.text,
          ...(facets?.length ? { facets } : {}),
          reply: { root, parent: { uri: parent.uri, cid: parent.cid } },
          createdAt: new Date(deps?.clock.now() ?? Date.now()).toISOString(),
        })
      ).uri;
    if (again) log.info({ account: account.id, uri }, 'reply was already posted by an earlier attempt');
    return { externalId: uri };
  } catch (err) {
    if (err instanceof PermanentSendError) throw err;
    throw await sendFailure(err, account, settings, deps);
  }
}

async function sendFailure(err: unknown, account: ChannelAccount, settings: ResolvedBlueskySettings, deps?: SendDeps): Promise<Error> {
  const kind = failureKind(err);
  const text = describeFailure(err, settings);
  if (err instanceof XRPCError && err.status === 429) return new RateLimitedSendError(text, rateLimitWaitMs(err, deps?.clock.now() ?? Date.now()));
  if (kind === 'transient') return new Error(text, { cause: err });
  if (kind === 'auth') {
    forgetSession(account.id);
    // The outbound job records transient failures on the account itself; refused credentials fail
    // the message at once, so the account is marked unhealthy here.
    if (deps) await recordAccountError(deps.database, account.id, text, deps.clock.now()).catch(() => undefined);
  }
  return new PermanentSendError(text, { cause: err });
}

/** Bluesky says when its window resets (ratelimit-reset, epoch seconds); else Retry-After, else a minute. */
function rateLimitWaitMs(err: XRPCError, now: number): number {
  const reset = Number(err.headers?.['ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return Math.max(1000, reset * 1000 - now);
  return retryAfterMs(err.headers?.['retry-after'], now);
}

function isPostUri(uri: string): boolean {
  try {
    const u = new AtUri(uri);
    return u.collection === POST && !!u.rkey;
  } catch {
    return false;
  }
}

function rootOf(record: unknown): StrongRef | null {
  const root = (record as { reply?: { root?: { uri?: unknown; cid?: unknown } } } | null)?.reply?.root;
  return typeof root?.uri === 'string' && typeof root.cid === 'string' ? { uri: root.uri, cid: root.cid } : null;
}

/**
 * The brand's post with this text under this parent, written recently: a send whose answer was
 * lost (a timeout after the PDS stored it) is retried, and must not post twice. The PDS lists the
 * brand's own records at once, without waiting for the AppView.
 */
async function earlierAttempt(
  agent: AtpAgent,
  deps: SendDeps,
  accountId: number,
  messageId: number,
  parentUri: string,
  text: string,
): Promise<string | null> {
  const now = deps.clock.now();
  const { data } = await agent.com.atproto.repo.listRecords({ repo: agent.assertDid, collection: POST, limit: RECENT_RECORDS });
  for (const r of data.records) {
    const v = r.value as { text?: unknown; createdAt?: unknown; reply?: { parent?: { uri?: unknown } } };
    const at = typeof v.createdAt === 'string' ? Date.parse(v.createdAt) : NaN;
    if (v.text !== text || v.reply?.parent?.uri !== parentUri || !Number.isFinite(at) || now - at > RETRY_WINDOW_MS) continue;
    // The same words sent on purpose a second time belong to the other message: post again.
    const owner = await findMessageByExternalId(deps.database, accountId, r.uri);
    if (!owner || owner.id === messageId) return r.uri;
  }
  return null;
}
