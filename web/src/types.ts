export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export type Visibility = 'public' | 'private';

export interface User {
  id: number;
  email: string;
  name: string;
  role: string;
  locale: string | null;
  timeZone: string | null;
  available: boolean;
  signature?: string | null;
  /** The workspace's name: {{brand.name}} in canned responses. Only on the signed-in user. */
  workspaceName?: string | null;
}

export interface Identity {
  id?: number;
  channel: string;
  handle: string | null;
  name: string | null;
  followers: number | null;
}

export interface Conversation {
  id: number;
  status: ConversationStatus;
  channel: string;
  visibility: Visibility;
  priority: number;
  subject: string | null;
  preview: string | null;
  language: string | null;
  sentiment: string | null;
  intent: string | null;
  messageCount: number;
  assigneeId: number | null;
  teamId: number | null;
  contactId: number | null;
  contact: Identity | null;
  labels: string[];
  snoozedUntil: string | null;
  lastMessageAt: string | null;
  waitingSince: string | null;
  firstResponseSeconds: number | null;
  createdAt: string;
  updatedAt: string;
}

export type MessageAuthor =
  | ({ type: 'contact' } & Partial<Identity>)
  | { type: 'user'; userId: number; name: string | null }
  | { type: 'brand' };

export interface Message {
  id: number;
  conversationId?: number;
  direction: 'inbound' | 'outbound';
  visibility: Visibility;
  text: string;
  author: MessageAuthor;
  delivery: { status: string | null; error: string | null; attempts: number | null };
  createdAt: string;
  inReplyTo: string | null;
}

export interface Note {
  id: number;
  conversationId?: number;
  author: { userId: number; name: string | null };
  text: string;
  createdAt: string;
}

export interface Contact {
  id: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  identities: Identity[];
}

export interface ConversationDetail {
  conversation: Conversation;
  messages: Message[];
  notes: Note[];
  contact: Contact | null;
}

export interface Counts {
  /** Open conversations per channel. */
  channels?: Record<string, number>;
  mine: number;
  unassigned: number;
  open: number;
  pending: number;
  snoozed: number;
  resolved: number;
  /** Open conversations classed as complaints. */
  complaints: number;
  /** Open conversations waiting on the brand. */
  waiting: number;
}

export interface CannedResponse {
  id: number;
  shortcut: string;
  title: string;
  text: string;
  language: 'es' | 'en' | null;
  teamId: number | null;
}

export interface Team {
  id: number;
  name: string;
  memberIds: number[];
}

export interface ChannelAccount {
  id: number;
  channel: string;
  name: string;
  displayName: string | null;
}

export type PresenceState = 'viewing' | 'typing';

export interface PresenceUser {
  userId: number;
  name: string;
  state: PresenceState;
}

export interface LabelCount {
  label: string;
  open: number;
}

export interface AgentOverview {
  userId: number;
  name: string;
  email: string;
  role: string;
  online: boolean;
  available: boolean;
  openAssigned: number;
  oldestWaiting: { conversationId: number; waitingSince: string; waitingSeconds: number } | null;
  resolvedToday: number;
}

export interface TeamOverview {
  generatedAt: string;
  todayStartsAt: string;
  items: AgentOverview[];
}

export type RealtimeEvent =
  | { type: 'ready' }
  | { type: 'presence'; conversationId: number; users: PresenceUser[] }
  | { type: 'pong' }
  | { type: 'conversation.created' | 'conversation.updated'; conversationId: number; conversation: Conversation }
  | { type: 'message.created' | 'message.updated'; conversationId: number; message: Message }
  | { type: 'note.created'; conversationId: number; note: Note };
