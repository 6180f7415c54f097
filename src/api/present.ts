import type { Contact, ContactIdentity, Conversation, Message, Note, User, Workspace } from '../store/schema/index.js';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

function parseJson(s: string | null): unknown {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

export function presentIdentity(i: ContactIdentity) {
  return { id: i.id, channel: i.channel, externalId: i.external_id, handle: i.handle, name: i.name, followers: i.followers };
}

export function presentConversation(c: Conversation, extra: { labels?: string[]; contact?: ContactIdentity | null; account?: string } = {}) {
  return {
    id: c.id,
    status: c.status,
    channel: c.channel,
    channelAccountId: c.channel_account_id,
    account: extra.account,
    visibility: c.visibility,
    priority: c.priority,
    subject: c.subject,
    preview: c.preview,
    language: c.language,
    sentiment: c.sentiment,
    intent: c.intent,
    messageCount: c.message_count,
    assigneeId: c.assignee_id,
    teamId: c.team_id,
    contactId: c.contact_id,
    contact: extra.contact ? presentIdentity(extra.contact) : null,
    labels: extra.labels ?? [],
    snoozedUntil: iso(c.snoozed_until),
    lastMessageAt: iso(c.last_message_at),
    waitingSince: iso(c.waiting_since),
    firstInboundAt: iso(c.first_inbound_at),
    firstResponseAt: iso(c.first_response_at),
    firstResponseSeconds:
      c.first_inbound_at !== null && c.first_response_at !== null ? Math.round((c.first_response_at - c.first_inbound_at) / 1000) : null,
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at),
  };
}

export function presentMessage(m: Message, authors: { identity?: ContactIdentity; user?: Pick<User, 'id' | 'name'> } = {}) {
  return {
    id: m.id,
    conversationId: m.conversation_id,
    direction: m.direction,
    visibility: m.visibility,
    externalId: m.external_id,
    inReplyTo: m.in_reply_to,
    text: m.text,
    author: authors.user
      ? { type: 'user' as const, userId: authors.user.id, name: authors.user.name }
      : authors.identity
        ? { type: 'contact' as const, ...presentIdentity(authors.identity) }
        : { type: m.direction === 'outbound' ? ('brand' as const) : ('contact' as const) },
    metrics: parseJson(m.metrics),
    analysis: parseJson(m.analysis),
    delivery: { status: m.delivery_status, error: m.delivery_error, attempts: m.delivery_attempts },
    createdAt: iso(m.created_at),
    receivedAt: iso(m.received_at),
  };
}

export function presentNote(n: Note, author?: Pick<User, 'id' | 'name'>) {
  return {
    id: n.id,
    conversationId: n.conversation_id,
    author: author ? { userId: author.id, name: author.name } : { userId: n.author_user_id, name: null },
    /** Written by Conversa itself (a reassignment), not by a person. */
    system: n.author_user_id === null,
    text: n.text,
    mentions: parseJson(n.mentions),
    createdAt: iso(n.created_at),
  };
}

export function presentContact(c: Contact, identities: ContactIdentity[]) {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    identities: identities.map(presentIdentity),
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at),
  };
}

export function presentUser(u: User) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    locale: u.locale,
    timeZone: u.time_zone,
    available: u.available === 1,
    signature: u.signature ?? null,
    inTraining: u.in_training === 1,
    /** online | away | offline: routing gives new conversations to those online. */
    presence: u.presence,
    /** Most open conversations routing gives them at once; null: no limit. */
    capacity: u.capacity === null ? null : Number(u.capacity),
    createdAt: iso(u.created_at),
  };
}

/** The signed-in user, with what the web app needs to fill canned responses ({{brand.name}}). */
export function presentMe(u: User, workspace: Pick<Workspace, 'name'> | undefined) {
  return { ...presentUser(u), workspaceName: workspace?.name ?? null };
}
