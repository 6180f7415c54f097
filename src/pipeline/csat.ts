import type { Clock } from '../domain/clock.js';
import { DAY_MS } from '../domain/analytics.js';
import { parseCsatAnswer, resolveCsatSettings, surveyLanguage, type CsatSettings } from '../domain/csat.js';
import type { EventBus } from '../jobs/bus.js';
import type { JobQueue } from '../jobs/queue.js';
import { moduleLogger } from '../logger.js';
import type { ChannelRegistry } from '../channels/registry.js';
import type { Database } from '../store/db.js';
import type { ChannelAccount, Conversation, CsatSurvey, Message } from '../store/schema/index.js';
import { markAnalyticsDirty } from '../store/analytics.js';
import { claimSurvey, countSurveyMessage, csatSettingsOfWorkspaces, dueForSurvey, pendingSurveys, recordCsat, setSurveyMessage, type NewCsat } from '../store/csat.js';
import { insertMessage, latestInboundExternalId } from '../store/messages.js';
import { getChannelAccount } from '../store/workspaces.js';
import { conversationEvent, messageEvent, notifyAfterCommit } from './notify.js';
import { SEND_JOB, SEND_MAX_ATTEMPTS } from './reply.js';

const log = moduleLogger('csat');

/** Resolutions older than this past their delay are never surveyed (a worker that was down for long). */
const LOOKBACK_MS = 2 * DAY_MS;
const BATCH = 200;

export interface SurveyDeps {
  database: Database;
  clock: Clock;
  bus: EventBus;
  queue: JobQueue;
  channels: ChannelRegistry;
}

/**
 * The survey timer: for each workspace with surveys on, conversations resolved at least the
 * workspace's delay ago get the question as an outbound message through the outbound queue. Only
 * in private (a public post is never asked), only on the channels the workspace chose, and only
 * for conversations the brand answered. Returns the surveys sent.
 */
export async function sweepCsatSurveys(deps: SurveyDeps): Promise<number> {
  let sent = 0;
  for (const { workspaceId, stored } of await csatSettingsOfWorkspaces(deps.database)) {
    const settings = resolveCsatSettings(stored);
    if (!settings.enabled) continue;
    for (;;) {
      const now = deps.clock.now();
      const dueBy = now - settings.delayMinutes * 60_000;
      const due = await dueForSurvey(deps.database, workspaceId, {
        resolvedFrom: Math.max(dueBy - LOOKBACK_MS, settings.enabledAt ?? 0),
        resolvedTo: dueBy,
        channels: settings.channels,
        quietSince: now - settings.answerDays * DAY_MS,
        limit: BATCH,
      });
      const accounts = new Map<number, ChannelAccount | undefined>();
      for (const conv of due) {
        if (!accounts.has(conv.channel_account_id)) accounts.set(conv.channel_account_id, await getChannelAccount(deps.database, conv.channel_account_id));
        if (await sendSurvey(deps, conv, accounts.get(conv.channel_account_id), settings, now)) sent++;
      }
      if (due.length < BATCH) break;
    }
  }
  return sent;
}

/** One conversation's survey, in one transaction; false when it was skipped or another worker sent it. */
async function sendSurvey(deps: SurveyDeps, conv: Conversation, account: ChannelAccount | undefined, settings: CsatSettings, now: number): Promise<boolean> {
  const language = surveyLanguage(conv.language);
  const manifest = account ? deps.channels.forAccount(account)?.manifest : undefined;
  // Only where the channel has private replies and the account exists: never as a public post. (A
  // paused account's survey waits in the outbound queue, as its replies do.)
  const canCarry = !!account && account.status !== 'removed' && !!manifest?.private && conv.visibility === 'private';
  const text = settings.text[language];
  const fits = !manifest || manifest.textLimit === null || [...text].length <= manifest.textLimit;
  return deps.database.transaction(async (tx) => {
    const survey = await claimSurvey(tx, {
      workspaceId: conv.workspace_id,
      conversationId: conv.id,
      resolvedAt: conv.resolved_at!,
      status: canCarry && fits ? 'sent' : 'skipped',
      language,
      sentAt: now,
      expiresAt: now + settings.answerDays * DAY_MS,
    });
    if (!survey) return false;
    if (survey.status === 'skipped') {
      log.debug({ conversationId: conv.id, channel: conv.channel }, 'survey skipped: the channel cannot carry it privately');
      return false;
    }
    const message = await insertMessage(tx, {
      workspaceId: conv.workspace_id,
      conversationId: conv.id,
      channelAccountId: account!.id,
      direction: 'outbound',
      visibility: 'private',
      externalId: null,
      // Email: "Re:" the customer's last message, so the question lands in their thread.
      inReplyTo: await latestInboundExternalId(tx, conv.id),
      contactIdentityId: null,
      authorUserId: null,
      text,
      metrics: null,
      analysis: { csat: { survey: true, surveyId: survey.id } },
      deliveryStatus: 'queued',
      createdAt: now,
      receivedAt: now,
    });
    await setSurveyMessage(tx, survey.id, message.id);
    const updated = await countSurveyMessage(tx, conv, now, now);
    // The day's outbound message count changes.
    await markAnalyticsDirty(tx, [{ workspaceId: conv.workspace_id, at: now }]);
    await deps.queue.enqueue(tx, SEND_JOB, { messageId: message.id }, { maxAttempts: SEND_MAX_ATTEMPTS });
    notifyAfterCommit(tx, deps.bus, [messageEvent('message.created', updated, message, now), conversationEvent('conversation.updated', updated, now)]);
    return true;
  });
}

/** What the ingest batch needs to know of one of its messages. */
export interface BatchMessage {
  direction: 'inbound' | 'outbound';
  text: string;
  createdAt: number;
}

export interface SurveyAnswer {
  survey: CsatSurvey;
  score: number;
  /** The batch entry of the answer (the last one, when the customer sent several scores). */
  entry: number;
}

/**
 * Which stored conversations of an ingest batch got an answer to their survey: every message the
 * batch brings them is a score, sent before the survey expired. One query for the whole batch.
 * Anything else (a question, a thank-you with a score in it) is an ordinary message.
 */
export async function findSurveyAnswers(
  tx: Database,
  byConversation: ReadonlyMap<number, readonly number[]>,
  messageOf: (entry: number) => BatchMessage,
): Promise<Map<number, SurveyAnswer>> {
  const out = new Map<number, SurveyAnswer>();
  if (byConversation.size === 0) return out;
  // Only conversations the batch brings nothing but scores to are worth the query.
  const candidates = [...byConversation].filter(([, js]) => js.every((j) => messageOf(j).direction === 'inbound' && parseCsatAnswer(messageOf(j).text) !== null));
  if (candidates.length === 0) return out;
  const surveys = await pendingSurveys(tx, candidates.map(([id]) => id));
  for (const [id, js] of candidates) {
    const survey = surveys.get(id);
    if (!survey) continue;
    if (!js.every((j) => messageOf(j).createdAt >= survey.sent_at && messageOf(j).createdAt < survey.expires_at)) continue;
    const ordered = [...js].sort((a, b) => messageOf(a).createdAt - messageOf(b).createdAt || a - b);
    const last = ordered[ordered.length - 1]!;
    out.set(id, { survey, score: parseCsatAnswer(messageOf(last).text)!, entry: last });
  }
  return out;
}

/** Record a batch's answers: one insert for the scores, one update for their surveys. */
export async function recordSurveyAnswers(
  tx: Database,
  answers: readonly { answer: SurveyAnswer; conversation: Conversation; message: Message | undefined }[],
  now: number,
): Promise<void> {
  const rows: NewCsat[] = answers.map(({ answer, conversation, message }) => ({
    workspaceId: conversation.workspace_id,
    conversationId: conversation.id,
    resolvedAt: answer.survey.resolved_at,
    score: answer.score,
    source: 'survey',
    surveyId: answer.survey.id,
    messageId: message?.id ?? null,
    agentId: conversation.assignee_id,
    teamId: conversation.team_id,
    channel: conversation.channel,
    now,
  }));
  await recordCsat(tx, rows);
}
