import { appendAuditEvent } from '../../store/audit.js';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../domain/clock.js';
import { normalizePhone } from '../../domain/phone.js';
import { ConflictError, ConversaError, InvalidRequestError } from '../../errors.js';
import type { EventBus } from '../../jobs/bus.js';
import type { Ingestor } from '../../pipeline/ingest.js';
import { conversationEvent, notifyAfterCommit } from '../../pipeline/notify.js';
import { getCall, inboundEventByKey, insertCall, setCallMessageText, updateCall } from '../../store/calls.js';
import { attachIdentity, findContactByPhone, findIdentity, identitiesOf, resolveIdentities } from '../../store/contacts.js';
import { labelsOf, setLabels, updateConversation } from '../../store/conversations.js';
import type { Database } from '../../store/db.js';
import { markInboundProcessedMany, recordInboundEvents } from '../../store/inbound-events.js';
import { getMessage } from '../../store/messages.js';
import type { Call, CallOutcome, ChannelAccount, Contact, Conversation, User } from '../../store/schema/index.js';
import { conversationsByIds } from '../../store/threads.js';
import type { CallEvent } from './receive.js';
import { callerId, callMessage } from './message.js';
import { applyCallEvent, isFinal, needsCallBack, type CallEventFacts, type CallEventName } from './summary.js';

/** The label on a phone conversation that waits for the brand to call the customer. */
export const CALL_BACK_LABEL = 'call-back';

export interface CallDeps {
  database: Database;
  clock: Clock;
  bus: EventBus;
  ingestor: Ingestor;
}

export interface CallResult {
  call: Call;
  conversationId: number | null;
  messageId: number | null;
  /** The same event was received and processed before: nothing changed. */
  duplicate: boolean;
}

/**
 * Tie a number to the contact that already has it (a WhatsApp chat, a profile's phone), so a call
 * joins that customer's history; a number nobody has gets a contact of its own.
 */
async function identityForNumber(tx: Database, workspaceId: number, author: { id: string; e164: string | null }, now: number) {
  const known = await findIdentity(tx, workspaceId, 'phone', author.id);
  if (known) return known;
  const owner = author.e164 ? await findContactByPhone(tx, workspaceId, author.e164) : undefined;
  if (owner !== undefined) return attachIdentity(tx, { workspaceId, contactId: owner, channel: 'phone', externalId: author.id, handle: author.e164 }, now);
  const resolved = await resolveIdentities(tx, workspaceId, 'phone', [{ id: author.id, handle: author.e164, phone: author.e164 }], now);
  return resolved.get(author.id)!;
}

/**
 * One event from a telephony provider. The raw event is in the inbound log before anything else
 * (a replay of a processed event changes nothing); ringing and answered only update the call; an
 * event that ends the call puts it in the customer's history, and a missed call or a voicemail
 * leaves the conversation open, labelled for a call back.
 */
export async function recordCallEvent(deps: CallDeps, account: ChannelAccount, event: CallEvent, rawBody: string): Promise<CallResult> {
  const { database, clock } = deps;
  const now = clock.now();
  const dedupeKey = `event:${event.callId}:${event.event}`;
  const occurredAt = Date.parse(event.occurredAt);
  if (!Number.isFinite(occurredAt)) throw new InvalidRequestError('occurredAt must be an ISO 8601 date-time, e.g. 2026-11-20T10:00:00Z.');
  const author = callerId(event.direction === 'inbound' ? event.from : event.to, event.callId);
  const facts: CallEventFacts = {
    event: event.event as CallEventName,
    durationSeconds: event.durationSeconds,
    recordingUrl: event.recordingUrl,
    transcript: event.transcript,
    occurredAt,
  };

  const first = await database.transaction(async (tx) => {
    const recorded = await recordInboundEvents(
      tx,
      [{ workspaceId: account.workspace_id, channelAccountId: account.id, dedupeKey, payload: rawBody }],
      now,
    );
    let eventId = recorded.get(`${account.id}\u0000${dedupeKey}`);
    if (eventId === undefined) {
      const prior = await inboundEventByKey(tx, account.id, dedupeKey);
      if (prior?.status === 'processed') {
        const call = await getCall(tx, account.id, event.callId);
        // Processed, but the call never reached its message (a crash between the steps): finish it.
        const unfinished = call && isFinal(call.state) && call.message_id === null;
        return { duplicate: !unfinished, call, eventId: null as number | null, contactId: call?.contact_id ?? null };
      }
      // Stored by an attempt that did not finish: this retry does the work.
      eventId = prior?.id;
    }
    const identity = await identityForNumber(tx, account.workspace_id, author, now);
    const existing = await getCall(tx, account.id, event.callId);
    let call: Call;
    if (existing) {
      call = await updateCall(tx, existing.id, { ...applyCallEvent(existing, facts), contact_id: existing.contact_id ?? identity.contactId }, now);
    } else {
      const r = await insertCall(tx, {
        workspace_id: account.workspace_id,
        channel_account_id: account.id,
        call_id: event.callId,
        source: 'provider',
        direction: event.direction,
        from_number: normalizePhone(event.from) ?? (event.from || null),
        to_number: normalizePhone(event.to) ?? (event.to || null),
        note: null,
        contact_id: identity.contactId,
        message_id: null,
        logged_by: null,
        created_at: now,
        updated_at: now,
        ...applyCallEvent(null, facts),
      });
      // Another event of this call was inserted meanwhile: fold this one into it.
      call = r.inserted ? r.call : await updateCall(tx, r.call.id, applyCallEvent(r.call, facts), now);
    }
    // A call still in progress has nothing more to do: its event is done with the call's row.
    if (!isFinal(call.state) && eventId !== undefined) {
      await markInboundProcessedMany(tx, [eventId], now);
      return { duplicate: false, call, eventId: null, contactId: identity.contactId };
    }
    return { duplicate: false, call, eventId: eventId ?? null, contactId: identity.contactId };
  });

  if (first.duplicate || !first.call) {
    if (!first.call) throw new ConversaError('processing_failed', 500, 'The event was stored but its call is missing; send it again.');
    const message = first.call.message_id ? await getMessage(database, first.call.message_id) : undefined;
    return { call: first.call, messageId: first.call.message_id, conversationId: message?.conversation_id ?? null, duplicate: true };
  }
  if (!isFinal(first.call.state)) return { call: first.call, messageId: null, conversationId: null, duplicate: false };
  return finishCall(deps, account, first.call, { id: author.id, phone: author.e164 }, first.contactId, first.eventId);
}

/**
 * Put a finished call in the customer's history: its message through the pipeline (threaded into
 * the customer's phone conversation, understood, routed), then the call linked to it and the
 * conversation left the way the call leaves it.
 */
async function finishCall(
  deps: CallDeps,
  account: ChannelAccount,
  call: Call,
  author: { id: string; phone: string | null; name?: string | null },
  contactId: number | null,
  eventId: number | null,
): Promise<CallResult> {
  const { database, clock, bus } = deps;
  const message = callMessage(account, call, author);
  const [outcome] = await deps.ingestor.ingestMany([{ account, message }]);
  if (!outcome || outcome.error || outcome.messageId === null || outcome.conversationId === null) {
    throw new ConversaError('processing_failed', 500, 'The call was stored but could not be added to the conversation yet; send the event again.');
  }
  const now = clock.now();
  const { messageId, conversationId } = outcome;
  const linked = await database.transaction(async (tx) => {
    const current = (await getCall(tx, account.id, call.call_id))!;
    const updated = await updateCall(tx, current.id, { message_id: messageId }, now);
    // A later event of a call already in the history (a voicemail's transcript) rewrites its message.
    if (outcome.duplicate) await setCallMessageText(tx, messageId, message.text);
    const conv = (await conversationsByIds(tx, [conversationId])).get(conversationId)!;
    const patch = afterCall(conv, updated.outcome, contactId);
    await updateConversation(tx, conv.id, patch, now);
    const labels = (await labelsOf(tx, [conv.id])).get(conv.id) ?? [];
    const wanted = needsCallBack(updated.outcome)
      ? [...new Set([...labels, CALL_BACK_LABEL])]
      : labels.filter((l) => l !== CALL_BACK_LABEL);
    if (wanted.length !== labels.length) await setLabels(tx, conv.workspace_id, conv.id, wanted);
    if (eventId !== null) await markInboundProcessedMany(tx, [eventId], now);
    notifyAfterCommit(tx, bus, [conversationEvent('conversation.updated', { ...conv, ...patch, updated_at: now }, now)]);
    return updated;
  });
  return { call: linked, messageId, conversationId, duplicate: false };
}

/** A call that was answered settles the conversation; one that was not leaves it open for a call back. */
function afterCall(conv: Conversation, outcome: CallOutcome | null, contactId: number | null): Partial<Pick<Conversation, 'status' | 'snoozed_until' | 'contact_id'>> {
  const patch: Partial<Pick<Conversation, 'status' | 'snoozed_until' | 'contact_id'>> = needsCallBack(outcome)
    ? { status: 'open', snoozed_until: null }
    : { status: 'resolved', snoozed_until: null };
  // The pipeline ties only a customer's own messages to a contact; an outbound call is the brand's.
  if (conv.contact_id === null && contactId !== null) patch.contact_id = contactId;
  return patch;
}

export interface LogCallInput {
  user: User;
  contact: Contact;
  account: ChannelAccount;
  direction: 'inbound' | 'outbound';
  outcome: CallOutcome;
  durationSeconds?: number;
  note?: string;
  occurredAt?: number;
  phone?: string;
}

/**
 * A call an agent made or took, written down on the contact: it joins the contact's phone
 * conversation (one per customer) as a message with the call's details.
 */
export async function logCall(deps: CallDeps, input: LogCallInput): Promise<CallResult> {
  const { database, clock } = deps;
  const { contact, account } = input;
  const now = clock.now();
  const callId = `logged-${randomUUID()}`;
  const setup = await database.transaction(async (tx) => {
    const author = await numberForLoggedCall(tx, contact, input.phone, now);
    const { call } = await insertCall(tx, {
      workspace_id: account.workspace_id,
      channel_account_id: account.id,
      call_id: callId,
      source: 'logged',
      direction: input.direction,
      state: 'logged',
      outcome: input.outcome,
      from_number: input.direction === 'inbound' ? author.phone : null,
      to_number: input.direction === 'outbound' ? author.phone : null,
      duration_seconds: input.durationSeconds ?? null,
      recording_url: null,
      transcript: null,
      note: input.note?.trim() || null,
      contact_id: contact.id,
      message_id: null,
      logged_by: input.user.id,
      started_at: input.occurredAt ?? now,
      created_at: now,
      updated_at: now,
    });
    // The agent's action, audited with the call it wrote (the conversation part follows through the pipeline).
    await appendAuditEvent(tx, {
      workspaceId: account.workspace_id,
      actorUserId: input.user.id,
      actorKind: 'user',
      action: 'call.log',
      subjectType: 'contact',
      subjectId: contact.id,
      after: { callId: call.id, direction: call.direction, outcome: call.outcome, durationSeconds: call.duration_seconds, note: call.note },
      createdAt: now,
    });
    return { call, author };
  });
  return finishCall(deps, account, setup.call, { ...setup.author, name: contact.name }, contact.id, null);
}

/**
 * The number a logged call is filed under: the one the agent gave (which must not be another
 * contact's), else the contact's known phone identity or profile phone, else the contact itself.
 */
async function numberForLoggedCall(tx: Database, contact: Contact, phone: string | undefined, now: number) {
  const workspaceId = contact.workspace_id;
  if (phone !== undefined) {
    const e164 = normalizePhone(phone);
    if (!e164) {
      throw new InvalidRequestError(
        `"${phone}" is not a phone number Conversa can match: write it with its country code, e.g. +34 600 111 222.`,
        undefined,
        'invalid_phone',
      );
    }
    const owner = (await findIdentity(tx, workspaceId, 'phone', e164)) ?? (await findIdentity(tx, workspaceId, 'whatsapp', e164.slice(1)));
    if (owner && owner.contactId !== contact.id) {
      throw new ConflictError(
        `${e164} belongs to contact ${owner.contactId}. Log the call on that contact, or merge the two contacts first.`,
        'phone_belongs_to_other_contact',
      );
    }
    await attachIdentity(tx, { workspaceId, contactId: contact.id, channel: 'phone', externalId: e164, handle: e164 }, now);
    return { id: e164, phone: e164 };
  }
  const known = (await identitiesOf(tx, [contact.id])).find((i) => i.channel === 'phone');
  if (known) return { id: known.external_id, phone: normalizePhone(known.external_id) };
  const fromProfile = normalizePhone(contact.phone);
  if (fromProfile) {
    const r = await attachIdentity(tx, { workspaceId, contactId: contact.id, channel: 'phone', externalId: fromProfile, handle: fromProfile }, now);
    if (r.contactId === contact.id) return { id: fromProfile, phone: fromProfile };
  }
  // No number known: the contact's own key still keeps its calls in one conversation.
  const own = `contact:${contact.id}`;
  await attachIdentity(tx, { workspaceId, contactId: contact.id, channel: 'phone', externalId: own }, now);
  return { id: own, phone: null };
}
