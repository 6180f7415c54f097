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
  /** Replies of a user in training wait for a supervisor's approval. */
  inTraining?: boolean;
  /** Routing: online agents get new conversations; away ones keep theirs. */
  presence?: AgentPresence;
  /** Most open conversations routing gives them at once; null: no limit. */
  capacity?: number | null;
  skills?: AgentSkills;
}

export type AgentPresence = 'online' | 'away' | 'offline';

/** An agent with skills of a kind takes only conversations that match them. */
export interface AgentSkills {
  languages: string[];
  channels: string[];
  topics: string[];
}

/** GET /users/me/routing: what routing knows of you, and whether only the assignee may reply. */
export interface MyRouting {
  presence: AgentPresence;
  capacity: number | null;
  skills: AgentSkills;
  assigneeOnlyReply: boolean;
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
  /** The SLA clock that matters now; null when no policy applies (older servers leave it out). */
  sla?: ConversationSla | null;
  createdAt: string;
  updatedAt: string;
}

export type SlaState = 'ok' | 'warning' | 'breached' | 'paused' | 'met';
export type SlaTarget = 'firstResponse' | 'nextResponse' | 'resolution';

export interface ConversationSla {
  policy: { id: number; name: string | null };
  state: SlaState;
  target: SlaTarget | null;
  targetSeconds: number | null;
  /** Null while paused or met. */
  dueAt: string | null;
  warningAt: string | null;
}

export type EscalationRule =
  | { at: 'warning' | 'breach'; action: 'notify' }
  | { at: 'warning' | 'breach'; action: 'raisePriority'; priority: number }
  | { at: 'warning' | 'breach'; action: 'reassign'; to: 'agent' | 'team' };

export interface SlaPolicy {
  id: number;
  name: string;
  position: number;
  enabled: boolean;
  match: { channels: string[]; priorityAtLeast: number | null; priorityAtMost: number | null; intents: string[]; teamIds: number[] };
  firstResponseSeconds: number | null;
  nextResponseSeconds: number | null;
  resolutionSeconds: number | null;
  businessHoursId: number | null;
  escalations: EscalationRule[];
}

export type SlaPolicyInput = Omit<SlaPolicy, 'id' | 'position'> & { position?: number };

export interface BusinessHours {
  id: number;
  teamId: number;
  timeZone: string;
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
  /** Outbound replies: the reply guard's findings and, when it was held, the approval. */
  analysis?: { approval?: ApprovalSummary; guard?: { findings?: GuardFinding[]; overriddenBy?: number | null }; csat?: { survey?: boolean } } | null;
  /** Files the customer sent with it (the conversation view lists them; realtime frames do not). */
  attachments?: Attachment[];
}

export interface Attachment {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  contentId: string | null;
  sha256: string;
  /** Over the size limit: only the description was kept. */
  tooLarge: boolean;
  /** Download address; null when the file was too large to keep. */
  url: string | null;
}

export interface GuardFinding {
  check: string;
  severity: 'block' | 'warning';
  message: string;
}

/** What a held reply's message says about its approval (the thread shows it to the agent). */
export interface ApprovalSummary {
  status: ApprovalStatus;
  reasons: string[];
  decidedBy?: { userId: number; name: string };
  decidedAt?: string;
  comment?: string | null;
  /** The agent's text, when the supervisor changed it before approving. */
  originalText?: string;
}

export interface Note {
  id: number;
  conversationId?: number;
  author: { userId: number | null; name: string | null };
  /** Written by Conversa itself (an automatic reassignment). */
  system?: boolean;
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

/** Another contact, named in the panel (a possible duplicate). */
export interface ContactSummary {
  id: number;
  name: string | null;
  email: string | null;
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
  /** Replies waiting for approval: only for those who decide them. */
  approvals?: number;
  /** Open conversations at 75% or more of an SLA target, or past it. */
  slaAtRisk: number;
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
  presence?: AgentPresence;
  capacity?: number | null;
  skills?: AgentSkills;
  oldestWaiting: { conversationId: number; waitingSince: string; waitingSeconds: number } | null;
  resolvedToday: number;
}

export interface TeamOverview {
  generatedAt: string;
  todayStartsAt: string;
  items: AgentOverview[];
}

export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

export interface Approval {
  id: number;
  status: ApprovalStatus;
  reasons: string[];
  requestedBy: { userId: number; name: string | null } | null;
  createdAt: string;
  originalText: string;
  finalText: string | null;
  resolve: boolean;
  comment: string | null;
  decidedBy: { userId: number; name: string | null } | null;
  decidedAt: string | null;
  message: Message | null;
  conversation: Conversation | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { kind: 'user' | 'token' | 'system' | 'anonymous'; userId: number | null; name: string | null; email: string | null };
  action: string;
  subject: { type: string; id: number | null };
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

export type RealtimeEvent =
  | { type: 'ready' }
  | { type: 'presence'; conversationId: number; users: PresenceUser[] }
  | { type: 'pong' }
  | { type: 'conversation.created' | 'conversation.updated'; conversationId: number; conversation: Conversation }
  | { type: 'message.created' | 'message.updated'; conversationId: number; message: Message }
  | { type: 'note.created'; conversationId: number; note: Note }
  | { type: 'sla.alert'; conversationId: number; conversation: Conversation; alert: { threshold: 'warning' | 'breach'; target: SlaTarget; policy: { id: number; name: string }; dueAt: string | null } };
