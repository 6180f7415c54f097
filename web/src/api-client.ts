import type { CannedResponse, ChannelAccount, Contact, ContactSummary, Conversation, ConversationDetail, ConversationStatus, Counts, LabelCount, Message, Note, Team, TeamOverview, User, Visibility } from './types.js';
import type { Approval, ApprovalStatus, AuditEntry, BusinessHours, SlaPolicy, SlaPolicyInput } from './types.js';
import type { AgentPresence, MyRouting } from './types.js';

/** The server's error shape, kept whole so the UI can pick words by code. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const BASE = '/api/v1';

let onUnauthenticated: (() => void) | null = null;

/** A session can end under any request (expired, signed out elsewhere): one place sends the user to sign in. */
export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  onUnauthenticated = fn;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'network', (err as Error).message);
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && path !== '/auth/login' && path !== '/me') onUnauthenticated?.();
    const e = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? `${res.status} ${res.statusText}`);
  }
  return data as T;
}

export interface ListParams {
  status?: ConversationStatus[];
  assignee?: 'me' | 'none' | number;
  team?: number;
  channel?: string;
  label?: string;
  intent?: string;
  q?: string;
  /** Only conversations whose SLA clock is at 75% of its target or past it. */
  sla?: 'at_risk';
  order?: 'newest' | 'priority' | 'waiting' | 'sla';
  cursor?: string | null;
  limit?: number;
}

export function listQuery(p: ListParams): string {
  const qs = new URLSearchParams();
  if (p.status?.length) qs.set('status', p.status.join(','));
  if (p.assignee !== undefined) qs.set('assignee', String(p.assignee));
  if (p.team !== undefined) qs.set('team', String(p.team));
  if (p.channel) qs.set('channel', p.channel);
  if (p.label) qs.set('label', p.label);
  if (p.intent) qs.set('intent', p.intent);
  if (p.q) qs.set('q', p.q);
  if (p.sla) qs.set('sla', p.sla);
  if (p.order) qs.set('order', p.order);
  if (p.cursor) qs.set('cursor', p.cursor);
  qs.set('limit', String(p.limit ?? 50));
  return qs.toString();
}

export interface AuditParams {
  actor?: number;
  action?: string;
  subjectType?: string;
  subjectId?: number;
  /** ISO date-times. */
  from?: string;
  to?: string;
  q?: string;
  cursor?: string | null;
  limit?: number;
  format?: 'csv';
}

export function auditQuery(p: AuditParams): string {
  const qs = new URLSearchParams();
  if (p.actor !== undefined) qs.set('actor', String(p.actor));
  if (p.action) qs.set('action', p.action);
  if (p.subjectType) qs.set('subjectType', p.subjectType);
  if (p.subjectId !== undefined) qs.set('subjectId', String(p.subjectId));
  if (p.from) qs.set('from', p.from);
  if (p.to) qs.set('to', p.to);
  if (p.q) qs.set('q', p.q);
  if (p.cursor) qs.set('cursor', p.cursor);
  if (p.format) qs.set('format', p.format);
  else qs.set('limit', String(p.limit ?? 50));
  return qs.toString();
}

/** The CSV export is a plain link: the browser downloads it with the session cookie. */
export function auditCsvUrl(p: AuditParams): string {
  return `${BASE}/audit?${auditQuery({ ...p, cursor: null, format: 'csv' })}`;
}

export const slaApi = {
  policies: () => request<{ items: SlaPolicy[] }>('GET', '/sla-policies'),
  create: (body: SlaPolicyInput) => request<{ slaPolicy: SlaPolicy }>('POST', '/sla-policies', body),
  update: (id: number, body: Partial<SlaPolicyInput>) => request<{ slaPolicy: SlaPolicy }>('PATCH', `/sla-policies/${id}`, body),
  remove: (id: number) => request<null>('DELETE', `/sla-policies/${id}`),
  businessHours: () => request<{ items: BusinessHours[] }>('GET', '/business-hours'),
};

export const approvalsApi = {
  list: (status: ApprovalStatus) => request<{ items: Approval[]; nextCursor: string | null }>('GET', `/approvals?status=${status}&limit=100`),
  approve: (id: number, body: { text?: string; allowBlocked?: boolean }) => request<{ approval: Approval }>('POST', `/approvals/${id}/approve`, body),
  reject: (id: number, comment: string) => request<{ approval: Approval }>('POST', `/approvals/${id}/reject`, { comment }),
};

export const api = {
  login: (email: string, password: string) => request<{ user: User }>('POST', '/auth/login', { email, password }),
  logout: () => request<{ ok: boolean }>('POST', '/auth/logout', {}),
  me: () => request<{ user: User }>('GET', '/me'),
  updateMe: (patch: Partial<Pick<User, 'name' | 'timeZone' | 'available' | 'signature'>> & { locale?: 'en' | 'es' }) => request<{ user: User }>('PATCH', '/me', patch),
  conversations: (p: ListParams) => request<{ items: Conversation[]; nextCursor: string | null }>('GET', `/conversations?${listQuery(p)}`),
  counts: () => request<Counts>('GET', '/conversations/counts'),
  conversation: (id: number) => request<ConversationDetail>('GET', `/conversations/${id}`),
  reply: (id: number, body: { text: string; visibility?: Visibility; resolve?: boolean }) =>
    request<{ message: Message; conversation: Conversation }>('POST', `/conversations/${id}/replies`, body),
  note: (id: number, text: string) => request<{ note: Note }>('POST', `/conversations/${id}/notes`, { text }),
  assign: (id: number, body: { assigneeId?: number | null; teamId?: number | null }) =>
    request<{ conversation: Conversation }>('POST', `/conversations/${id}/assign`, body),
  status: (id: number, status: ConversationStatus, snoozedUntil?: string) =>
    request<{ conversation: Conversation }>('POST', `/conversations/${id}/status`, snoozedUntil ? { status, snoozedUntil } : { status }),
  labels: (id: number, labels: string[]) => request<{ conversation: Conversation }>('PUT', `/conversations/${id}/labels`, { labels }),
  users: () => request<{ items: User[] }>('GET', '/users'),
  teams: () => request<{ items: Team[] }>('GET', '/teams'),
  channelAccounts: () => request<{ items: ChannelAccount[] }>('GET', '/channel-accounts'),
  labelCounts: () => request<{ items: LabelCount[] }>('GET', '/labels'),
  cannedResponses: () => request<{ items: CannedResponse[] }>('GET', '/canned-responses'),
  contact: (id: number) => request<{ contact: Contact; conversations: Conversation[]; sameEmail: ContactSummary[] }>('GET', `/contacts/${id}`),
  mergeContact: (targetId: number, sourceId: number) => request<{ contact: Contact }>('POST', `/contacts/${targetId}/merge`, { sourceId }),
  teamOverview: () => request<TeamOverview>('GET', '/team/overview'),
  myRouting: () => request<MyRouting>('GET', '/users/me/routing'),
  setPresence: (presence: AgentPresence) => request<{ user: User }>('PUT', '/users/me/presence', { presence }),
  audit: (p: AuditParams) => request<{ items: AuditEntry[]; nextCursor: string | null }>('GET', `/audit?${auditQuery(p)}`),
};
